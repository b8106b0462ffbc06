"""A spreadsheet (XLSX, Office Open XML) written row by row, for large tables.

openpyxl, which reads the spreadsheets people import, writes about 600 rows of 35 cells a second
even in its write-only mode: the whole programme as open data would take minutes. This writes
the few parts a workbook needs (one sheet, text as inline strings, numbers, booleans) straight
into the zip archive while the rows come, in a temporary file, then hands the file back in
pieces. Text is always a string cell, never a formula; characters XML cannot hold are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""  # noqa: E501
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}">
<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""  # noqa: E501
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}">
<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>
</Relationships>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""  # noqa: E501


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _cell(ref: str, value, style: str = "") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'  # noqa: E501


def _row(number: int, refs: Sequence[str], values: Iterable, style: str = "") -> str:
    cells = "".join(
        _cell(f"{ref}{number}", value, style) for ref, value in zip(refs, values, strict=True)
    )
    return f'<row r="{number}">{cells}</row>'


def _core(title: str, creator: str, description: str, keywords: str) -> str:
    created = dt.datetime(2000, 1, 1, tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{_text(title)}</dc:title><dc:creator>{_text(creator)}</dc:creator>
<dc:description>{_text(description)}</dc:description><cp:keywords>{_text(keywords)}</cp:keywords>
<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>
</cp:coreProperties>"""  # noqa: E501


def xlsx_chunks(
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet: str,
    title: str = "",
    creator: str = "",
    description: str = "",
    keywords: str = "",
) -> Iterator[bytes]:
    """The workbook's bytes, in pieces: one sheet named `sheet`, `header` in bold, then the
    rows (str, int, float, bool or None for an empty cell). The same rows give the same bytes
    (the archive's dates are fixed), so a file rewritten with unchanged data is unchanged."""
    refs = [column_letters(index) for index in range(len(header))]
    workbook = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name={quoteattr(sheet[:31])} sheetId="1" r:id="rId1"/></sheets></workbook>"""  # noqa: E501
    with tempfile.TemporaryFile() as file:
        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, text in (
                ("[Content_Types].xml", CONTENT_TYPES),
                ("_rels/.rels", ROOT_RELS),
                ("docProps/core.xml", _core(title, creator, description, keywords)),
                ("xl/workbook.xml", workbook),
                ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                ("xl/styles.xml", STYLES),
            ):
                archive.writestr(_entry(name), text)
            with archive.open(_entry("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as part:
                part.write(
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
                )
                part.write(_row(1, refs, header, ' s="1"').encode())
                pending: list[str] = []
                for number, values in enumerate(rows, start=2):
                    pending.append(_row(number, refs, values))
                    if len(pending) == 200:
                        part.write("".join(pending).encode())
                        pending = []
                part.write(("".join(pending) + "</sheetData></worksheet>").encode())
        file.seek(0)
        while piece := file.read(64 * 1024):
            yield piece


def _entry(name: str) -> zipfile.ZipInfo:
    """An archive member with a fixed date, so the bytes depend on the content only."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info
