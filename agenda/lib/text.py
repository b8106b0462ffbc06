"""Text as every input stores it: no control characters, line breaks only where text may break.

A title sent with a newline breaks an ICS line and a heading; a NUL stored on SQLite stops a
move to PostgreSQL. Every reader of outside text (page files, forms, tables) goes through these.
"""

from __future__ import annotations

import re

# C0 and C1 control characters other than tab, line feed and carriage return.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_BLANKS = re.compile(r"[ \t\n]+")


def single_line(text: object) -> str:
    """One line: controls dropped, line breaks and tabs as spaces, spaces folded, stripped."""
    if text is None:
        return ""
    value = str(text)
    if value.isprintable() and "  " not in value:
        return value.strip()  # most values: no control, no line break, tab nor double space
    value = _LINE_BREAKS.sub("\n", _CONTROLS.sub("", value))
    return _BLANKS.sub(" ", value).strip()


def multi_line(text: object) -> str:
    """Paragraphs: controls dropped, every kind of line break written `\\n`."""
    if text is None:
        return ""
    value = str(text)
    if value.isprintable():  # no control character, no line break: nothing to change
        return value
    return _LINE_BREAKS.sub("\n", _CONTROLS.sub("", value))


def nul_position(text: str) -> int | None:
    """Where the first NUL is, refused everywhere (PostgreSQL cannot store it)."""
    position = text.find("\x00")
    return None if position < 0 else position


def normalise_form_text(form) -> None:
    """Make every text field of a Django form store `single_line` text (`multi_line` for a
    textarea), whatever a hand-made POST sends. A NUL is left for Django's own validator,
    which refuses it with a message."""
    from django import forms

    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
            continue
        if isinstance(field.widget, forms.Textarea):
            field.to_python = _normalised(field.to_python, multi_line)
        elif field.strip:  # not a password, whose spaces are its own
            field.to_python = _normalised(field.to_python, single_line)


def _normalised(to_python, normalise):
    def wrapped(value):
        value = to_python(value)
        if not isinstance(value, str) or nul_position(value) is not None:
            return value
        return normalise(value) if value else value

    return wrapped
