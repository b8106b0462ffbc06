"""Cells of tables meant for spreadsheets (the registrants' export, the open data).

A cell starting with = + - @ (or a tab or carriage return) would be read as a formula by
Excel or LibreOffice (CSV injection): it gets a leading apostrophe, shown as text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
