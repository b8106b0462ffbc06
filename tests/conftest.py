"""Shared fixtures: a factory for events with sessions, and the location of ../shared."""

import datetime as dt
import os
from pathlib import Path

import hypothesis
import pytest

from tests.browsing import browser, page, screenshots  # noqa: F401 (fixtures of the browser tests)
from tests.deployed import collected_static, deployed, deployed_site  # noqa: F401 (the same)
from tests.geocoding import addok_url, geocoder  # noqa: F401 (a real addok for geocoding tests)
from tests.moderating import ditp, moderator, organiser  # noqa: F401 (moderation fixtures)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"

# Property tests (tests/test_fuzz_reader.py): few examples in CI, where the suite has a budget;
# HYPOTHESIS_PROFILE=deep for a long search. No deadline: the machine's load is not a bug.
hypothesis.settings.register_profile(
    "ci", max_examples=30, deadline=None, derandomize=True, database=None
)
hypothesis.settings.register_profile("dev", max_examples=60, deadline=None)
hypothesis.settings.register_profile("deep", max_examples=2000, deadline=None)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request) -> None:
    """With browser tests selected on SQLite, the test database is a file: gunicorn, another
    process, reads what the tests write (tests/deployed.py)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    browsing = any(item.get_closest_marker("browser") for item in request.session.items)
    if browsing and database["ENGINE"].endswith("sqlite3"):
        folder = request.getfixturevalue("tmp_path_factory").mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked `sqlite_only` (markup over many pages, widths, the import graph, tests with
    databases of their own: nothing the run's database changes) run once in CI, in the SQLite
    run: on another database they are deselected, not skipped."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return
    once = [item for item in items if item.get_closest_marker("sqlite_only")]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if not item.get_closest_marker("sqlite_only")]


def require_shared(subpath: str = "") -> Path:
    """../shared/<subpath>, or skip (fail in CI, where it must be there)."""
    path = SHARED / subpath
    if not path.exists():
        message = f"{path} is missing (the corpus lives beside the project, in ../shared)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def paris(*args: int) -> dt.datetime:
    from agenda.events.models import PARIS

    return dt.datetime(*args, tzinfo=PARIS)


def count_queries(client, url: str) -> int:
    """The SQL queries one GET of `url` runs (the page cache emptied first, a streamed body
    read to its end: its queries count too); the answer must be a 200."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context.captured_queries)


def soon(days: int, hour: int = 14, minute: int = 0) -> dt.datetime:
    """Paris wall-clock time `days` from today: always upcoming, whenever the suite runs."""
    from django.utils import timezone

    from agenda.events.models import PARIS

    day = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def native_session(
    make_event,
    event_title: str,
    title: str,
    *,
    capacity: int,
    days: int = 10,
    session_fields: dict | None = None,
    **event_fields,
):
    """A session `days` from now, 14:00–16:00, with registration on the agenda and a private
    room link, in an event of the organisation DINUM."""
    from agenda.events.models import Session

    event = make_event(
        event_title,
        organisation="DINUM",
        sessions=[(soon(days), soon(days, 16), title, dict(session_fields or {}))],
        **event_fields,
    )
    session = event.sessions.get()
    Session.objects.filter(pk=session.pk).update(
        registration=Session.Registration.NATIVE,
        capacity=capacity,
        online_url="https://visio.example/salle-secrete",
    )
    session.refresh_from_db()
    return session


@pytest.fixture
def make_event(db):
    """make_event(title=..., sessions=[(start, end, title, {"formats": [...], ...}), ...])."""
    from django.utils.text import slugify

    from agenda.events.lookups import default_programme
    from agenda.events.models import Audience, Category, Event, Format, Organisation, Session, Tag

    counter = {"n": 0}

    def make(
        title: str = "Atelier de test",
        *,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        status: str = Event.Status.PUBLISHED,
        sessions: list | None = None,
        categories: tuple[str, ...] = (),
        tags: tuple[str, ...] = (),
        audiences: tuple[str, ...] = (),
        organisation: str = "",
        attendance_mode: str = "offline",
        **fields,
    ) -> Event:
        counter["n"] += 1
        start = start or paris(2026, 12, 3, 16, 15)
        event = Event.objects.create(
            programme=default_programme(),
            slug=fields.pop("slug", f"{slugify(title)}-{counter['n']}"),
            title=title,
            starts_at=start,
            ends_at=end,
            status=status,
            attendance_mode=attendance_mode,
            organisation=Organisation.objects.get_or_create(
                name=organisation, defaults={"slug": slugify(organisation)}
            )[0]
            if organisation
            else None,
            **fields,
        )
        for name in categories:
            event.categories.add(
                Category.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
            )
        for name in tags:
            event.tags.add(
                Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
            )
        for name in audiences:
            event.audiences.add(
                Audience.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
            )
        for position, spec in enumerate(
            sessions if sessions is not None else [(start, end, "", {})]
        ):
            s_start, s_end, s_title, extra = (*spec, {})[:4] if len(spec) == 3 else spec
            formats = extra.pop("formats", [])
            session = Session.objects.create(
                event=event,
                position=position,
                starts_at=s_start,
                ends_at=s_end,
                title=s_title,
                whole_event=not s_title and sessions is None,
                attendance_mode=extra.pop("attendance_mode", attendance_mode),
                **extra,
            )
            for name in formats:
                session.formats.add(
                    Format.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
                )
        return event

    return make


@pytest.fixture(autouse=True)
def _fresh_page_cache(settings):
    """Public pages and feeds are cached in production; tests see every change at once
    (they never commit, so the cache would not be dropped) unless they turn it back on."""
    from django.core.cache import cache

    settings.CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _uploads_of_this_run(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(autouse=True)
def _test_settings(request, settings, _uploads_of_this_run):
    """A fast hasher (PBKDF2's deliberate slowness tests nothing here) and uploads in this
    run's own folder (never the project's, never another pytest-xdist worker's). Not in the
    browser tests: the deployed server has the production hashers and serves its own folder."""
    if request.node.get_closest_marker("browser") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.MEDIA_ROOT = _uploads_of_this_run


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port; Django sends to it.

    Yields the list of messages it received, parsed (email.message.EmailMessage)."""
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self) -> None:
            self.messages: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            self.messages.append(message)
            return "250 Message accepted"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield handler.messages
    finally:
        controller.stop()


@pytest.fixture
def bulk_create_models(monkeypatch) -> list:
    """The models `QuerySet.bulk_create` is called for during the test (it still writes)."""
    from django.db.models import QuerySet

    called: list = []
    real = QuerySet.bulk_create

    def spied(queryset, objs, **kwargs):
        called.append(queryset.model)
        return real(queryset, objs, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", spied)
    return called
