"""Hand edits of the latest schedule: remove and add meetings, set rooms and coaches.

Every edit is checked at once with scheduler.check against the current instance, pins
included; a broken rule refuses the whole edit and nothing is saved. A good edit becomes a new
version (source "edit") based on the one it changed."""
from sqlalchemy.exc import IntegrityError

import scheduler
from app.extensions import db
from app.models import Event, ScheduleVersion, User
from app.services.schedule.entries import as_dicts, known_ids, read_entries
from app.services.schedule.instance import build_instance
from app.services.schedule.store import _store, latest_version


class EditRefused(ValueError):
    """An edit that was not saved. `messages` name what is wrong; `violations` are the rules it
    would break ([{"rule", "message"}]; empty when the request itself was malformed)."""

    def __init__(self, messages: list[str], violations: list[dict] | None = None):
        self.messages = list(messages)
        self.violations = list(violations or [])
        super().__init__("; ".join(self.messages))


def current_instance(event: Event) -> scheduler.Instance:
    """The event's instance as the next solve would see it, with the organisers' pins."""
    try:
        return scheduler.parse_instance(build_instance(event, fixed=event.schedule_fixed or None))
    except scheduler.InvalidInstance as exc:
        raise EditRefused(["the event's data (or its pins) is not a valid scheduling instance: "
                           + m for m in exc.messages]) from None


def _note(added: int, removed: int, rooms: int, coaches: int) -> str:
    parts = [f"+{added} meeting{'s' if added != 1 else ''}" if added else "",
             f"-{removed} meeting{'s' if removed != 1 else ''}" if removed else "",
             f"{rooms} room{'s' if rooms != 1 else ''}" if rooms else "",
             f"{coaches} coach{'es' if coaches != 1 else ''}" if coaches else ""]
    return "edit: " + (" ".join(p for p in parts if p) or "no change")


def edit_schedule(event: Event, user: User | None, add=None, remove=None, rooms=None,
                  coaches=None) -> ScheduleVersion:
    """Apply the edit to the latest usable version and store the result as a new version.

    Order: remove meetings, add meetings, replace the room of each (session, team) given,
    replace the coach of each team given. Raises EditRefused (nothing saved) when an entry is
    malformed or unknown, a removed meeting does not exist, or the result breaks a rule."""
    base = latest_version(event)
    if base is None:
        raise EditRefused(["there is no schedule to edit yet: solve or import one first"])
    instance = current_instance(event)
    known = known_ids(instance)
    errors: list[str] = []
    to_add = read_entries(add, "meetings", "add", known, errors)
    to_remove = read_entries(remove, "meetings", "remove", known, errors)
    new_rooms = read_entries(rooms, "rooms", "rooms", known, errors)
    new_coaches = read_entries(coaches, "coaches", "coaches", known, errors)
    if errors:
        raise EditRefused(errors)
    if not (to_add or to_remove or new_rooms or new_coaches):
        raise EditRefused(["the edit changes nothing: give add, remove, rooms or coaches"])

    data = base.data or {}
    meetings = [(m["session"], m["team"], m["partner"]) for m in data.get("meetings") or []]
    for i, entry in enumerate(to_remove):
        if entry not in meetings:
            errors.append(f"remove[{i}]: partner {entry[2]} does not meet team {entry[1]} in "
                          f"session {entry[0]} in version {base.version}")
        else:
            meetings.remove(entry)
    for i, entry in enumerate(to_add):
        if entry in meetings:
            errors.append(f"add[{i}]: partner {entry[2]} already meets team {entry[1]} in "
                          f"session {entry[0]}")
        else:
            meetings.append(entry)
    if errors:
        raise EditRefused(errors)
    room_entries = [(r["session"], r["team"], r["room"]) for r in data.get("rooms") or []]
    for session, team, room in new_rooms:
        room_entries = [r for r in room_entries if (r[0], r[1]) != (session, team)]
        room_entries.append((session, team, room))
    coach_entries = [(c["team"], c["coach"]) for c in data.get("coaches") or []]
    for team, coach in new_coaches:
        coach_entries = [c for c in coach_entries if c[0] != team]
        coach_entries.append((team, coach))

    edited = {"status": "feasible", "objective": None, "bound": base.bound,
              "solve_seconds": 0.0,
              "coaches": sorted(as_dicts(coach_entries, "coaches"), key=lambda c: c["team"]),
              "meetings": as_dicts(meetings, "meetings"),
              "rooms": as_dicts(room_entries, "rooms"), "team_values": {}, "explanation": []}
    report = scheduler.check(instance, edited)
    if report.violations:
        violations = [{"rule": v.rule, "message": v.message} for v in report.violations]
        raise EditRefused([f"{v['rule']}: {v['message']}" for v in violations], violations)
    edited["objective"] = report.objective
    edited["team_values"] = dict(sorted(report.team_values.items()))
    version = _store(event, edited, "edit")
    version.based_on = base.version
    version.created_by_id = getattr(user, "id", None)
    version.note = _note(len(to_add), len(to_remove), len(new_rooms), len(new_coaches))
    try:
        db.session.commit()
    except IntegrityError:
        # Another edit or solve took the same version number at the same moment.
        db.session.rollback()
        raise EditRefused([f"another version was saved while this edit was checked; "
                           f"reload and edit version {base.version + 1} or later"]) from None
    return version
