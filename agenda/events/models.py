"""Programme → organisations → events → sessions. Thin models: logic lives in services.py.

Dates: every instant is stored as an aware datetime (UTC in the database) and shown in
Europe/Paris. A date given without a time stays a date: `has_start_time` / `has_end_time`
say whether the time part means anything (it is then midnight, Paris time).
"""

import datetime as dt
import re
import uuid
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from agenda.lib.links import safe_link

PARIS = ZoneInfo("Europe/Paris")


class Programme(models.Model):
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = "programme"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField("nom", max_length=200, unique=True)
    slug = models.SlugField(unique=True, max_length=200)
    acronym = models.CharField("sigle", max_length=50, blank=True)
    website = models.URLField("site web", blank=True)
    logo = models.CharField("logo", max_length=300, blank=True)
    logo_alt = models.CharField("texte alternatif du logo", max_length=300, blank=True)
    # Archived organisations keep their past events but take no new ones.
    archived_at = models.DateTimeField("archivée le", null=True, blank=True)

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NamedSlug(models.Model):
    name = models.CharField("nom", max_length=200, unique=True)
    slug = models.SlugField(unique=True, max_length=200)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(NamedSlug):
    class Meta(NamedSlug.Meta):
        verbose_name = "catégorie"


class Tag(NamedSlug):
    class Meta(NamedSlug.Meta):
        verbose_name = "étiquette"


class Audience(NamedSlug):
    """Who an event is for: "Agents publics", "Grand public", "Élus"… (schema.org audienceType)."""

    # Offered by the contributor form even before any event names them (one vocabulary).
    SUGGESTED = (
        "Agents publics",
        "Associations",
        "Élus",
        "Entreprises",
        "Étudiants",
        "Grand public",
        "Chercheurs",
    )

    class Meta(NamedSlug.Meta):
        verbose_name = "public visé"
        verbose_name_plural = "publics visés"


class Format(NamedSlug):
    """Meetup, Table ronde, Webinaire… (the bracketed labels of a session)."""

    class Meta(NamedSlug.Meta):
        verbose_name = "format"


class Place(models.Model):
    name = models.CharField("nom", max_length=300, blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    postcode = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("ville", max_length=200, blank=True)
    access = models.JSONField("accès", default=list, blank=True)  # [{type, lignes: [{nom}]}]
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # The INSEE city code (not the postcode) tells the department and the region.
    city_code = models.CharField("code INSEE de la commune", max_length=5, blank=True)
    department = models.CharField("département", max_length=3, blank=True, db_index=True)
    region = models.CharField("région", max_length=100, blank=True, db_index=True)
    # Geocoding runs after commit; a failure is recorded here, never a failed save.
    geocoded_at = models.DateTimeField("géocodé le", null=True, blank=True)
    geocode_problem = models.CharField("problème de géocodage", max_length=300, blank=True)
    # Staff placed the marker by hand: the geocoder never moves it again.
    position_set_by_hand = models.BooleanField("position corrigée à la main", default=False)

    class Meta:
        verbose_name = "lieu"
        constraints = [
            models.UniqueConstraint(fields=["name", "address"], name="unique_place_name_address")
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.address) if part)

    @property
    def street_address(self) -> str:
        return self.address


def paris_value(moment: dt.datetime | None, has_time: bool) -> dt.date | dt.datetime | None:
    """An aware instant shown as Paris wall-clock time, or its Paris date when no time was given."""
    if moment is None:
        return None
    local = timezone.localtime(moment, PARIS)
    return local if has_time else local.date()


def aware(value: dt.date | dt.datetime) -> tuple[dt.datetime, bool]:
    """Paris wall-clock value (or bare date) → (aware instant, has_time): `paris_value` undone."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=PARIS), True
    return dt.datetime.combine(value, dt.time(0, 0), tzinfo=PARIS), False


class TimeSpan(models.Model):
    starts_at = models.DateTimeField("début", db_index=True)
    has_start_time = models.BooleanField(default=True)
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    has_end_time = models.BooleanField(default=True)

    class Meta:
        abstract = True

    @property
    def start(self) -> dt.date | dt.datetime:
        return paris_value(self.starts_at, self.has_start_time)

    @property
    def end(self) -> dt.date | dt.datetime | None:
        return paris_value(self.ends_at, self.has_end_time)


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(status=Event.Status.PUBLISHED)

    def public(self) -> "EventQuerySet":
        """What the public sees: published events, and cancelled ones (shown as cancelled)."""
        return self.filter(status__in=(Event.Status.PUBLISHED, Event.Status.CANCELLED))

    def upcoming(self, now: dt.datetime | None = None) -> "EventQuerySet":
        """Events not over yet: their end (or start) is today or later, Paris time."""
        today = timezone.localtime(now or timezone.now(), PARIS).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        return self.filter(
            models.Q(ends_at__gte=today) | models.Q(ends_at__isnull=True, starts_at__gte=today)
        )

    def past(self, now: dt.datetime | None = None) -> "EventQuerySet":
        """Events over before today (Paris): the complement of `upcoming()`."""
        today = timezone.localtime(now or timezone.now(), PARIS).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        return self.filter(
            models.Q(ends_at__lt=today) | models.Q(ends_at__isnull=True, starts_at__lt=today)
        )


class Event(TimeSpan):
    class Status(models.TextChoices):
        DRAFT = "draft", "brouillon"
        SUBMITTED = "submitted", "soumis"
        CHANGES_REQUESTED = "changes_requested", "modifications demandées"
        PUBLISHED = "published", "publié"
        CANCELLED = "cancelled", "annulé"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="events")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    slug = models.SlugField(max_length=200)
    title = models.CharField("titre", max_length=300)
    chapeau = models.TextField("chapeau", blank=True)
    body = models.TextField("corps (markdown)", blank=True)
    body_html = models.TextField("corps (HTML assaini)", blank=True)
    # When the programme was read from the body: the ranges of lines it was read from (0-based,
    # [first, last]), the text before them and the other lines, which the public page shows
    # before and after the structured sessions.
    programme_lines = models.JSONField("lignes du programme dans le corps", null=True, blank=True)
    intro_html = models.TextField("texte avant le programme (HTML assaini)", blank=True)
    closing_html = models.TextField("texte après le programme (HTML assaini)", blank=True)
    # The texts standing between two ranges of the programme (a room's heading and its
    # introduction), each with the line where the sessions after it start: the public page
    # shows them in place among the sessions (`bodies.sessions_by_part`).
    programme_parts = models.JSONField(
        "textes entre les parties du programme", default=list, blank=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Why the event was cancelled (shown on the public page), set by the moderation workflow.
    status_reason = models.TextField("motif", blank=True)
    published_at = models.DateTimeField("date de publication", null=True, blank=True)
    place_label = models.CharField("lieu (texte)", max_length=300, blank=True)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL)
    show_map = models.BooleanField("afficher la carte", default=False)
    attendance_mode = models.CharField(
        "mode de participation",
        max_length=10,
        default="offline",
        choices=[
            ("offline", "en présentiel"),
            ("online", "en ligne"),
            ("mixed", "en présentiel et en ligne"),
        ],
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="events")
    tags = models.ManyToManyField(Tag, blank=True, related_name="events")
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="events", verbose_name="publics visés"
    )
    # Source page, verbatim, and the front-matter keys we do not model (kept for export).
    source_path = models.CharField(max_length=500, blank=True)
    source_name = models.CharField(max_length=300, blank=True)  # import identity (file name)
    source_text = models.TextField(blank=True)
    extra_front_matter = models.JSONField(default=dict, blank=True)
    # The same event's earlier edition (the next-edition copy links both ways).
    previous_edition = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_editions",
        verbose_name="édition précédente",
    )
    problems = models.JSONField("problèmes détectés", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        ordering = ["starts_at", "title"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="unique_event_slug")
        ]
        # The importer finds a page's event by file name; without this SQLite walks the programme.
        indexes = [models.Index(fields=["programme", "source_name"], name="event_source_name")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The event page's path: a list page links 30 to 100 events, and reversing a URL costs
        ~15 µs, so a valid slug is put into the path reversed once (the same text)."""
        if not _SLUG.fullmatch(self.slug or ""):
            return reverse("event", kwargs={"slug": self.slug})  # NoReverseMatch, as before
        before, after = _event_path(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
        return f"{before}{self.slug}{after}"


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's slug converter: nothing to quote
_MARK = "_-_"


@lru_cache(maxsize=16)
def _event_path(urlconf: str, prefix: str) -> tuple[str, str]:
    """The event page's path around its slug, per URLconf and script prefix."""
    path = reverse("event", kwargs={"slug": _MARK}, urlconf=urlconf)
    before, _, after = path.rpartition(_MARK)
    return before, after


class Image(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveIntegerField(default=0)
    path = models.CharField("chemin", max_length=500)
    alt = models.CharField("texte alternatif", max_length=500, blank=True)
    caption = models.CharField("légende", max_length=500, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.path


class InfoField(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="info_fields")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField("intitulé", max_length=300, blank=True)
    content = models.TextField("contenu", blank=True)
    link = models.CharField("lien", max_length=1000, blank=True)
    raw = models.JSONField(default=dict, blank=True)  # the entry as written, for broken ones

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label or self.content[:50]


class SessionQuerySet(models.QuerySet):
    def published(self) -> "SessionQuerySet":
        return self.filter(event__status=Event.Status.PUBLISHED)


class Session(TimeSpan):
    class AttendanceMode(models.TextChoices):
        OFFLINE = "offline", "en présentiel"
        ONLINE = "online", "en ligne"
        MIXED = "mixed", "en présentiel et en ligne"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "programmée"
        POSTPONED = "postponed", "reportée"
        CANCELLED = "cancelled", "annulée"
        MOVED_ONLINE = "moved_online", "passée en ligne"
        FULL = "full", "complète"

    class Registration(models.TextChoices):
        NONE = "none", "sans inscription"
        EXTERNAL = "external", "inscription externe"
        NATIVE = "native", "inscription sur l’agenda"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveIntegerField(default=0)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    title = models.CharField("titre", max_length=500, blank=True)
    description = models.TextField("description (markdown)", blank=True)
    description_html = models.TextField(blank=True)
    formats = models.ManyToManyField(Format, blank=True, related_name="sessions")
    attendance_mode = models.CharField(
        max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.OFFLINE
    )
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL)
    online_url = models.CharField("lien de la visio", max_length=1000, blank=True)
    accessibility = models.TextField("accessibilité", blank=True)
    is_free = models.BooleanField("gratuit", null=True, blank=True)
    registration = models.CharField(
        max_length=10, choices=Registration.choices, default=Registration.NONE
    )
    registration_url = models.CharField("lien d’inscription", max_length=1000, blank=True)
    registration_required = models.BooleanField(default=False)
    # Native registration (registrations app): seats, waitlist, closing time.
    capacity = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    waitlist_enabled = models.BooleanField("liste d’attente", default=True)
    registration_closes_at = models.DateTimeField("clôture des inscriptions", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    status_reason = models.TextField("motif du changement", blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    # An event whose page has no programme still has one occurrence: itself. It is stored as a
    # session so that feeds, UIDs, statuses and registration work the same for every event.
    whole_event = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "séance"
        ordering = ["starts_at", "position"]

    def __str__(self) -> str:
        return self.title or f"{self.event.title} ({self.start})"

    @property
    def anchor(self) -> str:
        return f"seance-{self.uid.hex[:8]}"

    @property
    def public_online_url(self) -> str:
        """The online link anyone may see: none when seats are booked here, since the room's
        link then goes to confirmed registrants only; none either when the URL policy refuses it."""
        return "" if self.registration == self.Registration.NATIVE else safe_link(self.online_url)

    @property
    def display_title(self) -> str:
        return self.title or self.event.title


class SearchEntry(models.Model):
    """An event's words for search, as agenda.lib.searchtext writes them (stems and words
    without accents). SQLite indexes them in the FTS5 table `events_search_fts`, PostgreSQL
    by a GIN index on their tsvector (`simple` configuration); agenda/events/search.py keeps
    them in step with every write and reads both."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = "texte de recherche"

    def __str__(self) -> str:
        return self.text[:80]
