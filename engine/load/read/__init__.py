"""Stage 1a — reading: YAML with positions and bounded cost, includes kept home, one verdict
on what a file is (scenario, variant, shared part), the shipped catalogue."""
