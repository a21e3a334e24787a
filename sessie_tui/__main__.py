"""`python -m sessie_tui` is the `sessie-tui` command."""

from .cli import main

main()
