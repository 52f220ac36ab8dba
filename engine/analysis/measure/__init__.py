"""Turning games into numbers: intervals, win probabilities, paired comparisons,
sweeps and ablations.
"""
