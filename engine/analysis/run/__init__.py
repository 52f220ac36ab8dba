"""Playing many games: playouts, batches, the backends and cluster that run them,
and their records.
"""
