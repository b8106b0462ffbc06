"""Places on the map: a client of the BAN address API (`GET {GEOCODER_URL}/search/?q=…`, the
API addok serves) and the one writer of a place's coordinates.

Geocoding never runs inside a request's or an import's transaction: a place created or moved
is queued when its transaction commits (`queue_after_commit`) and geocoded by a worker thread;
`agenda geocode` does the same for every place not yet geocoded (run it from cron, for the
places a stopped service or process left). A failure is recorded in `Place.geocode_problem`,
never a failed save. Answers are reused (cached) within a run and from other places already
geocoded at the same address, so an address is asked at most once. A position staff set by
hand (`set_position_by_hand`, `Place.position_set_by_hand`) is never moved by the geocoder:
not by `agenda geocode` (even `--all`), not after a save, not by an answer that was on its
way when the correction was made.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from .caching import forget_pages
from .models import Place

log = logging.getLogger(__name__)

BATCH_SIZE = 50
PROBLEM_MAX = 300  # Place.geocode_problem's length
NOT_FOUND = "adresse introuvable dans la Base adresse nationale"


class GeocoderUnavailable(Exception):
    """The service did not answer (refused, timed out, server error, not JSON)."""


@dataclass(frozen=True)
class Answer:
    """The best match of one query."""

    latitude: float
    longitude: float
    score: float
    label: str
    city_code: str
    postcode: str
    city: str


@dataclass
class Summary:
    """What a run did: counts, and the problems recorded (place, problem)."""

    located: int = 0
    problems: list[tuple[Place, str]] = field(default_factory=list)
    asked: int = 0  # queries sent to the service (the rest came from the cache)
    unavailable: str = ""  # the run stopped: the service did not answer

    @property
    def done(self) -> int:
        return self.located + len(self.problems)


def enabled() -> bool:
    return bool(settings.GEOCODER_URL)


def place_query(place: Place) -> str:
    """What the service is asked for a place: its street address, postcode and city. A place
    without a street address is placed at its city; one with neither has nothing to ask."""
    if not (place.address or place.postcode or place.city):
        return ""
    return " ".join(part for part in (place.address, place.postcode, place.city) if part)


def search(query: str, *, client: requests.Session | None = None) -> Answer | None:
    """The service's best match for `query` (None: nothing found)."""
    url = settings.GEOCODER_URL.rstrip("/") + "/search/"
    try:
        response = (client or requests).get(
            url, params={"q": query, "limit": 1}, timeout=settings.GEOCODER_TIMEOUT
        )
        response.raise_for_status()
        features = response.json().get("features") or []
    except (requests.RequestException, ValueError) as error:
        raise GeocoderUnavailable(f"{type(error).__name__}: {error}"[:200]) from error
    return answer_from(features[0]) if features else None


def answer_from(feature: dict) -> Answer | None:
    """A GeoJSON feature of the BAN API as an Answer (None: not a point)."""
    properties = feature.get("properties") or {}
    try:
        longitude, latitude = (float(value) for value in feature["geometry"]["coordinates"][:2])
    except (KeyError, TypeError, ValueError):
        return None
    return Answer(
        latitude=latitude,
        longitude=longitude,
        score=float(properties.get("score") or 0),
        label=str(properties.get("label") or "")[:300],
        city_code=str(properties.get("citycode") or "")[:5],
        postcode=str(properties.get("postcode") or "")[:10],
        city=str(properties.get("city") or "")[:200],
    )


def geocodable_places():
    """Places with something to ask whose position the geocoder may write (not set by hand)."""
    places = Place.objects.filter(position_set_by_hand=False)
    return places.exclude(address="", postcode="", city="").order_by("pk")


def pending_places():
    """Geocodable places never geocoded (a run that stopped for an unavailable service left
    them so, to be retried)."""
    return geocodable_places().filter(geocoded_at__isnull=True)


def geocode_places(
    places: Iterable[Place], *, progress: Callable[[Summary], None] | None = None
) -> Summary:
    """Geocode `places` in batches, writing each place's answer or problem as it goes."""
    summary = Summary()
    cache: dict[str, Answer | None] = {}
    with requests.Session() as client:
        for batch in batches(places, BATCH_SIZE):
            geocode_batch(batch, cache=cache, client=client, summary=summary)
            if progress:
                progress(summary)
            if summary.unavailable:
                break
    if summary.done:
        forget_pages()
    return summary


def batches(places: Iterable[Place], size: int) -> Iterable[list[Place]]:
    batch: list[Place] = []
    for place in places:
        batch.append(place)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def geocode_batch(
    batch: list[Place], *, cache: dict, client: requests.Session, summary: Summary
) -> None:
    queries = {place.pk: place_query(place) for place in batch}
    known_from_places(batch, cache)
    for place in batch:
        query = queries[place.pk]
        if not query or place.position_set_by_hand:
            continue
        if query not in cache:
            try:
                cache[query] = search(query, client=client)
            except GeocoderUnavailable as error:
                summary.unavailable = f"service de géocodage injoignable ({error})"
                record_problem(place, summary.unavailable, attempted=False)
                return
            summary.asked += 1
        write_answer(place, cache[query], summary)


def known_from_places(batch: list[Place], cache: dict) -> None:
    """Answers already stored on other places at the same address: the persistent cache."""
    addresses = {place.address for place in batch if place_query(place) not in cache}
    if not addresses:
        return
    located = Place.objects.filter(
        address__in=addresses, geocoded_at__isnull=False, latitude__isnull=False
    ).exclude(pk__in=[place.pk for place in batch])
    for place in located.order_by("-geocoded_at"):
        cache.setdefault(
            place_query(place),
            Answer(
                latitude=place.latitude,
                longitude=place.longitude,
                score=1.0,
                label="",
                city_code=place.city_code,
                postcode=place.postcode,
                city=place.city,
            ),
        )


def write_answer(place: Place, answer: Answer | None, summary: Summary) -> None:
    if answer is None:
        summary.problems.append((place, NOT_FOUND))
        record_problem(place, NOT_FOUND)
    elif answer.score < settings.GEOCODER_MIN_SCORE:
        problem = f"réponse trop incertaine ({answer.score:.2f}) : « {answer.label} »"
        summary.problems.append((place, problem))
        record_problem(place, problem)
    else:
        summary.located += 1
        record_answer(place, answer)


def record_answer(place: Place, answer: Answer) -> None:
    """The geocoder's writer of a place's coordinates. An update, not a save: a concurrent
    edit of the place's other fields is kept; then post_save, with the fields written. A
    position set by hand meanwhile is kept (the update finds no row)."""
    values = {
        "latitude": answer.latitude,
        "longitude": answer.longitude,
        "city_code": answer.city_code,
        "geocoded_at": timezone.now(),
        "geocode_problem": "",
    }
    if not place.postcode and answer.postcode:
        values["postcode"] = answer.postcode
    if not place.city and answer.city:
        values["city"] = answer.city
    if not geocoder_may_write(place, values):
        return
    # Whoever follows a place's saves (its department and region from the city code, the
    # search index) hears of this write too; `place_saved` ignores it (geocoded_at is set).
    post_save.send(
        sender=Place, instance=place, created=False, update_fields=frozenset(values), raw=False
    )


def record_problem(place: Place, problem: str, *, attempted: bool = True) -> None:
    """A failure, flagged on the place. `attempted` (the service answered): not asked again
    until `agenda geocode --all`; otherwise the place stays pending."""
    values = {"geocode_problem": problem[:PROBLEM_MAX]}
    if attempted:
        values.update(geocoded_at=timezone.now(), latitude=None, longitude=None)
    geocoder_may_write(place, values)


def geocoder_may_write(place: Place, values: dict) -> bool:
    """Write the geocoder's `values` unless staff set the position by hand (then nothing)."""
    written = Place.objects.filter(pk=place.pk, position_set_by_hand=False).update(**values)
    if written:
        for name, value in values.items():
            setattr(place, name, value)
    return bool(written)


def set_position_by_hand(place: Place, *, latitude: float, longitude: float) -> None:
    """Staff's correction of a place's position, the geocoder's answer replaced for good: it
    counts as geocoded (nothing pending) and no later run or save moves it."""
    values = {
        "latitude": latitude,
        "longitude": longitude,
        "position_set_by_hand": True,
        "geocoded_at": timezone.now(),
        "geocode_problem": "",
    }
    Place.objects.filter(pk=place.pk).update(**values)
    for name, value in values.items():
        setattr(place, name, value)
    forget_pages()


# After commit: a queue drained by one worker thread at a time.

_queue: set[int] = set()
_lock = threading.Lock()
_worker: threading.Thread | None = None

ADDRESS_FIELDS = ("address", "postcode", "city")


def place_changing(
    sender, instance: Place, update_fields=None, raw: bool = False, **kwargs
) -> None:
    """pre_save of Place: a place whose address changes loses its old coordinates (a row
    loaded as it is, by `agenda restore` or a fixture, keeps them), unless they were set by hand."""
    if raw or instance.pk is None or instance.geocoded_at is None or instance.position_set_by_hand:
        return
    if update_fields is not None and not set(update_fields) & set(ADDRESS_FIELDS):
        return
    stored = Place.objects.filter(pk=instance.pk).values_list(*ADDRESS_FIELDS).first()
    if stored is not None and stored != tuple(getattr(instance, name) for name in ADDRESS_FIELDS):
        instance.geocoded_at = instance.latitude = instance.longitude = None
        instance.city_code = instance.geocode_problem = ""


def place_saved(sender, instance: Place, raw: bool = False, **kwargs) -> None:
    """post_save of Place: a place not yet geocoded is geocoded once its transaction commits."""
    if raw or not enabled() or settings.GEOCODE_AFTER_COMMIT == "off":
        return
    if instance.geocoded_at is not None or instance.position_set_by_hand:
        return
    if not place_query(instance):
        return
    pk = instance.pk
    transaction.on_commit(lambda: queue_after_commit([pk]), robust=True)


def queue_after_commit(pks: Iterable[int]) -> None:
    """Geocode these places out of the current request or command: in a worker thread
    (GEOCODE_AFTER_COMMIT="thread"), or at once ("inline", used by tests)."""
    if settings.GEOCODE_AFTER_COMMIT == "inline":
        geocode_places(pending_places().filter(pk__in=list(pks)))
        return
    global _worker
    with _lock:
        _queue.update(pks)
        if _worker is None:
            # Not a daemon: a command that imported places (`agenda import`) ends once they
            # are geocoded; each request is bounded by GEOCODER_TIMEOUT, and the first
            # unanswered one stops the worker.
            _worker = threading.Thread(target=_drain, name="geocoder", daemon=False)
            _worker.start()


def _drain() -> None:
    global _worker
    try:
        while True:
            with _lock:
                pks = list(_queue)[:BATCH_SIZE]
                _queue.difference_update(pks)
                if not pks:  # done, under the lock: a place queued from now starts a worker
                    _worker = None
                    return
            close_old_connections()
            places = pending_places().filter(pk__in=pks)
            summary = geocode_places(places)
            if summary.unavailable:
                log.warning("geocoding stopped: %s", summary.unavailable)
                with _lock:
                    _queue.clear()  # `agenda geocode` retries them later
                return
    except Exception:  # a worker's failure must never reach a visitor; it is logged
        log.exception("geocoding failed")
    finally:
        with _lock:
            if _worker is threading.current_thread():
                _worker = None
        connection.close()


def wait_for_worker(timeout: float = 30) -> None:
    """Wait until the queue is drained (tests, and commands that stop right after)."""
    worker = _worker
    if worker is not None:
        worker.join(timeout)
