"""Ranking models by one judge's score on one dataset split."""
