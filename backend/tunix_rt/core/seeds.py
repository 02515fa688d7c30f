"""The seeds every part accepts: NumPy refuses negative ones and JAX keys hold 32 bits."""

SEED_MAX = 2**32 - 1
