"""CSV export of enterprises, partners, coaches, sessions and rooms (formats: csv_formats.py).

Files are UTF-8 with a byte order mark (Excel then reads the umlauts right), comma-separated,
with a header row; no cell starts a spreadsheet formula.
"""
import csv
import io

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person, Room
from app.services.csv_formats import (
    columns_for,
    format_datetime,
    join_list,
    protect_cell,
)


def session_references(event: Event) -> dict[int, str]:
    """Sparring session id -> the reference the availability column uses: its start, plus the
    title when another sparring session starts at the same minute (so it stays unambiguous)."""
    sessions = [s for s in _sessions(event) if s.kind == "sparring"]
    starts: dict[str, int] = {}
    for session in sessions:
        start = format_datetime(session.starts_at)
        starts[start] = starts.get(start, 0) + 1
    references = {}
    for session in sessions:
        start = format_datetime(session.starts_at)
        references[session.id] = start if starts[start] == 1 else f"{start} {session.title}"
    return references


def enterprise_row(event: Event, enterprise: Enterprise) -> dict[str, str]:
    row = {
        "name": enterprise.name, "organisation": enterprise.organisation,
        "country": enterprise.country, "challenge": enterprise.challenge or "",
        "description": enterprise.description or "",
        "languages": join_list(enterprise.languages or []),
        "members": join_list(f"{m.name} <{m.email}>" for m in enterprise.members),
        "coach": enterprise.coach.email if enterprise.coach else "",
        "wished_partners": join_list(p.email for p in enterprise.wished_partners),
        "status": enterprise.status, "stage": enterprise.stage or "",
    }
    for stage in event.stages or []:
        row[f"needs_{stage}"] = join_list((enterprise.needs or {}).get(stage, []))
    return row


def person_row(person: Person, references: dict[int, str] | None = None) -> dict[str, str]:
    row = {
        "name": person.name, "email": person.email, "organisation": person.organisation or "",
        "languages": join_list(person.languages or []), "skills": join_list(person.skills or []),
        "email_language": person.locale or "en", "status": person.status,
    }
    if person.role == "coach":
        row["max_teams"] = str(person.max_teams or "")
    else:
        references = references if references is not None else {}
        row["partner_kind"] = person.partner_kind or ""
        row["availability"] = join_list(references.get(s.id, format_datetime(s.starts_at))
                                        for s in person.available_sessions)
        row["max_sessions"] = "" if person.max_sessions is None else str(person.max_sessions)
        row["wishes"] = join_list(t.name for t in person.wished_teams)
    return row


def session_row(session: EventSession) -> dict[str, str]:
    return {"title": session.title, "start": format_datetime(session.starts_at),
            "end": format_datetime(session.ends_at), "stage": session.stage or "",
            "kind": session.kind, "place": session.place or ""}


def room_row(room: Room) -> dict[str, str]:
    return {"name": room.name, "capacity": str(room.capacity), "max_teams": str(room.max_teams)}


def export_rows(event: Event, kind: str) -> list[dict[str, str]]:
    """The rows of a kind as {column: text}, in a stable order."""
    if kind == "enterprises":
        enterprises = db.session.execute(
            db.select(Enterprise).filter_by(event_id=event.id).order_by(Enterprise.name)
            .options(selectinload(Enterprise.members), selectinload(Enterprise.coach),
                     selectinload(Enterprise.wished_partners))).scalars()
        return [enterprise_row(event, e) for e in enterprises]
    if kind in ("partners", "coaches"):
        role = {"partners": "partner", "coaches": "coach"}[kind]
        people = db.session.execute(
            db.select(Person).filter_by(event_id=event.id, role=role).order_by(Person.name)
            .options(selectinload(Person.available_sessions),
                     selectinload(Person.wished_teams))).scalars()
        references = session_references(event) if role == "partner" else {}
        return [person_row(p, references) for p in people]
    if kind == "sessions":
        return [session_row(s) for s in _sessions(event)]
    if kind == "rooms":
        rooms = db.session.execute(
            db.select(Room).filter_by(event_id=event.id).order_by(Room.name)).scalars()
        return [room_row(r) for r in rooms]
    raise KeyError(kind)


def export_csv(event: Event, kind: str) -> tuple[str, bytes]:
    """(file name, file content) of the export of a kind."""
    header = [column.name for column in columns_for(kind, event)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in export_rows(event, kind):
        writer.writerow([protect_cell(row.get(name, "")) for name in header])
    return f"{kind}.csv", buffer.getvalue().encode("utf-8-sig")


def _sessions(event: Event) -> list[EventSession]:
    return list(db.session.execute(
        db.select(EventSession).filter_by(event_id=event.id)
        .order_by(EventSession.starts_at, EventSession.id)).scalars())
