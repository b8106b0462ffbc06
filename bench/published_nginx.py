"""The published site through nginx with OUR configuration, against nginx serving plain files.

One nginx (Debian's package, 2 workers, in the foreground, stopped by the bench) with two
`server` blocks on two ports of 127.0.0.1:
- **ours**: docs/deploy/nginx-published.conf as deployed — the security-header snippets written
  by `agenda nginx-snippet` from the site's settings, the `$agenda_dynamic` map, `try_files`
  with its gunicorn fallback (an upstream nobody listens on: the URLs measured are files, and
  nginx only connects to an upstream when a request needs it), types, charset, ETag,
  Cache-Control — serving the folder `agenda publish` wrote;
- **plain**: the same files' bytes copied to a bare folder, served by a `server` block with a
  root and nothing else (no header added, no map, no try_files).

Measured in turn, interleaved (ours, plain, ours, plain…) for each URL, `--rounds` rounds: the
home page, one event page (the middle one by name) and the agenda's ICS; wrk (else bench/load's
Python client) with 8 connections. Each cell: the median over the rounds of requests/s, and
nginx's CPU time per request (its workers' CPU over the run divided by the requests: the
steadier figure on a shared machine). The ratio ours / plain is what issue 9 asks to be ≥ 90 %.

    .venv/bin/python -m bench.published_nginx DIR   # DIR: a folder `agenda publish` wrote
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import load
from .nginx import (
    check,
    command,
    filled,
    nginx_binary,
    readable_by_workers,
    write_main_config,
    write_snippets,
)
from .procs import HOST, apt_install, free_port, get, group_cpu_seconds, running, wait_http

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "docs" / "deploy" / "nginx-published.conf"

# Beside our server block, a second one serving the same bytes as plain files; gzip on for
# clients asking it (wrk does not), as Debian's nginx.conf has it.
PLAIN = """\
    gzip on;
    server {{
        listen {host}:{plain_port};
        root {prefix}/plain;
    }}
"""
SNIPPETS = ("pages", "uploads", "widget")


@dataclass
class Cell:
    rps: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    p50_ms: list[float] = field(default_factory=list)
    errors: int = 0

    def median(self, values: str) -> float:
        return statistics.median(getattr(self, values))


def log(message: str) -> None:
    print(f"[nginx] {message}", file=sys.stderr, flush=True)


def chosen_urls(site: Path) -> dict[str, str]:
    """Label → URL path of the three files measured, all present in `site`."""
    events = sorted(p.parent.name for p in (site / "evenements").glob("*/index.html"))
    if not events or not (site / "agenda.ics").is_file():
        raise RuntimeError(f"{site} : pas une publication (évènements, agenda.ics)")
    return {
        "accueil": "/",
        "page d’évènement": f"/evenements/{events[len(events) // 2]}/",
        "agenda.ics": "/agenda.ics",
    }


def file_of(site: Path, url: str) -> Path:
    return site / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))


def plain_copies(site: Path, prefix: Path, urls: dict[str, str]) -> dict[str, str]:
    """The same bytes under bare names (a type from mime.types): label → plain URL."""
    plain = {}
    for number, (label, url) in enumerate(urls.items()):
        source = file_of(site, url)
        name = f"{number}{source.suffix}"
        shutil.copyfile(source, prefix / "plain" / name)
        plain[label] = f"/{name}"
    return plain


def our_server(site: Path, prefix: Path, port: int, snippets: Path, config: Path) -> str:
    return filled(config, {
        "LISTEN": f"{HOST}:{port}",
        "SERVER_NAME": HOST,
        "GUNICORN": f"{HOST}:{free_port()}",  # nobody listens: the measured URLs are files
        "PUBLISH_DIR": str(site),
        "MEDIA_ROOT": str(prefix / "media"),
        "SESSION_COOKIE": "sessionid",
        "SNIPPETS": str(snippets),
    })  # fmt: skip


def measure_once(port: int, path: str, pgid: int, args) -> tuple[load.LoadResult, float]:
    cpu = group_cpu_seconds(pgid)
    result = load.measure(
        port, path, seconds=args.nginx_seconds, connections=args.nginx_connections
    )
    cpu_ms = (group_cpu_seconds(pgid) - cpu) * 1000 / max(result.requests, 1)
    return result, cpu_ms


def compare(site: Path, env: dict, args) -> dict:
    """Rounds of interleaved measurements; label → {"ours": …, "plain": …, sizes} (JSON)."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx absent (apt-get install nginx-light)")
    prefix = Path(tempfile.mkdtemp(prefix="agenda-bench-nginx-"))
    try:
        for folder in ("plain", "media"):
            (prefix / folder).mkdir()
        urls = {
            k: v
            for k, v in chosen_urls(site).items()
            if not args.nginx_only or k in args.nginx_only
        }
        plain = plain_copies(site, prefix, urls)
        ours_port, plain_port = free_port(), free_port()
        snippets = write_snippets(prefix / "snippets", SNIPPETS, env)
        write_main_config(
            prefix,
            our_server(site, prefix, ours_port, snippets, args.nginx_config),
            workers=args.nginx_workers,
            connections=1024,
            more=PLAIN.format(host=HOST, plain_port=plain_port, prefix=prefix),
        )
        readable_by_workers(prefix, site)
        check(binary, prefix)
        with running(
            command(binary, prefix), env=dict(os.environ), log=prefix / "logs" / "stdout.log"
        ) as process:
            wait_http(ours_port, "/", process, timeout=30)
            measured = interleaved(site, urls, plain, (ours_port, plain_port), process.pid, args)
            return as_json(measured)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def interleaved(site: Path, urls: dict, plain: dict, ports: tuple, pgid: int, args) -> dict:
    ours_port, plain_port = ports
    results = {}
    for label, url in urls.items():
        mine, bare = get(ours_port, url), get(plain_port, plain[label])
        expected = file_of(site, url).read_bytes()
        if mine.status != 200 or mine.body != expected or bare.body != expected:
            raise RuntimeError(f"{url} : nginx ne sert pas le fichier publié ({mine.status})")
        results[label] = {
            "url": url,
            "bytes": len(expected),
            "header_bytes": {"ours": header_size(mine), "plain": header_size(bare)},
            "ours": Cell(),
            "plain": Cell(),
        }
    for round_number in range(args.nginx_rounds):
        for label, url in urls.items():
            for side, port, path in (("ours", ours_port, url), ("plain", plain_port, plain[label])):
                result, cpu_ms = measure_once(port, path, pgid, args)
                cell = results[label][side]
                cell.rps.append(result.rps)
                cell.cpu_ms.append(cpu_ms)
                cell.p50_ms.append(result.p50_ms)
                cell.errors += result.errors
            log(
                f"tour {round_number + 1}, {label} : {results[label]['ours'].rps[-1]:,.0f} / "
                f"{results[label]['plain'].rps[-1]:,.0f} req/s (load {os.getloadavg()[0]:.1f})"
            )
    return results


def header_size(response) -> int:
    return sum(len(name) + len(value) + 4 for name, value in response.headers.items())


def table(results: dict) -> str:
    """results: as `compare` returns them (label → url, bytes, header_bytes, ours, plain)."""
    lines = [
        "| fichier (octets) | notre configuration : req/s, CPU nginx par requête "
        "| fichiers nus : req/s, CPU par requête | ratio req/s (CPU) | en-têtes (octets) |",
        "|---|---|---|---|---|",
    ]
    for label, r in results.items():
        ours, plain = Cell(**r["ours"]), Cell(**r["plain"])
        errors = ours.errors + plain.errors
        lines.append(
            f"| {label} `{r['url']}` ({r['bytes']:,}) "
            f"| {ours.median('rps'):,.0f}, {ours.median('cpu_ms'):.3f} ms "
            f"| {plain.median('rps'):,.0f}, {plain.median('cpu_ms'):.3f} ms "
            f"| **{ours.median('rps') / plain.median('rps'):.0%}** "
            f"({plain.median('cpu_ms') / ours.median('cpu_ms'):.0%}) "
            f"| {r['header_bytes']['ours']} / {r['header_bytes']['plain']}"
            f"{f', {errors} erreurs' if errors else ''} |"
        )
    return "\n".join(lines)


def as_json(results: dict) -> dict:
    return {
        label: {**r, "ours": vars(r["ours"]), "plain": vars(r["plain"])}
        for label, r in results.items()
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--nginx-seconds", type=float, default=4, help="durée d’une mesure")
    parser.add_argument("--nginx-rounds", type=int, default=5, help="tours entrelacés")
    parser.add_argument("--nginx-connections", type=int, default=8)
    parser.add_argument("--nginx-workers", type=int, default=2, help="processus de nginx")
    parser.add_argument("--nginx-config", type=Path, default=CONFIG, help="configuration mesurée")
    parser.add_argument("--nginx-only", action="append", help="un fichier : accueil, agenda.ics…")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="dossier écrit par agenda publish")
    add_arguments(parser)
    args = parser.parse_args(argv)
    if not load.wrk_available():
        apt_install("wrk")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agenda.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-nginx",
        "SITE_URL": f"http://{HOST}",
        "ALLOWED_HOSTS": HOST,
    }
    results = compare(args.site.resolve(), env, args)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
