"""textcheck: what governments claim in answer to petitions, and where they disagree."""

__version__ = "0.1.0"
