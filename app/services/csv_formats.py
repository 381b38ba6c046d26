"""The CSV formats organisers export and import: columns, cell escaping, lists and dates.

One module describes the formats so the export, the import, the organiser's page and
docs/csv.md say the same thing.
"""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.models import Event

KINDS = ["enterprises", "partners", "coaches", "sessions", "rooms"]
KIND_LABELS = {"enterprises": _l("Enterprises and their members"),
               "partners": _l("Sparring partners"), "coaches": _l("Coaches"),
               "sessions": _l("Sessions (timetable)"), "rooms": _l("Rooms")}

# Partners wish enterprises and enterprises wish partners: a first import can leave these out.
WISH_COLUMNS = ("wishes", "wished_partners")
LIST_SEPARATOR = ";"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
# Spreadsheets read a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATETIME_INPUT_FORMATS = [DATETIME_FORMAT, "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S",
                          "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M"]


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str  # shown to organisers (a lazy translation)


def _needs_escape(value: str) -> bool:
    # A leading apostrophe before a trigger is escaped again, so the import strips exactly one.
    if value[:1] in FORMULA_TRIGGERS:
        return True
    return value[:1] == "'" and _needs_escape(value[1:])


def protect_cell(value: str) -> str:
    """The cell as written to the file: an apostrophe before anything a spreadsheet runs."""
    return "'" + value if _needs_escape(value) else value


def unprotect_cell(value: str) -> str:
    """The exact inverse of protect_cell."""
    if value[:1] == "'" and _needs_escape(value[1:]):
        return value[1:]
    return value


def join_list(items) -> str:
    return f"{LIST_SEPARATOR} ".join(str(item) for item in items)


def split_cell(value: str) -> list[str]:
    """'a; b;; c' -> ['a', 'b', 'c'] (only ';' separates: names may contain commas)."""
    return [item.strip() for item in (value or "").split(LIST_SEPARATOR) if item.strip()]


def format_datetime(value: datetime | None) -> str:
    return value.strftime(DATETIME_FORMAT) if value else ""


def parse_datetime(value: str) -> datetime | None:
    value = (value or "").strip()
    for pattern in DATETIME_INPUT_FORMATS:
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


STATUS_HELP = _l("pending, accepted or rejected (empty: pending)")


def columns_for(kind: str, event: Event) -> list[Column]:
    """The columns of a kind, in file order (needs has one column per stage of the event)."""
    if kind == "enterprises":
        needs = [Column(f"needs_{stage}", False,
                        _l("skills the team needs in the %(stage)s stage, separated by ';'",
                           stage=stage))
                 for stage in event.stages or []]
        return [
            Column("name", True,
                   _l("project or team name; identifies the enterprise on re-import")),
            Column("organisation", True, _l("the social enterprise")),
            Column("country", True, _l("ISO 3166-1 two-letter code, e.g. IT")),
            Column("challenge", False, _l("the challenge in one line")),
            Column("description", False, _l("longer description")),
            Column("languages", True, _l("language codes separated by ';', e.g. en; it")),
            *needs,
            Column("members", True, _l("1 to 6 members as 'Name <email>' separated by ';'; "
                                       "the first is the contact person")),
            Column("coach", False, _l("the coach's email, or empty")),
            Column("wished_partners", False,
                   _l("emails of partners the team wishes to meet, separated by ';'")),
            Column("status", False, STATUS_HELP),
            Column("stage", False, _l("current design-thinking stage, or empty")),
        ]
    if kind in ("partners", "coaches"):
        common = [
            Column("name", True, _l("full name")),
            Column("email", True,
                   _l("identifies the person on re-import; unique in the event")),
            Column("organisation", False, _l("organisation or studio")),
            Column("languages", True, _l("language codes separated by ';', e.g. de; en")),
            Column("skills", False,
                   _l("skills separated by ';' (from the event's skill list)")),
            Column("email_language", False,
                   _l("the language of their emails: en or de (empty: en for new people)")),
        ]
        if kind == "coaches":
            return [*common,
                    Column("max_teams", False,
                           _l("how many teams they coach at most (empty: 1)")),
                    Column("status", False, STATUS_HELP)]
        return [*common,
                Column("partner_kind", False, _l("creative or living_lab (empty: creative)")),
                Column("availability", True,
                       _l("starts of the sparring sessions they can attend, 'YYYY-MM-DD HH:MM' "
                          "separated by ';' (followed by the title when two sessions start "
                          "together)")),
                Column("max_sessions", False,
                       _l("most sessions they take part in (empty: no limit)")),
                Column("wishes", False,
                       _l("names of enterprises they wish to meet, separated by ';'")),
                Column("status", False, STATUS_HELP)]
    if kind == "sessions":
        return [
            Column("title", True,
                   _l("title; title and start identify the session on re-import")),
            Column("start", True, _l("local time 'YYYY-MM-DD HH:MM'")),
            Column("end", True, _l("local time 'YYYY-MM-DD HH:MM', after the start")),
            Column("stage", False,
                   _l("design-thinking stage (required for sparring sessions)")),
            Column("kind", False,
                   _l("sparring, plenary, meal, coaching or other (empty: sparring)")),
            Column("place", False, _l("where it happens")),
        ]
    if kind == "rooms":
        return [
            Column("name", True, _l("identifies the room on re-import")),
            Column("capacity", True, _l("seats, a whole number of at least 1")),
            Column("max_teams", False, _l("teams meeting there at once (empty: 1)")),
        ]
    raise KeyError(kind)
