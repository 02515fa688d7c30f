"""Importing this registers every kind's worker-side handler."""
