"""The public site's assets in a publication: the collected static files (their hashed names,
as the pages link them) under `static/`, each hard-linked from STATIC_ROOT where it can be (no
byte read nor copied) and skipped when its size and time are those already published; files
no longer collected are removed. Part of `agenda publish` (agenda/site/publishing.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from .publishing_files import Report, write_file

ASSETS = "static"


class PublishError(Exception):
    """The folder cannot hold a publication (a message naming it)."""


def asset_sources() -> dict[str, Path]:
    """Static files by their URL name: the collected ones (hashed names, as the pages link
    them) when the storage keeps a manifest, otherwise those the finders find."""
    root = Path(settings.STATIC_ROOT)
    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" in storage:
        if not (root / "staticfiles.json").is_file():
            raise PublishError(f"{root}: fichiers statiques non collectés (agenda collectstatic)")
        return {
            name: path
            for name, path in files_below(root).items()
            if not name.endswith((".gz", ".br"))
        }
    sources: dict[str, Path] = {}
    for finder in finders.get_finders():
        for name, storage in finder.list(["CVS", ".*", "*~"]):
            # A STATICFILES_DIRS entry (prefix, folder) serves its files under prefix/.
            prefix = getattr(storage, "prefix", None)
            url_name = os.path.join(prefix, name) if prefix else name
            sources.setdefault(url_name.replace(os.sep, "/"), Path(storage.path(name)))
    return sources


def files_below(root: Path) -> dict[str, Path]:
    """Every file below `root` by its relative name (os.walk: no stat call per file)."""
    files = {}
    for folder, _dirs, names in os.walk(root):
        prefix = os.path.relpath(folder, root)
        for name in names:
            files[name if prefix == "." else f"{prefix}/{name}"] = Path(folder, name)
    return files


def same_size_and_time(source: Path, target: Path) -> bool:
    try:
        mine, theirs = source.stat(), target.stat()
    except FileNotFoundError:
        return False
    return (mine.st_size, mine.st_mtime_ns) == (theirs.st_size, theirs.st_mtime_ns)


def link_file(source: Path, target: Path) -> bool:
    """`target` made the very file `source` is (a hard link renamed into place: no byte read
    nor copied, and the same size and mtime next time) when both are on one filesystem and
    nginx's workers may read it; False otherwise."""
    if not os.stat(source).st_mode & stat.S_IROTH:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        os.link(source, temporary)
    except OSError:  # another filesystem, or links refused
        return False
    os.replace(temporary, target)
    return True


def copy_file(source: Path, target: Path) -> bool:
    """A copy of `source` with its mtime (skipped next time); True when its bytes changed."""
    with source.open("rb") as stream:
        written = write_file(target, iter(lambda: stream.read(1 << 16), b""))
    mine = source.stat()
    os.utime(target, ns=(mine.st_atime_ns, mine.st_mtime_ns))
    return written


def publish_assets(*, out: Path, sources: dict[str, Path] | None = None) -> Report:
    report = Report()
    target_root = out / ASSETS
    sources = asset_sources() if sources is None else sources
    for name, source in sources.items():
        target = target_root / name
        if same_size_and_time(source, target):  # published by an earlier run: not read again
            report.unchanged += 1
            continue
        if link_file(source, target) or copy_file(source, target):
            report.written.append(f"{ASSETS}/{name}")
        else:
            report.unchanged += 1
    if target_root.is_dir():
        for path in list(target_root.rglob("*")):
            if path.is_file() and path.relative_to(target_root).as_posix() not in sources:
                path.unlink()
                report.removed.append(f"{ASSETS}/{path.relative_to(target_root).as_posix()}")
    return report
