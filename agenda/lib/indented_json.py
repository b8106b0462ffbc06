"""`json.dumps(value, ensure_ascii=False, indent=2)`, the same text ~2x faster.

With `indent`, the standard library leaves its C encoder for a pure-Python one (Python 3.11);
each event's `.jsonld` file is written that way. Here the layout is joined around the C
string encoder; what this does not write itself (non-finite floats, keys other than text,
types json asks `default` about, cycles) goes to `json.dumps`, errors included.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring  # the C one when available, as json.dumps uses
from typing import Any

INDENT = "  "


class _Unsupported(Exception):
    """A value left to json.dumps."""


def dumps_indented(value: Any) -> str:
    try:
        return _dump(value, "\n")
    except (_Unsupported, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2)


def _dump(value: Any, newline: str) -> str:
    """`value` written at the indentation `newline` opens (its items one level deeper)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    inner = newline + INDENT
    if kind is dict:
        if not value:
            return "{}"
        parts = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported  # json turns numbers, booleans and None into text keys
            text = encode_basestring(item) if type(item) is str else _dump(item, inner)
            parts.append(f"{inner}{encode_basestring(key)}: {text}")
        return "{" + ",".join(parts) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[" + ",".join([inner + _dump(item, inner) for item in value]) + newline + "]"
    return _other(value, newline)


def _other(value: Any, newline: str) -> str:
    """In json's order: subclasses of text, then constants and numbers."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Unsupported
        return float.__repr__(value)
    raise _Unsupported  # subclasses of list or dict too: json walks them its own way
