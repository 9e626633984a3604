"""Where texts come from: the one HTTP seam and pure parsers of what it fetches."""
