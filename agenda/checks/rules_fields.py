"""malformed-field: the entries of `champs_informations` as the page writes them (no label, empty,
unknown or doubled keys, a mapping instead of a list, a key that lost its indentation)."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from agenda.lib.french import word
from agenda.lib.pages import PageData, PageProblem

from .rules import ERROR, CheckContext, folded, rule
from .rules_front import NULLS

INFO_KEYS = ("intitule", "contenu", "lien")


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != "" and value != [] and value != {}


@rule(
    "malformed-field",
    ERROR,
    "Un champ d’information (champs_informations) sans intitulé, vide, avec des clés inconnues "
    "ou écrites deux fois (seules intitule, contenu et lien sont lues une fois) ; "
    "champs_informations écrit autrement qu’en liste, sous une clé mal orthographiée "
    "(champ_information, champs-informations), ou une de ses clés sortie de la liste "
    "(indentation perdue, espace oublié après le tiret) ; un accès (acces) qui ne serait pas lu : "
    "une entrée écrite comme un texte au lieu de « - type: … », des lignes écrites comme un "
    "texte (« lignes: 28, 82 ») au lieu de « - nom: … », une clé inconnue, acces écrit "
    "autrement qu’en liste. Une date ou un nombre dans un champ de texte, des espaces en trop ou "
    "un « nom: » vide ne sont pas des erreurs (lus tels qu’écrits).",
    wrong="- intitule: Inscription\n  contenu: par courriel\n  mailto: etna@numerique.gouv.fr",
    right="- intitule: Inscription\n  contenu: par courriel\n  lien: mailto:etna@numerique.gouv.fr",
)
def malformed_field(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    yield from _misplaced_info_keys(ctx)
    yield from _access_entries(ctx)
    for entry in ctx.info_entries:
        if not entry.is_mapping:
            yield ctx.problem(
                "malformed-field",
                entry.offset,
                "champ d’information sans clés : « - intitule: … / contenu: … » ?",
                field="champs_informations",
            )
            continue
        unknown = [key for key in entry.values if key not in INFO_KEYS]
        hint = _unknown_hint(entry.values, unknown)
        label, content, link = (entry.values.get(key) for key in INFO_KEYS)
        if not _filled(label):
            if not _filled(content) and not _filled(link) and not unknown:
                message = (
                    "champ d’information vide (ni intitulé, ni contenu, ni lien) : à supprimer ?"
                )
            else:
                message = "champ d’information sans intitulé" + (f" ; {hint}" if hint else "")
        elif unknown:
            message = f"champ « {str(label).strip()} » : {hint}"
        elif entry.duplicates:
            twice = ", ".join(f"« {key} »" for key in dict.fromkeys(entry.duplicates))
            message = (
                f"champ « {str(label).strip()} » : clé {twice} écrite deux fois, seule la "
                "dernière est lue"
            )
        elif not all(isinstance(entry.values.get(k), str | None) for k in INFO_KEYS):
            message = f"champ « {str(label).strip()} » : une valeur n’est pas un texte"
        else:
            continue
        # The entry's first line: the whole entry is what the editor has to fix.
        offset = entry.offset
        yield ctx.problem("malformed-field", offset, message, field="champs_informations")


def _misplaced_info_keys(ctx: CheckContext) -> Iterator[PageProblem]:
    """`champs_informations` written as a mapping or a text instead of a list of entries, and
    an entry's key that slipped to the top level (its indentation lost)."""
    nodes = ctx.front_nodes.get("champs_informations")
    if nodes is not None and not isinstance(nodes[1], yaml.SequenceNode):
        filled = not isinstance(nodes[1], yaml.ScalarNode) or nodes[1].value.strip() not in NULLS
        if filled:
            yield ctx.problem(
                "malformed-field",
                ctx.key_offset("champs_informations") or 0,
                "champs_informations doit être une liste d’entrées « - intitule: … » (un tiret "
                "devant chaque entrée) : ce qui est écrit là n’est pas lu",
                field="champs_informations",
            )
    if nodes is None:
        yield from _misspelt_info_key(ctx)
    for key in ctx.front_nodes:
        # "contenu:" that lost its indentation, "-intitule:" that lost the space after its dash.
        if folded(key).lstrip("- ").strip() in INFO_KEYS:
            yield ctx.problem(
                "malformed-field",
                ctx.key_offset(key) or 0,
                f"« {key}: » est hors de champs_informations (indentation perdue, ou espace "
                "oublié après le tiret ?) : il n’est pas lu",
                field=key,
            )


def _misspelt_info_key(ctx: CheckContext) -> Iterator[PageProblem]:
    """`champs_information:`, `champ-informations:`: the list is written under a key nobody
    reads (champs_informations, plurals aside, give or take one letter)."""
    for key in ctx.front_nodes:
        if key in ctx.page.mapped_keys.values():
            continue  # read under our name (--map, profiles)
        # Plurals aside ("champ_information"), one letter off at most.
        plain = folded(key).replace("-", "_").replace(" ", "_").replace("s", "")
        if not _one_edit(plain, "champ_information"):
            continue
        yield ctx.problem(
            "malformed-field",
            ctx.key_offset(key) or 0,
            f"« {key}: » au lieu de « champs_informations: » : ces champs ne sont pas lus",
            field=key,
        )


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by at most one letter added, removed or replaced."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            rest = b[i + 1 :]
            return a[i + 1 :] == rest or a[i:] == rest
    return True


def _unknown_hint(values: dict, unknown: list[str]) -> str:
    if not unknown:
        return ""
    hints = []
    for key in unknown:
        plain = folded(key).strip()
        if plain in INFO_KEYS:
            hints.append(f"« {key} » au lieu de « {plain} »")
        elif plain in ("mailto", "email", "e-mail", "courriel", "mail"):
            hints.append(f"« {key}: » au lieu de « lien: mailto:{values.get(key) or ''} »")
        elif plain in ("url", "href", "link", "lien"):
            hints.append(f"« {key} » au lieu de « lien »")
        elif plain in ("titre", "label", "title", "intitulé"):
            hints.append(f"« {key} » au lieu de « intitule »")
        else:
            hints.append(f"« {key} » inconnue")
    return word(len(hints), "clé non lue", "clés non lues") + " : " + ", ".join(hints)


ACCESS_KEYS = ("type", "lignes")


def _access_entries(ctx: CheckContext) -> Iterator[PageProblem]:
    """`acces` as the reader reads it: a list of `- type: …` entries whose `lignes` are `- nom:
    …` entries. Anything else loses what it says (`- Métro Ségur (ligne 10)`, `lignes: 28, 82`,
    `ligne:`, a mapping instead of a list): the visitor never reads it. This rule is the one
    writer of these problems (the reader's shape warnings about `acces` are not shown twice);
    an empty `nom:` or stray spaces lose nothing."""
    nodes = ctx.front_nodes.get("acces")
    if nodes is None:
        return
    if not isinstance(nodes[1], yaml.SequenceNode):
        if not _filled_text(nodes[1]) and isinstance(nodes[1], yaml.ScalarNode):
            return
        yield ctx.problem(
            "malformed-field",
            ctx.key_offset("acces") or 0,
            "acces doit être une liste d’entrées « - type: … » (un tiret devant chaque entrée) : "
            "ce qui est écrit là n’est pas lu",
            field="acces",
        )
        return
    for item in nodes[1].value:
        fault = _access_fault(item)
        if fault:
            yield ctx.problem(
                "malformed-field", ctx.front_offset + item.start_mark.index, fault, field="acces"
            )


def _access_fault(item: yaml.Node) -> str:
    """What an `acces` entry loses, in French ("" when it is read whole)."""
    if isinstance(item, yaml.ScalarNode):
        if not _filled_text(item):
            return ""
        return (
            f"accès « {item.value.strip()} » écrit comme un texte au lieu de « - type: … » (et "
            "« lignes: - nom: … ») : il n’est pas lu"
        )
    if not isinstance(item, yaml.MappingNode):
        return "entrée d’accès illisible : « - type: … » et « lignes: - nom: … » ?"
    values = {str(key.value): value for key, value in item.value}
    unknown = [
        key
        for key, value in values.items()
        if folded(key).strip() not in ACCESS_KEYS and _holds_text(value)
    ]
    if unknown:
        keys = ", ".join(f"« {key} »" for key in unknown)
        named = word(len(unknown), "clé non lue", "clés non lues")
        return f"accès : {named} {keys} (seules type et lignes sont lues)"
    lines = values.get("lignes")
    if lines is None or (isinstance(lines, yaml.ScalarNode) and not _filled_text(lines)):
        return ""
    if not isinstance(lines, yaml.SequenceNode):
        written = lines.value.strip() if isinstance(lines, yaml.ScalarNode) else "…"
        return (
            f"accès : lignes « {written} » écrites comme un texte au lieu de « - nom: … » (une "
            "ligne par tiret) : elles ne sont pas lues"
        )
    for line in lines.value:
        if _filled_text(line):
            return (
                f"accès : ligne « {line.value.strip()} » écrite comme un texte au lieu de "
                "« - nom: … » : elle n’est pas lue"
            )
        other = [
            str(key.value)
            for key, value in (line.value if isinstance(line, yaml.MappingNode) else ())
            if folded(str(key.value)).strip() != "nom" and _holds_text(value)
        ]
        if other:
            return f"accès : clé « {other[0]} » d’une ligne non lue (seule « nom » est lue)"
    return ""


def _holds_text(node: yaml.Node) -> bool:
    """Something is written there (empty keys left in a template lose nothing: `- Key:`)."""
    if isinstance(node, yaml.ScalarNode):
        return _filled_text(node)
    if isinstance(node, yaml.SequenceNode):
        return any(_holds_text(item) for item in node.value)
    return any(_holds_text(value) for _, value in node.value)


def _filled_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value.strip() not in NULLS
