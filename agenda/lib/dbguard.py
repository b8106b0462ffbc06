"""The database's last line: no text PostgreSQL refuses is ever written, on any engine.

PostgreSQL refuses the NUL character (U+0000) in text and in JSON, and no engine can store a
lone surrogate (it is not UTF-8). SQLite takes NUL silently, so a database that works on SQLite
would then fail to move to PostgreSQL. Forms and importers normalise text and name the field;
this guard, installed on every connection (`install()`, from the events app), refuses whatever
still gets through — from any path: ORM, raw SQL, loaddata, restore — with one error on every
engine, before the statement runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

from django.db import DataError, connections
from django.db.backends.signals import connection_created

JSON_NUL = re.compile(r"\\u0000", re.I)


class RefusedText(DataError):
    """Text with a character the database cannot keep; says which value and where."""


def install() -> None:
    connection_created.connect(_on_connection, dispatch_uid="agenda-dbguard")
    for connection in connections.all(initialized_only=True):
        _on_connection(None, connection)


def _on_connection(sender, connection, **kwargs) -> None:
    if refuse_unstorable_text not in connection.execute_wrappers:
        connection.execute_wrappers.append(refuse_unstorable_text)


def refuse_unstorable_text(execute: Callable, sql: str, params, many: bool, context: dict):
    rows = params if many else [params]
    for row in rows or ():
        for position, value in _values(row):
            problem = unstorable(value)
            if problem:
                raise RefusedText(f"{problem} (paramètre {position} de : {sql[:80]}…)")
    try:
        return execute(sql, params, many, context)
    except UnicodeEncodeError as error:  # a lone surrogate the driver could not encode
        raise RefusedText(f"texte qui n’est pas de l’Unicode valide : {error.reason}") from None


def unstorable(value: object) -> str:
    """Why a value cannot be stored on every engine ("" when it can)."""
    if isinstance(value, str):
        if "\x00" in value:
            return f"caractère NUL (U+0000) refusé dans « {_excerpt(value)} »"
        if JSON_NUL.search(value) and _json_holds_nul(value):
            return f"caractère NUL (\\u0000) refusé dans le JSON « {_excerpt(value)} »"
        return ""
    if isinstance(value, list | tuple):  # arrays: PostgreSQL's bulk inserts use UNNEST
        return next(filter(None, map(unstorable, value)), "")
    adapted = getattr(value, "obj", None)  # psycopg's Jsonb(obj) for JSON fields
    if type(value).__name__ in ("Jsonb", "Json") and _holds_nul(adapted):
        return f"caractère NUL (U+0000) refusé dans le JSON « {_excerpt(str(adapted))} »"
    return ""


def _values(row) -> Iterable[tuple[object, object]]:
    if isinstance(row, dict):
        return row.items()
    if isinstance(row, list | tuple):
        return enumerate(row, start=1)
    return ()


def _json_holds_nul(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False  # plain text that merely shows the escape
    return _holds_nul(data)


def _holds_nul(data: object) -> bool:
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(_holds_nul(key) or _holds_nul(value) for key, value in data.items())
    if isinstance(data, list | tuple):
        return any(_holds_nul(item) for item in data)
    return False


def _excerpt(value: str) -> str:
    shown = value.replace("\x00", "␀")
    return shown if len(shown) <= 60 else shown[:57] + "…"
