"""sessie-tui: run a live intervision session (intervisie) from the terminal."""

__version__ = "0.1.0"
