"""What differs between two schedules, and whose agenda that changes.

`schedule_changes` is what a publish records and broadcasts; `version_difference` is the same
with names, for the organiser's page before publishing. Schedules are in the output format of
scheduling.md (keys s12, t3, p5, c2, r1); `None` stands for "nothing published yet".
"""
from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person, Room
from app.models.people import ACTIVE


def _meetings(data: dict | None) -> set[tuple[str, str, str]]:
    return {(m.get("session"), m.get("team"), m.get("partner"))
            for m in (data or {}).get("meetings") or []}


def _rooms(data: dict | None) -> dict[tuple[str, str], str]:
    return {(r.get("session"), r.get("team")): r.get("room")
            for r in (data or {}).get("rooms") or []}


def _coaches(data: dict | None) -> dict[str, str]:
    return {c.get("team"): c.get("coach") for c in (data or {}).get("coaches") or []}


def _id(key, prefix: str) -> int | None:
    if isinstance(key, str) and key[:1] == prefix and key[1:].isdigit():
        return int(key[1:])
    return None


def _as_dicts(meetings) -> list[dict]:
    return [{"session": s, "team": t, "partner": p} for s, t, p in sorted(meetings)]


def schedule_changes(event: Event, old_data: dict | None, new_data: dict) -> dict:
    """`{"added": [meetings], "removed": [meetings], "people": [person ids], "rooms":
    [{"session", "team", "room", "previous"}], "coaches": [{"team", "coach", "previous"}]}`.

    People: the partners of added and removed meetings; the members of every team whose
    meetings, room or coach changed; those teams' coaches (old and new); and the partners who
    meet a team in a session whose room changed."""
    old, new = _meetings(old_data), _meetings(new_data)
    added, removed = new - old, old - new
    old_rooms, new_rooms = _rooms(old_data), _rooms(new_data)
    moved = sorted(k for k in old_rooms.keys() | new_rooms.keys()
                   if old_rooms.get(k) != new_rooms.get(k))
    old_coaches, new_coaches = _coaches(old_data), _coaches(new_data)
    recoached = sorted(t for t in old_coaches.keys() | new_coaches.keys()
                       if old_coaches.get(t) != new_coaches.get(t))

    teams = {t for _s, t, _p in added | removed} | {t for _s, t in moved} | set(recoached)
    partners = {p for _s, _t, p in added | removed}
    moved_set = set(moved)
    partners |= {p for s, t, p in old | new if (s, t) in moved_set}
    coaches = {c for t in teams for c in (old_coaches.get(t), new_coaches.get(t)) if c}
    if not new_coaches and not old_coaches:  # the board's assignment counts then
        coaches |= _table_coaches(event, teams)
    people = {i for p in partners | coaches if (i := _id(p, p[:1] if p else "")) is not None}
    team_ids = {i for t in teams if (i := _id(t, "t")) is not None}
    if team_ids:
        people |= set(db.session.execute(db.select(Person.id).filter(
            Person.event_id == event.id, Person.role == "member", Person.status.in_(ACTIVE),
            Person.enterprise_id.in_(team_ids))).scalars())
    return {"added": _as_dicts(added), "removed": _as_dicts(removed), "people": sorted(people),
            "rooms": [{"session": s, "team": t, "room": new_rooms.get((s, t)),
                       "previous": old_rooms.get((s, t))} for s, t in moved],
            "coaches": [{"team": t, "coach": new_coaches.get(t),
                         "previous": old_coaches.get(t)} for t in recoached]}


def _table_coaches(event: Event, teams: set[str]) -> set[str]:
    ids = [i for t in teams if (i := _id(t, "t")) is not None]
    if not ids:
        return set()
    found = db.session.execute(db.select(Enterprise).filter(
        Enterprise.event_id == event.id, Enterprise.id.in_(ids))).scalars()
    return {t.coach.key for t in found if t.coach is not None}


def changed_entries(changes: dict, person: Person) -> set[tuple[str, str | None]]:
    """The (session key, team key or None) pairs of this person's agenda that a publication
    changed: to mark them on the personal page."""
    if person.id not in set(changes.get("people") or []):
        return set()
    pairs = {(m["session"], m["team"], m["partner"]) for key in ("added", "removed")
             for m in changes.get(key) or []}
    rooms = {(r["session"], r["team"]) for r in changes.get("rooms") or []}
    marked: set[tuple[str, str | None]] = set()
    if person.role == "partner":
        marked |= {(s, t) for s, t, p in pairs if p == person.key}
        return marked
    teams = {f"t{person.enterprise_id}"} if person.role == "member" else \
        {t.key for t in person.coached_teams}
    marked |= {(s, t) for s, t, _p in pairs if t in teams}
    marked |= {(s, t) for s, t in rooms if t in teams}
    return marked


def version_difference(event: Event, old_data: dict | None, new_data: dict) -> dict:
    """schedule_changes with names: `{"changes", "added": [{"session", "team", "partner"}
    as names, "starts_at"], "removed": [...], "people": [{"id", "name", "role"}], "rooms":
    [{"session", "team", "room", "previous"} as names]}`, in four queries."""
    changes = schedule_changes(event, old_data, new_data)
    sessions = {s.key: s for s in db.session.execute(
        db.select(EventSession).filter_by(event_id=event.id)).scalars()}
    teams = {t.key: t.name for t in db.session.execute(
        db.select(Enterprise).filter_by(event_id=event.id)).scalars()}
    people = {p.key: p for p in db.session.execute(
        db.select(Person).filter_by(event_id=event.id)).scalars()}
    rooms = {r.key: r.name for r in db.session.execute(
        db.select(Room).filter_by(event_id=event.id)).scalars()}

    def named(meeting: dict) -> dict:
        session = sessions.get(meeting["session"])
        partner = people.get(meeting["partner"])
        return {"session": session.title if session else meeting["session"],
                "starts_at": session.starts_at if session else None,
                "team": teams.get(meeting["team"], meeting["team"]),
                "partner": partner.name if partner else meeting["partner"]}

    def by_time(rows: list[dict]) -> list[dict]:
        return sorted(rows, key=lambda r: (r["starts_at"] is None, r["starts_at"] or 0,
                                           r["team"], r["partner"]))

    by_id = {p.id: p for p in people.values()}
    affected = [by_id[i] for i in changes["people"] if i in by_id]
    order = {"member": 0, "partner": 1, "coach": 2}
    return {
        "changes": changes,
        "added": by_time([named(m) for m in changes["added"]]),
        "removed": by_time([named(m) for m in changes["removed"]]),
        "people": [{"id": p.id, "name": p.name, "role": p.role} for p in sorted(
            affected, key=lambda p: (order.get(p.role, 3), p.name))],
        "rooms": [{"session": sessions[r["session"]].title if r["session"] in sessions
                   else r["session"], "team": teams.get(r["team"], r["team"]),
                   "room": rooms.get(r["room"], r["room"] or "–"),
                   "previous": rooms.get(r["previous"], r["previous"] or "–")}
                  for r in changes["rooms"]],
    }
