"""How a CSV row of each kind becomes the data the record services take.

A handler finds the record a row updates, turns the row's text into service data (collecting
problems with the text itself per column), and saves through the services of enterprises.py
and people.py, sessions and rooms through timetable.py (commit=False: the import commits once).
"""
import re

from flask_babel import gettext as _

from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person, Room
from app.models.keys import text_key
from app.services import enterprises as enterprise_service
from app.services import people as people_service
from app.services.checks import ValidationFailed
from app.services.csv_export import (
    enterprise_row,
    person_row,
    room_row,
    session_references,
    session_row,
)
from app.services.csv_formats import format_datetime, parse_datetime, split_cell
from app.services.timetable import overlap_warning, save_room, save_session

MEMBER = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]*)>$")
SESSION_REFERENCE = re.compile(
    r"^(?P<start>\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2})(?:\s+(?P<title>.*))?$")
SERVICE_FIELDS = {"starts_at": "start", "ends_at": "end", "available_sessions": "availability",
                  "wished_teams": "wishes", "locale": "email_language"}
MEMBER_FIELD = re.compile(r"^members-(\d+)-(name|email)$")

Problems = dict[str, list[str]]


def text_index(event: Event, model, key: str, *, with_start: bool = False) -> dict:
    """The event's records by their text key (the attribute `key`: name_key, email_key,
    title_key), and by start for sessions.

    Built once per import: a later row never needs a record of an earlier row, because the
    same key twice in a file is refused."""
    records = db.session.execute(db.select(model).filter(model.event_id == event.id)).scalars()
    return {(getattr(r, key), r.starts_at if with_start else None): r for r in records}


class Handler:
    key_column = "name"

    def __init__(self, event: Event):
        self.event = event
        self._index: dict | None = None
        self.keys: dict[str, int] = {}
        self.email_lines: dict[str, int] = {}  # emails given in this file -> their line

    def duplicate_of(self, line: int, row: dict[str, str]) -> tuple[str, str] | None:
        """(column, message) when an earlier line of the file has the same key."""
        key = self.key(row)
        if not key:
            return None
        if key in self.keys:
            return (self.key_column, _("'%(key)s' is also on line %(line)s; give each record once",
                                       key=row.get(self.key_column, "").strip(),
                                       line=self.keys[key]))
        self.keys[key] = line
        self.remember_emails(line, row)
        return None

    def key(self, row: dict[str, str]) -> str:
        return text_key(row.get(self.key_column, "").strip())

    def remember_emails(self, line: int, row: dict[str, str]) -> None:
        pass

    def warnings(self, record) -> list[str]:
        """What is worth a look about a saved record (it is saved all the same)."""
        return []

    def lookup(self, model, key: str, value: str, start=None):
        if self._index is None:
            self._index = text_index(self.event, model, key, with_start=start is not None)
        return self._index.get((text_key((value or "").strip()), start))

    def column(self, field: str) -> tuple[str, str]:
        """The column a service's field name belongs to, and a prefix for its messages."""
        match = MEMBER_FIELD.match(field)
        if match:
            return "members", f"member {int(match.group(1)) + 1} {match.group(2)}: "
        return SERVICE_FIELDS.get(field, field), ""


class EnterpriseHandler(Handler):
    def remember_emails(self, line, row):
        for name_email in split_cell(row.get("members", "")):
            match = MEMBER.match(name_email)
            if match:
                self.email_lines.setdefault(text_key(match.group("email").strip()), line)

    def find(self, row):
        return self.lookup(Enterprise, "name_key", row.get("name", ""))

    def snapshot(self, record):
        return enterprise_row(self.event, record)

    def data(self, row, existing):
        problems: Problems = {}
        current = {m.email_key: m.id for m in existing.members} if existing else {}
        members = []
        for index, item in enumerate(split_cell(row.get("members", "")), start=1):
            match = MEMBER.match(item)
            if not match:
                problems.setdefault("members", []).append(
                    f"member {index}: write 'Name <email>', not '{item}'")
                continue
            email = match.group("email").strip()
            members.append({"name": match.group("name"), "email": email,
                            "id": current.get(text_key(email))})
        data = {key: row.get(key, "") for key in ("name", "organisation", "country", "challenge",
                                                   "description", "status", "stage")}
        data.update(
            languages=split_cell(row.get("languages", "")),
            needs={stage: split_cell(row.get(f"needs_{stage}", ""))
                   for stage in self.event.stages or []},
            members=members, coach=row.get("coach", "").strip() or None,
            wished_partners=split_cell(row.get("wished_partners", "")))
        return data, problems

    def save(self, data, existing):
        if existing is None:
            return enterprise_service.create_enterprise(self.event, data, commit=False)
        return enterprise_service.update_enterprise(existing, data, commit=False)


class PersonHandler(Handler):
    key_column = "email"
    role = ""

    def remember_emails(self, line, row):
        self.email_lines.setdefault(text_key(row.get("email", "").strip()), line)

    def find(self, row):
        return self.lookup(Person, "email_key", row.get("email", ""))

    def snapshot(self, record):
        if record.role != self.role:
            return {}
        return person_row(record, self._references())

    def _references(self) -> dict[int, str]:
        return {}

    def data(self, row, existing):
        data = {key: row.get(key, "") for key in ("name", "email", "organisation", "status")}
        data.update(languages=split_cell(row.get("languages", "")),
                    skills=split_cell(row.get("skills", "")),
                    locale=row.get("email_language", ""))
        return data, {}

    def save(self, data, existing):
        if existing is not None and existing.role != self.role:
            raise ValidationFailed({"email": [
                _("'%(email)s' is already used by %(name)s (%(role)s); a %(new_role)s's email "
                  "must be their own", email=existing.email, name=existing.name,
                  role=existing.role, new_role=self.role)]})
        if existing is not None:
            return people_service.update_person(existing, data, commit=False)
        return self.create(data)


class CoachHandler(PersonHandler):
    role = "coach"

    def data(self, row, existing):
        data, problems = super().data(row, existing)
        data["max_teams"] = row.get("max_teams", "")
        return data, problems

    def create(self, data):
        return people_service.create_coach(self.event, data, commit=False)


class PartnerHandler(PersonHandler):
    role = "partner"
    _cached_references: dict[int, str] | None = None

    def _references(self):
        if self._cached_references is None:
            self._cached_references = session_references(self.event)
        return self._cached_references

    def data(self, row, existing):
        data, problems = super().data(row, existing)
        sessions = []
        for reference in split_cell(row.get("availability", "")):
            found = self._session(reference, problems)
            if found is not None:
                sessions.append(found)
        data.update(partner_kind=row.get("partner_kind", ""), available_sessions=sessions,
                    max_sessions=row.get("max_sessions", ""),
                    wished_teams=split_cell(row.get("wishes", "")))
        return data, problems

    def _session(self, reference: str, problems: Problems):
        """A session id for a start (+ title) reference; other text goes to the service."""
        match = SESSION_REFERENCE.match(reference)
        start = parse_datetime(match.group("start")) if match else None
        if start is None:
            return reference  # a title or key: the service resolves it or names it
        title = (match.group("title") or "").strip()
        sparring = [s for s in self.event.sessions if s.kind == "sparring"
                    and s.starts_at == start and (not title or s.title_key == text_key(title))]
        if len(sparring) == 1:
            return sparring[0].id
        when = format_datetime(start)
        if not sparring:
            message = (_("no sparring session starts at %(when)s titled '%(title)s'",
                         when=when, title=title) if title
                       else _("no sparring session starts at %(when)s", when=when))
        else:
            message = _("%(num)s sparring sessions start at %(when)s; add the title, "
                        "e.g. '%(when)s %(title)s'", num=len(sparring), when=when,
                        title=sparring[0].title)
        problems.setdefault("availability", []).append(message)
        return None

    def create(self, data):
        return people_service.create_partner(self.event, data, commit=False)


class SessionHandler(Handler):
    key_column = "title"

    def key(self, row):
        title = text_key(row.get("title", "").strip())
        start = parse_datetime(row.get("start", ""))
        return f"{title}|{format_datetime(start)}" if title and start else ""

    def find(self, row):
        title, start = row.get("title", "").strip(), parse_datetime(row.get("start", ""))
        if not title or start is None:
            return None
        return self.lookup(EventSession, "title_key", title, start)

    def snapshot(self, record):
        return session_row(record)

    def warnings(self, record):
        warning = overlap_warning(record)
        return [warning] if warning else []

    def data(self, row, existing):
        problems: Problems = {}
        values = {"title": row.get("title", "").strip(), "place": row.get("place", "").strip(),
                  "stage": row.get("stage", "").strip() or None,
                  "kind": row.get("kind", "").strip() or "sparring"}
        for column, key in (("start", "starts_at"), ("end", "ends_at")):
            values[key] = parse_datetime(row.get(column, ""))
            if values[key] is None:
                problems[column] = [_("'%(value)s' is not a date and time like "
                                      "'2023-09-23 09:00'", value=row.get(column, ""))]
        return values, problems

    def save(self, data, existing):
        try:
            return save_session(self.event, data, existing, commit=False)
        except ValidationFailed as exc:
            # The service names its fields after the model; the file calls them start and end.
            renamed = {"starts_at": "start", "ends_at": "end"}
            raise ValidationFailed({renamed.get(field, field): messages
                                    for field, messages in exc.errors.items()}) from None


class RoomHandler(Handler):
    def find(self, row):
        return self.lookup(Room, "name_key", row.get("name", ""))

    def snapshot(self, record):
        return room_row(record)

    def data(self, row, existing):
        problems: Problems = {}
        values = {"name": row.get("name", "").strip()}
        for column, default in (("capacity", None), ("max_teams", 1)):
            text = row.get(column, "").strip()
            if not text and default is not None:
                values[column] = default
            elif text.isdigit() and int(text) >= 1:
                values[column] = int(text)
            else:
                problems[column] = [_("'%(value)s' is not a whole number of at least 1",
                                      value=text)]
        return values, problems

    def save(self, data, existing):
        values = {"name": data["name"],
                  "capacity": data.get("capacity", existing.capacity if existing else None),
                  "max_teams": data.get("max_teams", existing.max_teams if existing else 1)}
        if values["capacity"] is None:
            raise ValidationFailed({})  # the capacity problem is already reported
        return save_room(self.event, values, existing, commit=False)


HANDLERS = {"enterprises": EnterpriseHandler, "partners": PartnerHandler,
            "coaches": CoachHandler, "sessions": SessionHandler, "rooms": RoomHandler}


def handler_for(kind: str, event: Event) -> Handler:
    return HANDLERS[kind](event)
