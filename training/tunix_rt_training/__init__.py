"""Training side of tunix-rt: runs in worker child processes, never imports the web stack."""

__version__ = "0.1.0"
