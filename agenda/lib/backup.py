"""`agenda backup` / `agenda restore`: the database and the uploads in one archive.

The archive is a tar.gz holding `manifest.json` (format, engine, migrations, counts),
`database.jsonl` (every row, one JSON object a line, Django's serialisation: portable between
SQLite and PostgreSQL; foreign keys to content types and permissions by natural key, since
`migrate` numbers those differently on each database) and `uploads/…` (MEDIA_ROOT). Rows are
streamed out with `iterator()` and read back line by line by `loaddata`, so memory does not
grow with the database. A restore goes into a migrated database with no content (or one it
empties with `replace=True`), in one transaction: a failure leaves the database as it was;
then the uploads are written into MEDIA_ROOT (files of the same name replaced, others kept).
Sessions are not kept: after a restore everyone signs in again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from agenda.lib import content_version
from agenda.lib.french import compte

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
UPLOADS = "uploads"
# Rebuilt by `migrate` on the target; rows referring to them carry natural keys.
NOT_SAVED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    # Stored feed fragments: a cache, rendered again from the data when missing.
    "feeds.sessionfragment",
    "feeds.eventfragment",
}

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why, in French."""


@dataclass
class Summary:
    objects: int
    files: int
    models: dict[str, int]


def saved_models() -> list:
    """Every model whose rows a backup holds, in an order where dependencies come first."""
    app_list = {config: None for config in apps.get_app_configs() if config.models_module}
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in NOT_SAVED
        and not model._meta.proxy
        and model._meta.managed
    ]


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def backup(target: Path, *, progress: Progress = lambda line: None) -> Summary:
    """Write the archive at `target` (written beside it first, then renamed)."""
    target = Path(target)
    partial = target.with_name(f".{target.name}.partiel")
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DATABASE
        counts = _dump_database(dump, progress)
        media = Path(settings.MEDIA_ROOT)
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "django": django.get_version(),
            "migrations": applied_migrations(),
            "models": counts,
            "uploads": len(files),
        }
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            archive.add(dump, arcname=DATABASE)
            for n, path in enumerate(files, start=1):
                archive.add(path, arcname=f"{UPLOADS}/{path.relative_to(media).as_posix()}")
                if n % 500 == 0:
                    progress(f"fichiers : {n}/{len(files)}")
    partial.replace(target)
    return Summary(objects=sum(counts.values()), files=len(files), models=counts)


def _dump_database(path: Path, progress: Progress) -> dict[str, int]:
    counts = {}
    with path.open("w", encoding="utf-8") as out:
        for model in saved_models():
            label = model._meta.label_lower
            rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
            counter = _Counted(rows)
            serializers.serialize("jsonl", counter, stream=out, use_natural_foreign_keys=True)
            counts[label] = counter.n
            if counter.n:
                progress(f"{label} : {counter.n}")
    return counts


class _Counted:
    def __init__(self, rows: Iterator):
        self.rows, self.n = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            yield row


def restore(
    source: Path, *, replace: bool = False, progress: Progress = lambda line: None
) -> Summary:
    source = Path(source)
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{source} : archive illisible ({error}).") from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        manifest = _manifest(archive, source)
        uploads = _upload_members(archive, source)
        _check_migrations(manifest, source)
        _check_empty(replace)
        dump = Path(scratch) / DATABASE
        _extract(archive, DATABASE, dump, source)
        with transaction.atomic():
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            progress(f"base de données : {compte(sum(manifest['models'].values()), 'objet')}")
            call_command("loaddata", str(dump), verbosity=0)
        media = Path(settings.MEDIA_ROOT)
        for n, member in enumerate(uploads, start=1):
            relative = PurePosixPath(member.name).relative_to(UPLOADS)
            _extract(archive, member.name, media.joinpath(*relative.parts), source)
            if n % 500 == 0:
                progress(f"fichiers : {n}/{len(uploads)}")
    content_version.bump()  # pages cached before the restore show what is no longer there
    return Summary(
        objects=sum(manifest["models"].values()), files=len(uploads), models=manifest["models"]
    )


def _manifest(archive: tarfile.TarFile, source: Path) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, AttributeError, ValueError):
        raise BackupError(f"{source} : ce n’est pas une sauvegarde d’Agenda public.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} : format de sauvegarde {manifest.get('format')} inconnu.")
    return manifest


def _upload_members(archive: tarfile.TarFile, source: Path) -> list[tarfile.TarInfo]:
    """The archive's files under uploads/, each checked before anything is written: a
    regular file, with a relative path that stays inside MEDIA_ROOT."""
    members = []
    for member in archive.getmembers():
        if member.name in (MANIFEST, DATABASE):
            continue
        path = PurePosixPath(member.name)
        if (
            path.parts[:1] != (UPLOADS,)
            or path.is_absolute()
            or ".." in path.parts
            or not member.isfile()
        ):
            raise BackupError(f"{source} : {member.name} : entrée refusée dans l’archive.")
        members.append(member)
    return members


def _extract(archive: tarfile.TarFile, name: str, target: Path, source: Path) -> None:
    stream = archive.extractfile(name)
    if stream is None:
        raise BackupError(f"{source} : {name} manque dans l’archive.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with stream, target.open("wb") as out:
        shutil.copyfileobj(stream, out, length=1024 * 1024)


def _check_migrations(manifest: dict, source: Path) -> None:
    here = applied_migrations()
    if manifest["migrations"] != here:
        missing = sorted(
            f"{app}.{name}"
            for app, names in manifest["migrations"].items()
            for name in names
            if name not in here.get(app, [])
        )
        hint = f" (manquent ici : {', '.join(missing[:5])})" if missing else ""
        raise BackupError(
            f"{source} : la sauvegarde vient d’une autre version du schéma{hint} ; "
            "lancez `agenda migrate` ou restaurez avec la version qui l’a faite."
        )


def _check_empty(replace: bool) -> None:
    if replace:
        return
    for model in saved_models():
        if model._base_manager.exists():
            raise BackupError(
                f"la base n’est pas vide ({model._meta.label_lower}) : restaurez dans une base "
                "neuve (agenda migrate) ou ajoutez --replace pour la remplacer."
            )


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, fileobj=io.BytesIO(data))


# Django writes an instant to the millisecond, with ".000" only when it had microseconds: a
# value under one millisecond dumps as "…:02.000Z", is read back as "…:02Z" (the same instant).
_ZERO_MILLISECONDS = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)?$")


def _same_instant(value):
    if isinstance(value, str):
        return _ZERO_MILLISECONDS.sub(r"\1\2", value)
    return value


def archive_content(source: Path) -> dict:
    """What an archive holds, comparable between engines: rows by model and primary key
    (many-to-many lists sorted, JSON compared as data) and each upload's SHA-256."""
    rows: dict[str, dict] = {}
    files: dict[str, str] = {}
    with tarfile.open(source, "r:gz") as archive:
        for line in archive.extractfile(DATABASE):
            item = json.loads(line)
            model = apps.get_model(item["model"])
            fields = {name: _same_instant(value) for name, value in item["fields"].items()}
            for field in model._meta.many_to_many:
                if field.name in fields:
                    fields[field.name] = sorted(fields[field.name], key=json.dumps)
            rows.setdefault(item["model"], {})[json.dumps(item["pk"])] = fields
        for member in archive.getmembers():
            if member.name.startswith(f"{UPLOADS}/") and member.isfile():
                data = archive.extractfile(member).read()
                files[member.name] = hashlib.sha256(data).hexdigest()
    return {"database": rows, "uploads": files}
