"""tunix-rt: a workbench for reasoning traces and the models fine-tuned on them."""

__version__ = "0.1.0"
