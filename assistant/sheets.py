"""What goes into a spreadsheet: cells that a spreadsheet will not run as formulas (the Good practices export, the
Questions report's CSV, both with text that readers typed or documents hold)."""

from __future__ import annotations


def cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
