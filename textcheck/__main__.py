"""Entry point for ``python -m textcheck``."""

from textcheck.cli import main

main()
