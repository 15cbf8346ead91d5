"""A curator's spreadsheet read within bounds: a CSV file or an Excel workbook, as rows of text.

A spreadsheet comes from outside like any contribution. openpyxl believed a workbook's own
``<dimension>``: a 1.7 KB file claiming A1:XFD1048576 had every row padded to 16,384 columns
and exhausted memory, even for ``--dry-run``; it kept every shared string in memory (5 million
took 33 s and 533 MB); its XML parser took entities (billion laughs, external entities). So a
workbook's parts are read here: only the cells it really has, through defusedxml, which
refuses entities and DTDs; and every limit below is an error naming the file and the row.
A CSV file is UTF-8 (with or without a byte-order mark) or UTF-16 with one; any other
encoding is refused at the row of its first foreign byte, never turned into U+FFFD.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO, Iterator
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

#: A file larger than this is not a table of indicator values.
MAX_FILE_BYTES = 20_000_000
#: What one part of a workbook (a sheet, the shared strings) may unpack to.
MAX_PART_BYTES = 100_000_000
MAX_ROWS = 200_000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2_000
MAX_SHARED_STRINGS = 500_000

Rows = list[tuple[int, list[str]]]
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_SAVE_AS = "save it again from your spreadsheet program as .xlsx, or as CSV UTF-8"


class SpreadsheetError(Exception):
    """The spreadsheet cannot be read (not a CSV or workbook, over a limit, no header), at ``row``."""

    def __init__(self, message: str, row: int = 1, hint: str = ""):
        super().__init__(message)
        self.row, self.hint = row, hint


def csv_rows(path: Path) -> Rows:
    """Each record of a CSV file with its row number, within the limits."""
    reader = csv.reader(io.StringIO(_decoded(_bytes(path))))
    rows: Rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, _within_limits(number, cells)))
    except csv.Error as exc:  # a field over csv's own limit (131,072 characters), a stray quote
        raise SpreadsheetError(f"the CSV does not parse: {exc}", len(rows) + 1,
                               f"a value may hold at most {MAX_CELL_CHARS:,} characters; check the quotes") from None
    return rows


def workbook_rows(path: Path, sheet: str | None) -> Rows:
    """Each row of a workbook's sheet (the first, or ``sheet``) with its row number: the cells the
    sheet really has, whatever its ``<dimension>`` claims."""
    _bytes(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SpreadsheetError(f"the workbook cannot be read ({exc.__class__.__name__})", hint=_SAVE_AS) from None
    with archive:
        for info in archive.infolist():
            if info.file_size > MAX_PART_BYTES:
                raise SpreadsheetError(f"the workbook's part {info.filename} unpacks to {info.file_size:,} bytes; "
                                       f"at most {MAX_PART_BYTES:,} are read", hint=_SAVE_AS)
        try:
            sheets = _sheets(archive)
            if sheet is not None and sheet not in sheets:
                raise SpreadsheetError(f"the workbook has no sheet '{sheet}' (it has {', '.join(sheets)})")
            part = sheets[sheet] if sheet else next(iter(sheets.values()), None)
            if part is None or part not in archive.namelist():
                raise SpreadsheetError("the workbook has no sheet to read", hint=_SAVE_AS)
            with archive.open(part) as stream:
                return list(_sheet_rows(stream, _shared_strings(archive)))
        except DefusedXmlException as exc:
            raise SpreadsheetError(f"the workbook's XML declares entities or a DTD, which are refused ({exc.__class__.__name__})",
                                   hint=_SAVE_AS) from None
        except (ParseError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise SpreadsheetError(f"the workbook cannot be read ({exc.__class__.__name__}: {exc})"[:300],
                                   hint=_SAVE_AS) from None


# ----- limits and text ---------------------------------------------------------------------------
def _bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(f"the file is {size:,} bytes; at most {MAX_FILE_BYTES:,} are read",
                               hint="split it into several files")
    return path.read_bytes()


def _decoded(data: bytes) -> str:
    """The text of a CSV file: UTF-16 when it starts with its byte-order mark, else UTF-8."""
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        raise SpreadsheetError(
            f"the file is not {encoding.upper().removesuffix('-SIG')} text: byte 0x{data[exc.start]:02x} on this row "
            "(Windows-1252 or Latin-1, most likely), which would be read as the wrong letter", row,
            "save it as 'CSV UTF-8' (in Excel: File, Save As, CSV UTF-8)") from None


def _within_limits(number: int, cells: list[str]) -> list[str]:
    if number > MAX_ROWS:
        raise SpreadsheetError(f"more than {MAX_ROWS:,} rows", number, "split the file")
    if len(cells) > MAX_COLUMNS and any(cell.strip() for cell in cells[MAX_COLUMNS:]):
        raise SpreadsheetError(f"a value in column {len(cells)}: at most {MAX_COLUMNS} columns are read", number)
    for cell in cells:
        if len(cell) > MAX_CELL_CHARS:
            raise SpreadsheetError(f"a value of {len(cell):,} characters; at most {MAX_CELL_CHARS:,}", number)
    return cells[:MAX_COLUMNS]


# ----- the parts of a workbook -------------------------------------------------------------------
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part that holds it, in the workbook's order."""
    targets = {}
    for element in fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter():
        if _local(element.tag) == "Relationship":
            target = element.get("Target", "")
            targets[element.get("Id")] = target.lstrip("/") if target.startswith("/") else \
                str(PurePosixPath("xl") / target)
    sheets = {}
    for element in fromstring(archive.read("xl/workbook.xml")).iter():
        if _local(element.tag) == "sheet":
            relation = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            sheets[element.get("name", "")] = targets.get(relation, "")
    return sheets


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as stream:
        for _, element in iterparse(stream):
            if _local(element.tag) == "si":
                if len(strings) >= MAX_SHARED_STRINGS:
                    raise SpreadsheetError(f"the workbook has more than {MAX_SHARED_STRINGS:,} shared strings",
                                           hint="a table of indicator values has far fewer: copy the rows into a new workbook")
                strings.append(_text_of(element)[:MAX_CELL_CHARS + 1])
                element.clear()
    return strings


def _text_of(element) -> str:
    """The text of a string item or inline string: its <t> parts, without phonetic runs (<rPh>)."""
    phonetic = {id(node) for run in element.iter() if _local(run.tag) == "rPh" for node in run.iter()}
    return "".join(node.text or "" for node in element.iter() if _local(node.tag) == "t" and id(node) not in phonetic)


def _sheet_rows(stream: IO[bytes], shared: list[str]) -> Iterator[tuple[int, list[str]]]:
    number = 0
    cells: dict[int, str] = {}
    for _, element in iterparse(stream):
        name = _local(element.tag)
        if name == "c":
            column, text = _cell(element, shared, number + 1, len(cells))
            if text and column > MAX_COLUMNS:
                raise SpreadsheetError(f"a value in column {column:,}: at most {MAX_COLUMNS} columns are read",
                                       number + 1)
            if text:
                cells[column] = text
            element.clear()
        elif name == "row":
            number = _row_number(element, number)
            if cells:  # an empty row, however far down (Excel writes formatted ones), is no row of the table
                if number > MAX_ROWS:
                    raise SpreadsheetError(f"the sheet has a value in row {number:,}; at most {MAX_ROWS:,} rows are read",
                                           number, "delete what is below the table, or split it")
                yield number, _within_limits(number, [cells.get(c, "") for c in range(1, max(cells) + 1)])
            cells = {}
            element.clear()


def _row_number(element, previous: int) -> int:
    text = element.get("r") or ""
    number = int(text) if text.isdigit() and len(text) <= 7 else 0
    return number if number > previous else previous + 1  # rows come in order, from 1


def _cell(element, shared: list[str], row: int, seen: int) -> tuple[int, str]:
    """(column, text) of a cell, as a spreadsheet shows its value (not its formula)."""
    match = _CELL_REF.fullmatch(element.get("r") or "")
    column = _column(match.group(1)) if match else seen + 1
    kind = element.get("t", "n")
    value = next((child.text or "" for child in element if _local(child.tag) == "v"), "")
    if kind == "s":
        if not value.isdigit() or int(value) >= len(shared):
            raise SpreadsheetError(f"a cell refers to shared string {value[:20]!r}, which the workbook does not have", row)
        text = shared[int(value)]
    elif kind == "inlineStr":
        text = next((_text_of(child) for child in element if _local(child.tag) == "is"), "")
    elif kind == "b":
        text = "true" if value == "1" else "false"
    elif kind == "n" and value:
        text = _number_text(value, row)
    else:  # str (a formula's text), e (an error such as #N/A), d (an ISO date)
        text = value
    if len(text) > MAX_CELL_CHARS:
        raise SpreadsheetError(f"a value of {len(text):,} characters; at most {MAX_CELL_CHARS:,}", row)
    return column, text


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _number_text(value: str, row: int) -> str:
    """A number as people write it: 2011 not 2011.0, 90.2 not 90.20000000000000284."""
    try:
        number = float(value)
    except ValueError:
        raise SpreadsheetError(f"a number cell holds '{value[:40]}'", row) from None
    return str(int(number)) if number.is_integer() else repr(number)
