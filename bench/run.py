"""`make bench`: import and serving benchmarks (docs/performance.md says what and why).

For each size N (400, 4,000, 40,000 events by default):
1. synthetic pages in the seed's format (bench/generate.py) are imported into a fresh SQLite
   database (bench/importer.py: `import_paths`, what `agenda import` runs) → pages/s. A size
   whose import would take longer than --import-budget is made instead from the largest size
   imported, copied by SQL (bench/multiply.py), and says so;
2. gunicorn (2 workers) serves the site; wrk (or a Python client) measures the home page and one
   event page: requests/s and p50/p99 latency, with the per-view cache off (CACHE_SECONDS=0),
   then on with the default settings when the site caches;
3. nginx serves the same two pages as static files, measured the same way: the yardstick;
4. the feeds at that size (bench/feeds.py): the agenda's ICS written cold and warm, writes per
   output, the API list's pages, a gunicorn worker's memory while it streams the ICS.

Everything runs on 127.0.0.1, each measurement bounded in time; every process started is stopped.
Results: a table on stdout and in bench/out/results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import feeds, load, nginx
from .generate import default_start, write_pages
from .load import LoadResult
from .procs import apt_install, get, group_cpu_seconds, running, wait_http

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
GOAL_IMPORT = 500  # pages/s
GOAL_RATIO = 0.5  # cached pages at >= 50 % of nginx's rate
GOAL_P50_MS = 50  # uncached, at 4,000 events
SLOW_PAGE = 5.0  # seconds: a page slower than that alone is not measured under load
PAGE_TIMEOUT = 180.0  # seconds for one GET
CACHE_CODE = re.compile(
    r"cache_page|CacheMiddleware|FetchFromCacheMiddleware|from django\.core\.cache import"
    r"|\{%\s*cache\s"
)

_started = time.monotonic()
LOAD_AT_START = os.getloadavg()


def log(message: str) -> None:
    print(f"[{time.monotonic() - _started:6.1f} s] {message}", flush=True)


@dataclass
class SiteResult:
    mode: str  # "sans cache" / "avec cache"
    home: LoadResult | None = None
    event: LoadResult | None = None


@dataclass
class SizeResult:
    n: int
    events: int = 0
    sessions: int = 0
    imported: int = 0  # pages run through the importer for this size
    import_rate: float | None = None  # pages/s
    import_seconds: float | None = None
    queries_per_page: float | None = None
    factor: int = 1  # > 1: rows copied by SQL
    event_path: str = ""
    home_bytes: int = 0
    event_bytes: int = 0
    sites: list[SiteResult] = field(default_factory=list)
    nginx_home: LoadResult | None = None
    nginx_event: LoadResult | None = None
    stages: list[tuple[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    feeds: dict | None = None


class Bench:
    def __init__(self, args: argparse.Namespace, tmp: Path):
        self.args = args
        self.tmp = tmp
        self.results: list[SizeResult] = []
        self.notes: list[str] = []
        self.base: tuple[int, Path] | None = None  # (N, database) of the largest import
        self.profile_base = 0
        self.pages_start = default_start()
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "CACHE_SECONDS", "CACHE_URL", "DJANGO_SETTINGS_MODULE")
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="agenda.settings",
            DEBUG="false",
            ALLOWED_HOSTS="127.0.0.1",
            SECRET_KEY="bench",
            SITE_URL="http://127.0.0.1",
            STATIC_ROOT=str(tmp / "static"),
            MEDIA_ROOT=str(tmp / "uploads"),
            LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
        )

    # --- helpers ---------------------------------------------------------------------------

    def remaining(self) -> float:
        return self.args.budget - (time.monotonic() - _started)

    def run(
        self, command: list[str], *, env: dict, what: str, timeout: float = 1800, live=False
    ) -> str:
        """Run to the end; stdout is returned, stderr shown as it comes when `live`."""
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=None if live else subprocess.PIPE,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{what} a échoué ({done.returncode}) :\n{(done.stderr or '')[-3000:]}"
            )
        return done.stdout

    def db_env(self, database: Path, **extra: str) -> dict:
        return {**self.env, "DATABASE_URL": f"sqlite:///{database}", **extra}

    # --- stages ----------------------------------------------------------------------------

    def tools(self) -> None:
        missing = [name for name in ("wrk", "nginx") if nginx_or_which(name) is None]
        if missing and not self.args.no_install:
            log(f"installation de {' '.join(missing)} (apt-get)…")
            apt_install("wrk", "nginx")
        if not load.wrk_available():
            self.notes.append("wrk absent : charge générée par un client Python (moins précis).")
        if nginx.nginx_binary() is None:
            self.notes.append("nginx absent : pas de mesure de référence en fichiers statiques.")
        log(
            f"charge : {'wrk' if load.wrk_available() else 'client Python'} ; "
            f"nginx : {nginx.nginx_binary() or 'absent'}"
        )

    def collectstatic(self) -> None:
        started = time.monotonic()
        env = self.db_env(self.tmp / "static.sqlite3")
        self.run(
            [str(BIN / "agenda"), "collectstatic", "--noinput", "-v0"],
            env=env,
            what="collectstatic",
        )
        log(f"collectstatic (fichiers statiques, DEBUG=false) : {time.monotonic() - started:.1f} s")

    def size(self, n: int) -> SizeResult:
        result = SizeResult(n)
        folder = self.tmp / f"n{n}"
        folder.mkdir()
        database = folder / "agenda.sqlite3"
        env = self.db_env(database)
        last_rate = next((r.import_rate for r in reversed(self.results) if r.import_rate), None)
        projected = n / last_rate if last_rate else 0
        full = self.base is None or self.args.full_import or projected <= self.args.import_budget
        if full:
            self.import_pages(result, folder, database, env)
        else:
            log(
                f"import de {n} pages estimé à {projected:.0f} s (> {self.args.import_budget} s) : "
                f"copie SQL de la base de {self.base[0]} événements importés"
            )
            self.multiply(result, database, env)
        with sqlite3.connect(database) as db:
            result.events = db.execute("SELECT COUNT(*) FROM events_event").fetchone()[0]
            result.sessions = db.execute("SELECT COUNT(*) FROM events_session").fetchone()[0]
            slug = db.execute(
                "SELECT slug FROM events_event WHERE status = 'published' "
                "ORDER BY starts_at, id LIMIT 1 OFFSET ?",
                (result.events // 2,),
            ).fetchone()[0]
        db.close()
        result.event_path = f"/evenements/{slug}/"
        log(f"base : {result.events} événements, {result.sessions} séances")
        try:
            self.serve(result, folder, database)
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            note = f"mesures HTTP interrompues : {exc}"
            logs = sorted(folder.glob("gunicorn-*.log"))
            if logs:
                note += "\n" + logs[-1].read_text(errors="replace")[-2000:]
            result.notes.append(note.splitlines()[0])
            log(f"ERREUR : {note}")
        if not self.args.no_feeds:
            self.measure_feeds(result, folder, database)
        return result

    def measure_feeds(self, result: SizeResult, folder: Path, database: Path) -> None:
        stage = time.monotonic()
        log("flux : ICS à froid puis avec fragments, écritures, API, mémoire d’un worker…")
        command = [sys.executable, "-m", "bench.feeds", "--memory", "--tmp", str(folder)]
        try:
            output = self.run(command, env=self.db_env(database), what="bench.feeds", live=True)
            result.feeds = json.loads(output.strip().splitlines()[-1])
        except (RuntimeError, subprocess.SubprocessError, ValueError) as exc:
            result.feeds = {"error": str(exc).strip()}
        result.stages.append(("flux", time.monotonic() - stage))
        log(f"flux : {result.feeds}")

    def import_pages(self, result: SizeResult, folder: Path, database: Path, env: dict) -> None:
        n = result.n
        pages = folder / "pages"
        stage = time.monotonic()
        sessions = write_pages(pages, n, seed=self.args.seed, start=self.pages_start)
        result.stages.append(("génération des pages", time.monotonic() - stage))
        log(f"{n} pages générées ({sessions} séances) en {time.monotonic() - stage:.1f} s")
        stage = time.monotonic()
        self.run([str(BIN / "agenda"), "migrate", "--noinput", "-v0"], env=env, what="migrate")
        result.stages.append(("migrate", time.monotonic() - stage))
        rate = next((r.import_rate for r in reversed(self.results) if r.import_rate), None)
        log(f"import de {n} pages…" + (f" (~{n / rate:.0f} s au rythme précédent)" if rate else ""))
        stage = time.monotonic()
        output = self.run(
            [sys.executable, "-m", "bench.importer", str(pages)], env=env, what="import", live=True
        )
        wall = time.monotonic() - stage
        report = json.loads(output.strip().splitlines()[-1])
        result.stages.append(("import (processus complet)", wall))
        result.imported = report["pages"]
        result.import_seconds = report["seconds"]
        result.import_rate = report["pages"] / report["seconds"] if report["seconds"] else None
        result.queries_per_page = report["queries"] / max(report["pages"], 1)
        log(
            f"import : {report['pages']} pages en {report['seconds']:.1f} s "
            f"(CPU {report['cpu_seconds']:.1f} s + lecture "
            f"{report.get('cpu_seconds_children', 0):.1f} s, "
            f"{report.get('pages_per_cpu_second', 0):.0f} pages par seconde de CPU) "
            f"= {result.import_rate:.0f} pages/s, "
            f"{result.queries_per_page:.1f} requêtes SQL/page, {report['sessions']} séances, "
            f"{report['failed']} en échec, {report['warnings']} avertissements"
        )
        if report["failed"] or report["pages"] != n:
            note = f"{report['failed']} pages en échec ; ex. : {report['first_failures'][:2]}"
            result.notes.append(note)
            log(f"ATTENTION : {note}")
        if n < max(self.args.sizes) or not self.args.no_profile:  # for copies and the profile
            base = self.tmp / f"base-{n}.sqlite3"
            with sqlite3.connect(database) as source, sqlite3.connect(base) as target:
                source.backup(target)
            source.close()
            target.close()
            self.base = (n, base)

    def multiply(self, result: SizeResult, database: Path, env: dict) -> None:
        base_n, base = self.base
        factor = math.ceil(result.n / base_n)
        stage = time.monotonic()
        with sqlite3.connect(base) as source, sqlite3.connect(database) as target:
            source.backup(target)
        source.close()
        target.close()
        output = self.run(
            [sys.executable, "-m", "bench.multiply", str(factor)], env=env, what="multiply"
        )
        seconds = time.monotonic() - stage
        report = json.loads(output.strip().splitlines()[-1])
        result.stages.append((f"copie SQL ×{factor}", seconds))
        result.factor = factor
        result.imported = base_n
        previous = next(r for r in self.results if r.n == base_n)
        result.import_rate = previous.import_rate
        result.queries_per_page = previous.queries_per_page
        note = (
            f"{base_n} pages importées (mesure de la taille {base_n}), puis copiées ×{factor} "
            f"par SQL ({sum(report['rows_added'].values())} lignes en {seconds:.1f} s)"
        )
        if report["tables_not_copied"]:
            note += f" ; tables non copiées : {', '.join(report['tables_not_copied'])}"
        result.notes.append(note)
        log(note)

    def gunicorn(self, port: int) -> list[str]:
        return [
            str(BIN / "gunicorn"), "agenda.wsgi", "-w", str(self.args.workers),
            "-b", f"127.0.0.1:{port}", "--timeout", f"{PAGE_TIMEOUT + 20:.0f}",
            "--log-level", "warning",
        ]  # fmt: skip

    def serve(self, result: SizeResult, folder: Path, database: Path) -> None:
        if self.remaining() < 4 * self.args.duration + 30:
            note = "mesures HTTP sautées : budget de temps épuisé"
            result.notes.append(note)
            log(note)
            return
        pages: dict[str, bytes] = {}
        modes = [("sans cache", {"CACHE_SECONDS": "0"})]
        if self.site_caches():
            modes.append(("avec cache", {}))  # the default settings (CACHE_SECONDS=60)
        for mode, extra in modes:
            port = load_port()
            env = self.db_env(database, **extra)
            log_file = folder / f"gunicorn-{extra.get('CACHE_SECONDS', 'defaut')}.log"
            stage = time.monotonic()
            with running(self.gunicorn(port), env=env, log=log_file) as server:
                home = wait_http(port, "/", server, timeout=60)
                started = time.monotonic() - stage
                event = get(port, result.event_path)
                for path, response in (("/", home), (result.event_path, event)):
                    if response.status != 200:
                        raise RuntimeError(
                            f"GET {path} → {response.status} (voir {log_file}):\n"
                            f"{response.body[:500]!r}"
                        )
                if b"<html" not in home.body.lower():
                    result.notes.append("la page d’accueil n’est pas encore une page HTML complète")
                pages = {"/": home.body, result.event_path: event.body}
                result.home_bytes, result.event_bytes = len(home.body), len(event.body)
                control = home.headers.get("cache-control", "")
                max_age = re.search(r"max-age=(\d+)", control)
                if mode == "sans cache" and max_age and int(max_age[1]) > 0:
                    result.notes.append(f"Cache-Control « {control} » malgré CACHE_SECONDS=0")
                site = SiteResult(mode)
                site.home = self.measure(port, "/", f"gunicorn {mode}, accueil", server.pid)
                site.event = self.measure(
                    port, result.event_path, f"gunicorn {mode}, événement", server.pid
                )
                result.sites.append(site)
            result.stages.append(
                (f"gunicorn {mode} (dont démarrage {started:.1f} s)", time.monotonic() - stage)
            )
        if nginx.nginx_binary() is None:
            return
        stage = time.monotonic()
        port = load_port()
        with nginx.serving(folder / "nginx", port, pages, workers=self.args.workers) as server:
            for path in pages:
                if get(port, path).body != pages[path]:
                    raise RuntimeError(f"nginx ne sert pas la page enregistrée {path}")
            result.nginx_home = self.measure(port, "/", "nginx statique, accueil", server.pid)
            result.nginx_event = self.measure(
                port, result.event_path, "nginx statique, événement", server.pid
            )
        result.stages.append(("nginx", time.monotonic() - stage))

    def settle(self, port: int, path: str) -> tuple[int, float]:
        """Let the server finish what the previous measurement left queued (sync workers serve
        requests whose client has gone): GET `path` until two answers in a row take about the
        same time; then, for a page that is not slow, a few at once, so that every worker has
        served (and cached) it. Returns the requests sent and the time the last one took."""
        deadline = time.monotonic() + 30
        previous = None
        sent = 0
        while True:
            began = time.monotonic()
            get(port, path, timeout=PAGE_TIMEOUT)
            sent += 1
            took = time.monotonic() - began
            if previous is not None and (
                abs(took - previous) <= 0.3 * max(took, previous, 0.01)  # stable
                or min(took, previous) > SLOW_PAGE  # slow twice: no cache to fill, just slow
            ):
                break
            if time.monotonic() > deadline:
                break
            previous = took
        if took < 1.0:
            with ThreadPoolExecutor(max_workers=2 * self.args.workers) as pool:  # every worker
                list(pool.map(lambda _: get(port, path), range(4 * self.args.workers)))
            sent += 4 * self.args.workers
        time.sleep(0.3)
        return sent, took

    def site_caches(self) -> bool:
        """Whether the project caches pages (cache_page, cache middleware, low-level cache or
        {% cache %}): then pages are also measured with the default settings."""
        if self.args.cached is not None:
            return self.args.cached
        code = sorted(
            str(path.relative_to(ROOT))
            for path in (ROOT / "agenda").rglob("*")
            if path.suffix in (".py", ".html")
            and "migrations" not in path.parts
            and CACHE_CODE.search(path.read_text(encoding="utf-8", errors="replace"))
        )
        if code:
            log(f"mise en cache trouvée dans : {', '.join(code[:5])}")
        else:
            log("le site ne met pas ses pages en cache : pas de mesure « avec cache »")
        return bool(code)

    def measure(self, port: int, path: str, label: str, server: int) -> LoadResult:
        """wrk on `path`, then the server's CPU time per request: the CPU its process group
        `server` used from the start of the run to the end of the requests it left queued. A
        page slower than SLOW_PAGE seconds alone is not put under load (it would time out)."""
        _sent, took = self.settle(port, path)
        if took > SLOW_PAGE:
            log(f"{label} : {took:.1f} s pour une seule requête, pas de mesure sous charge")
            return LoadResult(path, "–", 0.0, None, None, 0, 0, 0.0, alone_p50_ms=took * 1000,
                              note=f"trop lente pour wrk (> {SLOW_PAGE:.0f} s seule)")  # fmt: skip
        log(f"{label} : {self.args.duration:.0f} s, {self.args.connections} connexions…")
        cpu = group_cpu_seconds(server)
        result = load.measure(
            port, path, seconds=self.args.duration, connections=self.args.connections
        )
        sent, _took = self.settle(port, path)
        extra = self.args.connections + sent  # left in flight by wrk, and settling
        result.cpu_ms = (group_cpu_seconds(server) - cpu) * 1000 / (result.requests + extra)
        log(f"  → {result.summary()}")
        result.alone_p50_ms = load.sequential_p50(port, path)
        log(f"  → une requête à la fois : p50 {result.alone_p50_ms:.1f} ms")
        return result

    def profile(self) -> Path | None:
        """cProfile of importing 400 more pages into the largest imported database (or into a
        fresh one): where the time goes, at that size."""
        folder = self.tmp / "profile"
        folder.mkdir()
        database = folder / "agenda.sqlite3"
        env = self.db_env(database)
        first = 0
        if self.base:
            first, base = self.base
            with sqlite3.connect(base) as source, sqlite3.connect(database) as target:
                source.backup(target)
            source.close()
            target.close()
        else:
            self.run([str(BIN / "agenda"), "migrate", "--noinput", "-v0"], env=env, what="migrate")
        log(f"profilage (cProfile) de l’import de 400 pages dans une base de {first} événements…")
        pages = folder / "pages"
        write_pages(pages, 400, seed=self.args.seed, start=self.pages_start, first=first)
        self.profile_base = first
        target = OUT / "import-profile.txt"
        self.run(
            [sys.executable, "-m", "bench.importer", str(pages), "--profile", str(target)],
            env=env,
            what="import profilé",
        )
        return target


def nginx_or_which(name: str) -> str | None:
    return nginx.nginx_binary() if name == "nginx" else shutil.which(name)


def load_port() -> int:
    from .procs import free_port

    return free_port()


# --- report --------------------------------------------------------------------------------


def num(value: float) -> str:
    """4000 → "4 000"."""
    return f"{value:,.0f}".replace(",", "\u202f")


def fmt_load(result: LoadResult | None) -> str:
    if result is None:
        return "–"
    if result.note:
        return f"{result.note}"
    errors = f" ({result.errors} err.)" if result.errors else ""
    return f"{num(result.rps)} / {ms(result.p50_ms)} / {ms(result.p99_ms)}{errors}"


def ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def detail(results: list[SizeResult]) -> list[str]:
    lines = [
        "| N | serveur | page | req/s | p50 ms | p99 ms | p50 seule ms | CPU serveur ms/req "
        "| erreurs | taille | |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows = [(f"gunicorn {s.mode}", s.home, s.event) for s in r.sites]
        rows.append(("nginx statique", r.nginx_home, r.nginx_event))
        for server, home, event in rows:
            for page, load_result, size in (("accueil", home, r.home_bytes),
                                            ("événement", event, r.event_bytes)):  # fmt: skip
                if load_result is None:
                    continue
                lines.append(
                    f"| {num(r.n)} | {server} | {page} | {num(load_result.rps)} "
                    f"| {ms(load_result.p50_ms)} | {ms(load_result.p99_ms)} "
                    f"| {ms(load_result.alone_p50_ms)} "
                    f"| {'–' if load_result.cpu_ms is None else f'{load_result.cpu_ms:.2f}'} "
                    f"| {load_result.errors} | {size / 1024:.0f} Ko |"
                    + (f" {load_result.note}" if load_result.note else "")
                )
    return lines


def ratio(site: LoadResult | None, static: LoadResult | None) -> str:
    if not site or not static or not static.rps or site.note:
        return "–"
    return f"{site.rps / static.rps:.1%}".replace(".", ",")


def import_cell(result: SizeResult) -> str:
    if result.import_rate is None:
        return "–"
    rate = f"{result.import_rate:.0f}"
    if result.factor > 1:
        return f"{rate} ({num(result.imported)} importées, ×{result.factor} par SQL)"
    return rate


def table(results: list[SizeResult]) -> list[str]:
    lines = [
        "| N événements (séances) | import pages/s | mode | accueil req/s / p50 / p99 ms "
        "| événement req/s / p50 / p99 ms | nginx accueil / événement req/s "
        "| ratio gunicorn/nginx accueil / événement |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        nginx_cell = (
            f"{num(result.nginx_home.rps)} / {num(result.nginx_event.rps)}"
            if result.nginx_home and result.nginx_event
            else "–"
        )
        for site in result.sites or [SiteResult("–")]:
            lines.append(
                f"| {num(result.events)} ({num(result.sessions)}) | {import_cell(result)} "
                f"| {site.mode} | {fmt_load(site.home)} | {fmt_load(site.event)} | {nginx_cell} "
                f"| {ratio(site.home, result.nginx_home)} / "
                f"{ratio(site.event, result.nginx_event)} |"
            )
    return lines


def goals(results: list[SizeResult], connections: int) -> list[str]:
    lines = []
    rates = [r.import_rate for r in results if r.import_rate and r.factor == 1]
    if rates:
        worst = min(rates)
        verdict = "atteint" if worst >= GOAL_IMPORT else "MANQUÉ"
        lines.append(f"- import ≥ {GOAL_IMPORT} pages/s : {verdict} (pire mesure {worst:.0f}).")
    p50 = [
        (r.n, site.home, site.event)
        for r in results
        for site in r.sites
        if site.mode == "sans cache" and r.n == 4000
    ]
    for _n, home, event in p50:
        values = [r.p50_ms if r.p50_ms is not None else r.alone_p50_ms for r in (home, event)]
        verdict = "atteint" if max(values) < GOAL_P50_MS else "MANQUÉ"
        lines.append(
            f"- p50 < {GOAL_P50_MS} ms sans cache à 4 000 événements : {verdict} "
            f"(accueil {ms(values[0])} ms, événement {ms(values[1])} ms, sous "
            f"{connections} connexions ; requête seule : accueil "
            f"{ms(home.alone_p50_ms)} ms, événement {ms(event.alone_p50_ms)} ms)."
        )
    cached = [(r, s) for r in results for s in r.sites if s.mode == "avec cache"]
    if not cached:
        lines.append(
            f"- pages avec cache ≥ {GOAL_RATIO:.0%} du débit de nginx : non mesurable, "
            "le site ne met pas encore ses pages en cache."
        )
    for result, site in cached:
        if not (result.nginx_home and result.nginx_event):
            continue
        worst = min(site.home.rps / result.nginx_home.rps, site.event.rps / result.nginx_event.rps)
        verdict = "atteint" if worst >= GOAL_RATIO else "MANQUÉ"
        lines.append(
            f"- avec cache ≥ {GOAL_RATIO:.0%} de nginx à {num(result.events)} événements : "
            f"{verdict} (pire ratio {worst:.0%})."
        )
    return lines


def environment() -> list[str]:
    def version(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return "absent"
        text = (done.stdout + done.stderr).strip()  # `wrk --version` exits with 1
        return text.splitlines()[0] if text else "?"

    import django

    load1, load5, _ = os.getloadavg()
    return [
        f"- date : {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine : {os.cpu_count()} cœurs, {platform.machine()}, {platform.platform()}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}",
        f"- {version(['wrk', '--version'])} ; {version([nginx.nginx_binary() or 'nginx', '-v'])}",
        f"- charge moyenne de la machine (autres processus compris) : {LOAD_AT_START[0]:.2f} "
        f"au début (1 min), {load1:.2f} (1 min) et {load5:.2f} (5 min) à la fin",
    ]


def report(bench: Bench, profile: Path | None, total: float) -> str:
    args = bench.args
    lines = [
        "# Résultats de `make bench`",
        "",
        *environment(),
        f"- durée totale : {total:.0f} s ; gunicorn {args.workers} workers (sync), "
        f"{args.connections} connexions, {args.duration:.0f} s par mesure",
        "",
        f"Cellules : req/s / p50 / p99 (ms) sous {args.connections} connexions. "
        "« sans cache » : CACHE_SECONDS=0 ; « avec cache » : "
        "réglages par défaut (CACHE_SECONDS=60, cache locmem de chaque worker), mesuré si le site "
        "met en cache.",
        "",
        *table(bench.results),
        "",
        "## Détail",
        "",
        "« p50 seule » : requêtes envoyées une à une (le temps de faire une page, sans file "
        "d’attente). « CPU serveur » : temps CPU des processus du serveur par requête, peu "
        "sensible à la charge de la machine.",
        "",
        *detail(bench.results),
        "",
        "## Objectifs",
        "",
        *goals(bench.results, args.connections),
        "",
        "## Flux",
        "",
        "ICS de l’agenda (séances à venir et des 30 derniers jours) écrit en entier : à froid "
        "(chaque VEVENT rendu et stocké), puis fragments prêts (meilleur de 3). Mémoire : pic "
        "d’un worker gunicorn pendant qu’il diffuse cet ICS. Écritures : éléments de la réponse "
        "WSGI (un envoi chacun). API : médiane, une requête à la fois.",
        "",
        *feeds.report_lines([(r.events, r.feeds) for r in bench.results if r.feeds]),
        "",
        "## Durée des étapes",
        "",
        "| N | étape | s |",
        "|---|---|---|",
        *(f"| {num(r.n)} | {name} | {s:.1f} |" for r in bench.results for name, s in r.stages),
        "",
    ]  # fmt: skip
    notes = bench.notes + [f"N={r.n}: {note}" for r in bench.results for note in r.notes]
    notes += [
        f"N={r.n}: {r.queries_per_page:.1f} requêtes SQL par page importée ; accueil "
        f"{r.home_bytes / 1024:.0f} Ko, page d’événement {r.event_bytes / 1024:.0f} Ko"
        for r in bench.results
        if r.queries_per_page is not None
    ]
    if notes:
        lines += ["## Notes", "", *(f"- {note}" for note in notes), ""]
    if profile and profile.exists():
        head = profile.read_text(encoding="utf-8").split("\n\nTop 25")[0]
        lines += [
            "## Profil de l’import",
            "",
            f"400 pages de plus importées dans une base de {bench.profile_base} événements.",
            "",
            "```",
            head,
            "```",
            "",
        ]
    return "\n".join(lines)


def workdir(path: Path | None) -> Path:
    """A new temporary folder, or `path` made anew: `make bench` hands the sizes' generated
    pages and imported databases on to bench.publish instead of making them twice."""
    if path is None:
        return Path(tempfile.mkdtemp(prefix="agenda-bench-"))
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path.resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks d’import et de service.")
    parser.add_argument(
        "--sizes",
        default="400,4000,40000",
        type=lambda text: sorted(int(x) for x in text.split(",")),
        help="nombres d’événements, séparés par des virgules (défaut : 400,4000,40000)",
    )
    parser.add_argument("--duration", type=float, default=10.0, help="secondes par mesure")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--import-budget",
        type=float,
        default=240.0,
        help="secondes : une taille dont l’import est estimé plus long est faite par copie SQL",
    )
    parser.add_argument("--full-import", action="store_true", help="tout importer, sans copie")
    parser.add_argument("--budget", type=float, default=840.0, help="durée maximale visée (s)")
    parser.add_argument("--no-install", action="store_true", help="ne pas lancer apt-get")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-feeds", action="store_true", help="sans les mesures des flux")
    parser.add_argument(
        "--cached",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="mesurer aussi avec cache (défaut : si le code du site met en cache)",
    )
    parser.add_argument("--keep", action="store_true", help="garder le dossier temporaire")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="dossier de travail (neuf, gardé) : bench.publish --from y reprend pages et bases",
    )
    args = parser.parse_args(argv)

    tmp = workdir(args.workdir)
    tmp.chmod(0o755)  # nginx's workers (user nobody) read the saved pages below it
    log(f"dossier de travail : {tmp}")
    bench = Bench(args, tmp)
    profile = None
    status = 0
    try:
        bench.tools()
        bench.collectstatic()
        for n in args.sizes:
            log(f"=== N = {n} ===")
            bench.results.append(bench.size(n))
        slow = [r for r in bench.results if r.import_rate and r.import_rate < GOAL_IMPORT]
        if slow and not args.no_profile and bench.remaining() > 60:
            profile = bench.profile()
            head = profile.read_text(encoding="utf-8").split("\n\nTop 25")[0]
            print(head, flush=True)
    except Exception as exc:  # the partial results are still reported
        status = 1
        bench.notes.append(f"INTERROMPU : {type(exc).__name__}: {str(exc).strip()[:500]}")
        log("ERREUR :\n" + traceback.format_exc())
    finally:
        if args.keep or args.workdir:
            log(f"dossier gardé : {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    text = report(bench, profile, time.monotonic() - _started)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    log(f"écrit : {OUT / 'results.md'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
