"""Files of a publication (agenda/site/publishing.py): each written only when its bytes change,
atomically (a temporary file renamed over the old one), and the report of what was done."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from agenda.feeds.registry import Document, Feed, Page
from agenda.lib.french import compte

STATE = ".publication"


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    full: bool = False

    def add(self, other: Report) -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed
        self.full = self.full or other.full

    def summary(self) -> str:
        kind = "complète" if self.full else "partielle"
        return (
            f"publication {kind} : {compte(len(self.written), 'fichier écrit')}, "
            f"{compte(self.unchanged, 'inchangé')}, {compte(len(self.removed), 'retiré')}"
        )


def file_for(path: str) -> str | None:
    """The file (relative to the folder) holding URL `path`; None for a URL with a query
    string, which only the dynamic site answers."""
    parts = urlsplit(path)
    if parts.query or not parts.path.startswith("/") or ".." in parts.path.split("/"):
        return None
    relative = parts.path.lstrip("/")
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


# --- files ------------------------------------------------------------------------------------


def write_file(target: Path, chunks: Iterable[bytes]) -> bool:
    """Write `chunks` to `target` unless it holds those bytes already: compared with the file
    as they come (an unchanged file is only read: most files of a publication are), written
    to a temporary file in the same folder and renamed over it at the first difference.
    True when the file was (re)written."""
    if type(chunks) is list and len(chunks) == 1:
        return write_bytes(target, chunks[0])
    chunks = iter(chunks)
    try:
        current = open(target, "rb")  # noqa: SIM115 (kept open: the prefix is copied from it)
    except OSError:
        current = None
    if current is None:
        return replace_with(target, chunks)
    with current:
        matched = 0
        for chunk in chunks:
            if current.read(len(chunk)) != chunk:
                # The prefix comes from this handle: the bytes compared, even if another
                # process renamed a file over it meanwhile.
                same = prefix_of(current, matched)
                return replace_with(target, itertools.chain(same, [chunk], chunks))
            matched += len(chunk)
        if current.read(1) == b"":
            return False
        return replace_with(target, prefix_of(current, matched))  # the file was longer


def write_bytes(target: Path, data: bytes) -> bool:
    """`write_file` for a document made in one piece (most of them): the file read with bare
    system calls, up to one byte more than `data` (no Python file object: its fstat, ioctl
    and seek were a third of an unchanged file's system calls)."""
    try:
        handle = os.open(target, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return replace_with(target, iter((data,)))
    try:
        same = os.read(handle, len(data) + 1) == data and os.read(handle, 1) == b""
    finally:
        os.close(handle)
    return False if same else replace_with(target, iter((data,)))


def prefix_of(stream: BinaryIO, size: int) -> Iterator[bytes]:
    stream.seek(0)
    while size > 0 and (block := stream.read(min(1 << 20, size))):
        size -= len(block)
        yield block


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
_BLOCK = 1 << 18  # chunks gathered up to this size before a write


def replace_with(target: Path, chunks: Iterator[bytes]) -> bool:
    """A temporary file beside `target` holding `chunks`, renamed over it. Its name is this
    process's own (the processes of a publication write different files): no random name to
    draw, which made a new file cost half as much again (30,000 files in a first publication).
    Written with bare system calls: a Python file object costs an fstat, an ioctl and a seek."""
    temporary = f"{target.parent}/.{target.name}.{os.getpid()}.tmp"
    try:
        handle = os.open(temporary, _FLAGS, 0o644)
    except FileNotFoundError:  # its folder is new (asked only then: 30,000 files a run)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(temporary, _FLAGS, 0o644)
    try:
        try:
            os.fchmod(handle, 0o644)  # nginx's workers read it as another user, whatever the umask
            _write_all(handle, chunks)
        finally:
            os.close(handle)
        os.replace(temporary, target)
        return True
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _write_all(handle: int, chunks: Iterator[bytes]) -> None:
    pending: list[bytes] = []
    size = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= _BLOCK:
            _write(handle, b"".join(pending))
            pending, size = [], 0
    if pending:
        _write(handle, pending[0] if len(pending) == 1 else b"".join(pending))


def _write(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def render_path(
    out: Path, output: Feed | Page, path: str, report: Report, *, version: str = ""
) -> str | None:
    """Write the document at `path`; its file name, or None when there is nothing there.

    A feed whose document has a validator (its ETag: the open data, Atom) is not rendered
    again when the validator is the one recorded with its file by a run of the same `version`
    (code, templates, settings: `publishing.validators_version`): the validator is a digest of
    every stored fragment and heading it is made of, read in one query; the 10,000 rows of the
    XLSX are not laid out again to find the same bytes."""
    document = output.render(path)
    relative = file_for(path)
    if not version or not isinstance(output, Feed) or document is None or document.etag is None:
        return write_document(out, path, document, report)
    record = out / STATE / "validators" / hashlib.sha256(relative.encode()).hexdigest()
    stamp = f"{relative}\n{version}\n{document.validator()}\n".encode()
    if (out / relative).is_file() and record.is_file() and record.read_bytes() == stamp:
        report.unchanged += 1
        return relative
    write_document(out, path, document, report)
    write_file(record, [stamp])  # after the file: a run stopped between them renders it again
    return relative


def write_document(out: Path, path: str, document: Document | None, report: Report) -> str | None:
    relative = file_for(path)
    if relative is None or document is None:
        return None
    if write_file(out / relative, document.chunks):
        report.written.append(relative)
    else:
        report.unchanged += 1
    return relative


def remove_file(out: Path, relative: str, report: Report) -> None:
    target = out / relative
    if target.is_file():
        target.unlink()
        report.removed.append(relative)
