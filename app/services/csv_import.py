"""CSV import: check every row, report every problem by line, save all rows or none.

A row whose key matches an existing record updates it (people: email; enterprises and rooms:
name; sessions: title + start); other rows create records. Columns left out of the file keep
the existing values. The whole file is one transaction: one bad row and nothing is saved.
"""
import csv
import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.extensions import db
from app.models import Event, Person
from app.models.keys import text_key
from app.services.checks import ValidationFailed
from app.services.csv_formats import columns_for, unprotect_cell
from app.services.csv_import_kinds import handler_for


class CsvRejected(ValueError):
    """The file was not imported: `message` for the file, `errors` for its rows."""

    def __init__(self, message: str = "", errors: list["RowError"] | None = None):
        self.message = message
        self.errors = errors or []
        super().__init__(message or "; ".join(str(e) for e in self.errors))


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # saved, but worth a look


def import_csv(event: Event, kind: str, raw: bytes, skip_columns=()) -> ImportResult:
    """Import a file of `kind`; raises CsvRejected (nothing saved) or commits every row.

    `skip_columns` are read as if absent (e.g. wishes naming records not imported yet)."""
    columns = columns_for(kind, event)
    header, rows, errors = read_table(raw, [c.name for c in columns if c.required])
    known = {c.name for c in columns} - set(skip_columns)
    result = ImportResult(kind, ignored_columns=[h for h in header if h not in known])
    handler = handler_for(kind, event)
    try:
        for line, cells in rows:
            row = {name: value for name, value in cells.items() if name in known}
            errors.extend(_import_row(handler, line, row, result))
        if errors:
            raise CsvRejected(errors=sorted(errors, key=lambda e: e.line))
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return result


def _import_row(handler, line: int, row: dict[str, str], result: ImportResult) -> list[RowError]:
    duplicate = handler.duplicate_of(line, row)
    if duplicate:
        return [RowError(line, *duplicate)]
    existing = handler.find(row)
    before = handler.snapshot(existing) if existing is not None else {}
    full = {**before, **row}
    data, problems = handler.data(full, existing)
    try:
        record = handler.save(data, existing)
    except ValidationFailed as failed:
        for name, messages in failed.errors.items():
            column, prefix = handler.column(name)
            if column in problems:
                continue  # the file's own problem with that column says it better
            problems.setdefault(column, []).extend(prefix + m for m in messages)
    else:
        if not problems:
            result.warnings.extend(handler.warnings(record))
            if existing is None:
                result.created += 1
            elif handler.snapshot(record) == before:
                result.unchanged += 1
            else:
                result.updated += 1
    return [RowError(line, column, _explain(handler, message))
            for column, messages in problems.items() for message in messages]


def _email_taken_pattern() -> re.Pattern:
    """record_checks' "... is already registered" message in the page's language."""
    before, after = _("%(email)s is already registered for this event", email="\0").split("\0")
    return re.compile(re.escape(before) + r"(\S+@\S+)" + re.escape(after))


def _explain(handler, message: str) -> str:
    """Say who already uses an email address (and on which line, if it is in this file)."""
    match = _email_taken_pattern().search(message)
    if not match:
        return message
    email = match.group(1)
    owner = db.session.execute(db.select(Person).filter(
        Person.event_id == handler.event.id,
        Person.email_key == text_key(email))).scalars().first()
    if owner is None:
        return message
    where = handler.email_lines.get(text_key(email))
    if where:
        return _("'%(email)s' is already used by %(name)s (%(role)s), given on line %(line)s",
                 email=email, name=owner.name, role=owner.role, line=where)
    return _("'%(email)s' is already used by %(name)s (%(role)s)", email=email,
             name=owner.name, role=owner.role)


def read_table(raw: bytes, required: list[str]
               ) -> tuple[list[str], list[tuple[int, dict]], list[RowError]]:
    """(header, [(line number, {column: cell})], rows with too many cells) of a CSV file;
    raises CsvRejected when the file as a whole cannot be read."""
    if not raw or not raw.strip():
        raise CsvRejected(_("The file is empty. Export a file first to see the columns."))
    if b"\x00" in raw:
        raise CsvRejected(_("This is not a CSV file (it holds binary data). Save the sheet as "
                            "'CSV UTF-8 (comma delimited)' and upload that file."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvRejected(_(
            "The file is not UTF-8 text (byte %(byte)s is not UTF-8). In Excel use "
            "'Save as' > 'CSV UTF-8 (comma delimited)'; in LibreOffice choose the "
            "character set 'Unicode (UTF-8)'.", byte=exc.start + 1)) from None
    first_line = text.split("\n", 1)[0]
    # Excel with German settings separates by ';': accept that when the header shows it.
    delimiter = ";" if "," not in first_line and ";" in first_line else ","
    # strict: an unclosed quote is an error instead of swallowing the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [unprotect_cell(h).strip().lower() for h in next(reader)]
        while header and not header[-1]:
            header.pop()
        _check_header(header, required)
        rows, errors, last_line = [], [], reader.line_num
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                errors.append(RowError(
                    line, "row", _("has %(cells)s cells but the header names %(columns)s "
                                   "columns (a ',' inside a cell needs quotes)",
                                   cells=len(cells), columns=len(header))))
                continue
            cells = cells + [""] * (len(header) - len(cells))
            rows.append((line, {name: unprotect_cell(value)
                                for name, value in zip(header, cells, strict=False) if name}))
    except csv.Error as exc:
        raise CsvRejected(_("The file is not valid CSV near line %(line)s: %(error)s.",
                            line=reader.line_num, error=exc)) from None
    return header, rows, errors


def _check_header(header: list[str], required: list[str]) -> None:
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise CsvRejected(_("The header row names these columns twice: %(columns)s.",
                            columns=", ".join(duplicates)))
    missing = [name for name in required if name not in header]
    if missing:
        raise CsvRejected(_("Missing columns: %(columns)s. The first row must name the "
                            "columns; export a file to see them.", columns=", ".join(missing)))
