"""`agenda check`: content checks on pages, or Django's system checks when given nothing to read.

    agenda check PATH…                 pages (folders recursively), compiler-style problems
    agenda check --format json PATH…   a JSON list of {path, line, column, code, severity, message}
    agenda check --site DIR PATH…      also the images the pages refer to, read in the site root
                                       as `agenda import --site` reads them (nothing copied)
    agenda check --published           the published events of the database
    agenda check --list                the rules, with a wrong and a right example each
    agenda check [app_label…]          Django's system checks, as `manage.py check`

Exit status 1 when an error-severity problem is found.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps
from django.core.management.base import CommandError
from django.core.management.commands.check import Command as SystemCheck

from agenda.checks.runner import check_one, check_pages, has_errors, problem_dict, rules
from agenda.exchange.keymaps import add_key_options, keys_of
from agenda.exchange.reading import display_path, read_and_check
from agenda.exchange.site_images import place_images
from agenda.lib.french import compte
from agenda.lib.pages import PageData, PageError, PageProblem

SEVERITY_FR = {"error": "erreur", "warning": "avertissement", "info": "information"}


class Command(SystemCheck):
    help = (
        "Vérifie le contenu de pages Jekyll (fichiers, dossiers parcourus récursivement) ou des "
        "événements publiés (--published) ; sans argument, lance les vérifications système de "
        "Django."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest == "args":
                action.metavar = "PATH"
                action.help = "pages ou dossiers à vérifier (ou app_label : vérifications Django)"
        parser.add_argument(
            "--format",
            choices=["text", "json", "markdown"],
            default="text",
            help="text : chemin:ligne:colonne: code: message ; json : une liste d’objets ; "
            "markdown : pour --list",
        )
        parser.add_argument("--list", action="store_true", help="liste les règles et leurs codes")
        parser.add_argument(
            "--site",
            metavar="DIR",
            help="racine du site Jekyll : signale les images des pages absentes ou illisibles "
            "(comme agenda import --site, sans rien copier)",
        )
        add_key_options(parser)
        parser.add_argument(
            "--published", action="store_true", help="vérifie les événements publiés (base)"
        )

    def handle(self, *args, **options):
        output = options.get("format") or "text"
        if options.get("list"):
            self.stdout.write(rules_listing(output), ending="")
            return
        paths = [arg for arg in args if Path(arg).exists()]
        labels = [arg for arg in args if arg not in paths and _is_app_label(arg)]
        unknown = [arg for arg in args if arg not in paths and arg not in labels]
        if unknown:
            raise CommandError(f"fichier ou dossier introuvable : {', '.join(unknown)}")
        if not options.get("published") and not paths:
            return super().handle(*args, **options)  # `check` alone: Django's system checks
        if labels:
            raise CommandError(
                f"des pages et des applications à la fois : {', '.join(labels)} ? "
                "(`agenda check app_label` lance les vérifications système de Django)"
            )
        site = options.get("site")
        if site and not Path(site).is_dir():
            raise CommandError(f"--site {site} : dossier introuvable")
        skipped: list = []
        # Each page's own rules run where it is read (a process per core when there are many).
        pages, failures, checked = read_and_check(paths, skipped=skipped, keys=keys_of(options))
        if options.get("verbosity", 1) >= 2:
            for item in skipped:
                self.stderr.write(f"{display_path(item.path)}: ignoré : {item.reason}")
        if options.get("published"):
            published, unreadable = published_pages()
            pages += published
            checked += [check_one(page) for page in published]
            failures += unreadable
        problems = [*failures, *check_pages(pages, checked)]
        if site:  # after the checks: the images' reading leaves out those it cannot find
            problems += [p for page in pages for p in place_images(page, site=site, store=False)]
        problems.sort(key=lambda p: (p.path, p.line, p.column, p.code))
        self._report(problems, output, len(pages) + len(failures))
        if has_errors(problems):
            errors = sum(p.severity == "error" for p in problems)
            raise CommandError(f"{compte(errors, 'erreur')} dans le contenu", returncode=1)

    def _report(self, problems: list[PageProblem], output: str, count: int) -> None:
        if output == "json":
            self.stdout.write(
                json.dumps([as_json(p) for p in problems], ensure_ascii=False, indent=1)
            )
            return
        for problem in problems:
            self.stdout.write(str(problem))
        by_severity = {s: sum(p.severity == s for p in problems) for s in SEVERITY_FR}
        summary = ", ".join(compte(n, SEVERITY_FR[s]) for s, n in by_severity.items() if n)
        checked = compte(count, "page vérifiée", "pages vérifiées")
        self.stderr.write(f"{checked} : {summary or 'aucun problème'}")


def _is_app_label(arg: str) -> bool:
    try:
        apps.get_app_config(arg)
    except LookupError:
        return False
    return True


def as_json(problem: PageProblem) -> dict:
    """The JSON the issue specifies: {path, line, column, code, severity, message}."""
    item = problem_dict(problem)
    del item["field"]
    return item


def published_pages() -> tuple[list[PageData], list[PageProblem]]:
    """Every published event rebuilt as the page it came from (or would be written as)."""
    from agenda.events.models import Event
    from agenda.exchange.jekyll import parse_page
    from agenda.exchange.jekyll_writer import write_page

    pages, failures = [], []
    for event in Event.objects.published().order_by("slug"):
        path = event.source_path or event.slug
        try:
            text = event.source_text or write_page(event)
            pages.append(parse_page(text, path=path, slug=event.slug))
        except PageError as error:
            failures.append(error.problem)
    return pages, failures


def rules_listing(output: str = "text") -> str:
    """`agenda check --list`: every rule, in text, JSON or the markdown of docs/checks.md."""
    items = rules()
    if output == "json":
        return (
            json.dumps(
                [
                    {
                        "code": r.code,
                        "severity": r.severity,
                        "scope": r.scope,
                        "description": r.description,
                        "wrong": r.wrong,
                        "right": r.right,
                    }
                    for r in items
                ],
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
    if output == "markdown":
        return rules_markdown()
    lines = []
    for r in items:
        scope = " — compare les pages entre elles" if r.scope == "pages" else ""
        lines += [
            f"{r.code} ({SEVERITY_FR[r.severity]}{scope})",
            f"    {r.description}",
            *(f"    faux  : {line}" for line in r.wrong.splitlines()),
            *(f"    juste : {line}" for line in r.right.splitlines()),
            "",
        ]
    return "\n".join(lines)


def rules_markdown() -> str:
    parts = [
        "# Vérifications du contenu (`agenda check`)",
        "",
        "<!-- Généré par `agenda check --list --format markdown > docs/checks.md` : "
        "modifier les règles, pas ce fichier. -->",
        "",
        "Chaque règle a un code stable, une gravité (erreur, avertissement, information) et un "
        "message en français qui dit ce qui ne va pas et, quand c’est possible, ce qui était "
        "probablement voulu. Un problème pointe la page, la ligne et la colonne (et la clé pour "
        "l’en-tête YAML), comme un compilateur :",
        "",
        "```",
        "mois-de-linnovation-publique-edition-2023.markdown:30:35: weekday-mismatch: le "
        "03/11/2023 est un vendredi : vendredi 03/11 ou jeudi 02/11 ?",
        "```",
        "",
        "- `agenda check PATH…` : fichiers et dossiers (récursivement) ; les règles qui comparent "
        "les pages entre elles le font sur toutes les pages données ;",
        "- `agenda check --site DOSSIER PATH…` : aussi les images des pages, lues dans la "
        "racine du site comme `agenda import --site` les lit (`missing-image` : absente ou "
        "illisible), sans rien copier ;",
        "- `agenda check --published` : les événements publiés de la base ;",
        "- `agenda check --format json …` : une liste de `{path, line, column, code, severity, "
        "message}` ;",
        "- `agenda check --list` : cette liste ;",
        "- `agenda check` seul (ou avec des app_label) : les vérifications système de Django.",
        "",
        "Le code de sortie vaut 1 s’il y a au moins une erreur ; les avertissements sont "
        "affichés sans changer le code de sortie.",
        "",
        "Dans le code : `agenda.checks.check_pages(pages)` (toutes les règles, les pages "
        "comparées entre elles), `check_page(page)` (une page seule ; les règles « toutes les "
        "pages » n’y voient que les contradictions de la page avec elle-même ou avec un lieu "
        "connu), `check_across(pages, reference=…)` (les règles « toutes les pages » entre des "
        "pages et des événements déjà enregistrés, dont seuls les problèmes des pages sont "
        "rendus) et `check_paths(paths)` (fichiers et dossiers ; une page illisible donne le "
        "problème qui l’a arrêtée). Les problèmes sont des `PageProblem` triés par chemin, "
        "ligne, colonne.",
        "",
        "À l’import (`agenda import`) et à l’enregistrement d’un formulaire, chaque page passe "
        "`check_page`, puis les règles « toutes les pages » (doublon, lien réutilisé) la "
        "comparent aux autres pages de l’import qui partagent ses dates ou un lien, et, pour un "
        "petit import (50 pages au plus) ou un formulaire, aux événements déjà enregistrés "
        "(`agenda/exchange/crosscheck.py`) ; les problèmes sont gardés avec l’événement.",
        "",
        "Mesure : `tests/test_checks_corpus.py` vérifie toutes les pages de "
        "`../shared/corpus/`, compare avec ce qu’un lecteur attentif y a relevé "
        "(`expected/*.json`) et affiche rappel et précision par code (`pytest -s`) ; le test "
        "échoue sous 0,9. Les pages que le lecteur a trouvées sans défaut ne doivent recevoir "
        "aucune erreur. Nos propres pages (`tests/pages/`, écrites dans des formes que le corpus "
        "ne montre pas, avec leurs erreurs et des phrases proches qui n’en sont pas) doivent "
        "recevoir exactement les problèmes attendus (`tests/test_own_pages.py`). `python -m "
        "bench.check_scores` affiche précision et rappel par code sur les deux, et les pages qui "
        "diffèrent. Enfin, `tests/test_checks_injected.py` glisse dans chaque page du corpus "
        "des erreurs qu’un éditeur fait, sous plusieurs formes (chapeau, champ, texte "
        "alternatif, en-tête, corps), et des réécritures sans erreur (heures écrites "
        "autrement, espaces insécables, phrase au passé, lien avec une année) : chaque erreur "
        "doit être signalée à sa ligne sur chaque page, aucune réécriture ne doit l’être "
        "(`python -m tests.injecting` affiche le tableau forme par forme).",
        "",
        "Les règles lisent la phrase plutôt qu’une liste de tournures : une phrase au passé "
        "(« avait réuni », « vous étiez »), qui regarde ailleurs (« depuis », « précédente », "
        "« revivez ») ou qui place un fait à une autre édition sans verbe au présent ni au futur "
        "(« lors de l’édition 2022, 900 participants » ; mais « lors de l’édition 2022, venez… » "
        "ou « …, la DINUM propose… », une phrase recopiée, sont des erreurs) raconte l’histoire ; "
        "un nom est celui de l’événement quand la moitié "
        "de ses mots sont ceux du titre ou leurs initiales (« MIP », « #MoisInnovation »). "
        "Décidé : l’année d’un chemin de lien (`/2022/programme.pdf`) n’est pas lue (c’est où "
        "le fichier est rangé, pas quand l’événement a lieu ; `reused-link` voit un lien "
        "d’inscription recopié) ; un numéro d’édition (« 5e édition ») n’est pas comparé à "
        "l’année, rien ne disant quelle année fut la première ; une date ou un nombre dans un "
        "champ de texte est lu tel qu’écrit.",
        "",
        "Ajouter une règle : un générateur dans `agenda/checks/rules_*.py`, décoré par "
        "`@rule(code, gravité, description, wrong=…, right=…)` ; il reçoit la page "
        "(`PageData`) et un `CheckContext` qui sait où chaque valeur est écrite dans le fichier "
        "(`ctx.problem(code, offset, message, field=…)`). Puis régénérer ce fichier.",
        "",
        "| code | gravité | portée |",
        "|---|---|---|",
    ]
    for r in rules():
        scope = "toutes les pages" if r.scope == "pages" else "une page"
        parts.append(f"| [`{r.code}`](#{r.code}) | {SEVERITY_FR[r.severity]} | {scope} |")
    parts.append("")
    for r in rules():
        parts += [
            f"## {r.code}",
            "",
            f"*{SEVERITY_FR[r.severity].capitalize()}.* {r.description}",
            "",
            "Faux :",
            "",
            "```",
            r.wrong,
            "```",
            "",
            "Juste :",
            "",
            "```",
            r.right,
            "```",
            "",
        ]
    return "\n".join(parts)
