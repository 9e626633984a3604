"""Row counts of a SQLite file, for tests that assert what a command stored or left alone."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def table_rows(db: Path) -> dict[str, int]:
    """Rows of every table in a SQLite file (an absent file holds none)."""
    if not db.exists():
        return {}
    with sqlite3.connect(db) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: int(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
            for table in tables
        }
