"""Expressions: conditions and formulas parsed once, typed, compiled to closures (the
reference) and generated as Python code; what each reads, for the watched fast paths."""
