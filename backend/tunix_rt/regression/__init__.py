"""Regression baselines and the checks that gate promotions."""
