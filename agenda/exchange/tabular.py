"""Read a programme table (CSV or XLSX, one row a session) into cells. Pure functions.

CSV: UTF-8 with or without BOM, else Windows-1252; `;`, `,` or tab separated (guessed from the
header line). XLSX: the sheet named « programme », else the first one. Header names are matched
without case, accents or punctuation (« Début », « debut », « DEBUT » are one column).
Rows are located like a spreadsheet shows them: the file line (CSV) or the row number (XLSX),
and the column letter. Reading only: `bulk_rows.parse_rows` checks the values.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from agenda.lib.french import word
from agenda.lib.frenchdates import fold
from agenda.lib.limits import TABLE_COLUMNS, XLSX_PART_BYTES, XLSX_TOTAL_BYTES
from agenda.lib.pages import PageProblem
from agenda.lib.text import multi_line, single_line

MAX_ROWS = 5000
# (column, what it holds, example) in the template's order.
COLUMNS = [
    ("identifiant", "votre identifiant stable de la séance (facultatif)", "atelier-1"),
    ("evenement", "titre de l’événement ; les lignes de même titre forment un événement",
     "Atelier données ouvertes"),
    ("evenement_id", "votre identifiant de l’événement (facultatif, remplace le titre pour "
     "regrouper les lignes)", ""),
    ("chapeau", "résumé de l’événement en une ou deux phrases", "Découvrir data.gouv.fr."),
    ("categories", "catégories, séparées par |", "Atelier|Données"),
    ("etiquettes", "étiquettes, séparées par |", "open data"),
    ("public", "public visé, séparé par | (Agents publics, Grand public, Élus…)",
     "Agents publics|Élus"),
    ("date", "date de la séance, JJ/MM/AAAA", "12/11/2026"),
    ("debut", "heure de début, HH:MM (vide : toute la journée)", "14:00"),
    ("fin", "heure de fin, HH:MM", "16:30"),
    ("date_fin", "dernier jour, JJ/MM/AAAA, pour une séance sur plusieurs jours", ""),
    ("titre", "titre de la séance (facultatif)", "Prise en main"),
    ("formats", "formats, séparés par |", "Atelier|Démo"),
    ("description", "description de la séance (markdown)", "Apportez votre ordinateur."),
    ("mode", "presentiel, en-ligne ou mixte (vide : déduit du lieu et du lien visio)",
     "presentiel"),
    ("lieu", "nom du lieu", "Salle Marianne"),
    ("adresse", "numéro et rue", "20 avenue de Ségur"),
    ("code_postal", "code postal", "75007"),
    ("ville", "ville", "Paris"),
    ("lien_visio", "lien de la visioconférence, https://…", ""),
    ("accessibilite", "informations d’accessibilité", "Salle accessible en fauteuil roulant"),
    ("gratuit", "oui ou non", "oui"),
    ("inscription", "aucune, lien ou native (inscription sur l’agenda)", "native"),
    ("lien_inscription", "lien d’inscription externe, https://…", ""),
    ("places", "nombre de places (inscription native)", "30"),
]  # fmt: skip
KNOWN = {name for name, _, _ in COLUMNS}
ALIASES = {
    "id": "identifiant", "id_seance": "identifiant", "identifiant_seance": "identifiant",
    "titre_evenement": "evenement", "titre_de_l_evenement": "evenement", "evenements": "evenement",
    "evenement_titre": "evenement", "id_evenement": "evenement_id",
    "identifiant_evenement": "evenement_id", "categorie": "categories",
    "etiquette": "etiquettes", "tags": "etiquettes", "heure_debut": "debut",
    "heure_de_debut": "debut", "heure_fin": "fin", "heure_de_fin": "fin",
    "date_de_fin": "date_fin", "titre_seance": "titre", "titre_de_la_seance": "titre",
    "format": "formats", "mode_de_participation": "mode", "nom_du_lieu": "lieu",
    "cp": "code_postal", "lien_de_visio": "lien_visio", "visio": "lien_visio",
    "lien_d_inscription": "lien_inscription", "nombre_de_places": "places",
    "capacite": "places", "jauge": "places", "publics": "public", "public_vise": "public",
    "publics_vises": "public", "audience": "public",
}  # fmt: skip
TIME_COLUMNS = {"debut", "fin"}
MULTILINE_COLUMNS = {"description"}


@dataclass
class Row:
    line: int  # CSV: file line where the record starts; XLSX: row number
    values: dict[str, str]  # canonical column → text, stripped


@dataclass
class Table:
    path: str
    kind: str  # "csv" or "xlsx"
    columns: dict[str, int] = field(default_factory=dict)  # canonical column → 1-based index
    rows: list[Row] = field(default_factory=list)
    problems: list[PageProblem] = field(default_factory=list)

    def problem(self, line: int, column: str, code: str, message: str, **extra) -> PageProblem:
        """A problem in a cell; in a column the file lacks, located on the row only."""
        index = self.columns.get(column)
        return PageProblem(
            self.path,
            line,
            code,
            message,
            column=index or 1,
            field=column if index else "",
            **extra,
        )


def normalize(text: Any) -> str:
    """« Lien d’inscription » → lien_d_inscription: no case, accents or punctuation."""
    return re.sub(r"[^a-z0-9]+", "_", fold(str(text or ""))).strip("_")


def header_key(name: Any) -> str:
    """« Date de fin » → date_fin; « Lien d’inscription » → lien_inscription."""
    key = normalize(name)
    return ALIASES.get(key, key)


def column_letter(index: int) -> str:
    return get_column_letter(max(index, 1))


def where(problem: PageProblem) -> str:
    """« ligne 7, colonne « debut » (F) », as the person sees it in a spreadsheet."""
    text = f"ligne {problem.line}"
    if problem.field in KNOWN:
        text += f", colonne « {problem.field} » ({column_letter(problem.column)})"
    elif problem.field:
        text += f", {problem.field}"
    return text


def read_table(data: bytes, *, filename: str) -> Table:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data, path=filename)
    return read_csv(data, path=filename)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252, the encoding of French Excel's CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The separator the header line uses most, outside quotes: `;` when none is found."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    if header.lower().startswith("sep=") and len(header) > 4:  # Excel's « sep=; » first line
        return header[4]
    header = re.sub(r'"[^"]*"', "", header)
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def read_csv(data: bytes, *, path: str) -> Table:
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    records, start = [], 1
    try:
        for fields in reader:
            records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        table = Table(path, "csv")
        message = f"fichier CSV illisible : {exc}"
        table.problems.append(PageProblem(path, reader.line_num, "csv-syntax", message))
        return table
    return build_table(records, path=path, kind="csv")


def read_xlsx(data: bytes, *, path: str) -> Table:
    from openpyxl import load_workbook

    try:
        too_large = _over_budget(data)
        workbook = (
            None if too_large else load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        table = Table(path, "xlsx")
        message = f"classeur XLSX illisible ({exc.__class__.__name__})"
        table.problems.append(PageProblem(path, 1, "xlsx-unreadable", message))
        return table
    if workbook is None:
        table = Table(path, "xlsx")
        table.problems.append(PageProblem(path, 1, "xlsx-too-large", too_large))
        return table
    try:
        names = {header_key(name): name for name in workbook.sheetnames}
        sheet = workbook[names["programme"]] if "programme" in names else workbook.worksheets[0]
        records = []
        rows = sheet.iter_rows(min_row=1, max_col=TABLE_COLUMNS, values_only=True)
        for number, values in enumerate(rows, start=1):
            records.append((number, list(values)))
            if number > MAX_ROWS + 100:
                break
    finally:
        workbook.close()
    return build_table(records, path=path, kind="xlsx")


def _over_budget(data: bytes) -> str | None:
    """Why a workbook is refused before it is opened: the sizes its zipped parts declare (the
    unzipping stops at them) say what reading it would cost."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    largest = max(parts, key=lambda part: part.file_size, default=None)
    if largest is not None and largest.file_size > XLSX_PART_BYTES:
        size = largest.file_size // (1024 * 1024)
        return (
            f"classeur trop volumineux une fois décompressé ({largest.filename} : {size} Mio, "
            f"au plus {XLSX_PART_BYTES // (1024 * 1024)}) : enregistrer seulement le programme"
        )
    if sum(part.file_size for part in parts) > XLSX_TOTAL_BYTES:
        return (
            f"classeur trop volumineux une fois décompressé (plus de "
            f"{XLSX_TOTAL_BYTES // (1024 * 1024)} Mio) : enregistrer seulement le programme"
        )
    return None


def cell_text(value: Any, column: str) -> str:
    """A spreadsheet value as the text a CSV would hold (dates JJ/MM/AAAA, hours HH:MM)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if column in TIME_COLUMNS:
            return f"{value:%H:%M}"
        return f"{value:%d/%m/%Y}" if value.time() == dt.time(0) else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def build_table(records: list[tuple[int, list[Any]]], *, path: str, kind: str) -> Table:
    """The first non-empty record is the header; empty records are skipped."""
    table = Table(path, kind)
    records = [(line, fields) for line, fields in records if any(_filled(v) for v in fields)]
    if records and kind == "csv" and str(records[0][1][0]).lower().startswith("sep="):
        records = records[1:]
    if not records:
        table.problems.append(PageProblem(path, 1, "empty", "le fichier ne contient aucune ligne"))
        return table
    header_line, header = records[0]
    _read_header(table, header_line, header)
    if any(p.severity == "error" for p in table.problems):
        return table
    for line, fields in records[1:]:
        if len(table.rows) >= MAX_ROWS:
            message = f"plus de {MAX_ROWS} lignes : les suivantes sont ignorées"
            table.problems.append(PageProblem(path, line, "too-many-rows", message))
            break
        values = {
            name: cell_text(fields[index - 1], name) if index <= len(fields) else ""
            for name, index in table.columns.items()
        }
        nul = next((name for name, value in values.items() if "\x00" in value), None)
        if nul:
            message = "caractère nul (U+0000) dans la cellule : ligne ignorée"
            table.problems.append(table.problem(line, nul, "nul-character", message))
        elif any(values.values()):
            table.rows.append(Row(line, _normalised(values)))
    return table


def _normalised(values: dict[str, str]) -> dict[str, str]:
    """Cells as one line of text, the description as paragraphs: no control characters."""
    return {
        name: multi_line(value).strip() if name in MULTILINE_COLUMNS else single_line(value)
        for name, value in values.items()
    }


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _read_header(table: Table, line: int, header: list[Any]) -> None:
    for index, name in enumerate(header, start=1):
        key = header_key(name)
        where_ = f"colonne {column_letter(index)}"
        if not key:
            continue
        if key not in KNOWN:
            message = f"{where_} : colonne inconnue « {name} », ignorée"
            table.problems.append(
                PageProblem(table.path, line, "unknown-column", message, "warning", index)
            )
        elif key in table.columns:
            message = f"{where_} : colonne « {key} » en double, seule la première est lue"
            table.problems.append(
                PageProblem(table.path, line, "duplicate-column", message, "warning", index)
            )
        else:
            table.columns[key] = index
    missing = [name for name in ("date",) if name not in table.columns]
    if "evenement" not in table.columns and "evenement_id" not in table.columns:
        missing.insert(0, "evenement")
    if missing:
        names = ", ".join(f"« {name} »" for name in missing)
        message = (
            f"{word(len(missing), 'colonne obligatoire absente', 'colonnes obligatoires absentes')}"
            f" : {names} ; la première ligne doit porter les "
            "noms de colonnes du modèle"
        )
        table.problems.append(PageProblem(table.path, line, "missing-column", message))


# --- the template to download ------------------------------------------------------------------

EXAMPLE_ROWS = [
    {name: example for name, _, example in COLUMNS},
    {
        "identifiant": "atelier-2", "evenement": "Atelier données ouvertes", "date": "13/11/2026",
        "debut": "10:00", "fin": "12:00", "titre": "Aller plus loin", "formats": "Atelier",
        "mode": "en-ligne", "lien_visio": "https://webinaire.numerique.gouv.fr/exemple",
        "gratuit": "oui", "inscription": "aucune",
    },
]  # fmt: skip


def template_csv() -> bytes:
    """The CSV template: UTF-8 with a BOM and `;` separators, as French Excel opens it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([name for name, _, _ in COLUMNS])
    for example in EXAMPLE_ROWS:
        writer.writerow([example.get(name, "") for name, _, _ in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The XLSX template: a « programme » sheet (header, two example rows), and « aide »."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "programme"
    sheet.append([name for name, _, _ in COLUMNS])
    for example in EXAMPLE_ROWS:
        sheet.append([example.get(name, "") for name, _, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (name, _, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[column_letter(index)].width = max(12, len(name) + 4)
        for row in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            row[0].number_format = "@"  # text: dates and hours stay as typed
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet("aide")
    help_sheet.append(["colonne", "contenu", "exemple"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for row in COLUMNS:
        help_sheet.append(list(row))
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["B"].width = 80
    help_sheet.column_dimensions["C"].width = 30
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
