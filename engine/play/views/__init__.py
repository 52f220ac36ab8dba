"""What an actor may know and how it is shown: views, seats, determinisation,
standings, effect text and encodings.
"""
