"""The instance of a solve job: the event's data with the organisers' pins, and for a re-plan
the published schedule as `previous`, absent people taken out and the past frozen.

Freezing a session (it starts before `freeze_before`) pins its published meetings and rooms
and makes every partner without a frozen meeting there unavailable in it, so the solver can
neither drop nor add meetings in the past. The absent people's meetings are the exception:
they go, and where that leaves a team below the minimum in a frozen session the session is
opened again to the partners who are free in it, so a replacement can be found.
"""
from flask_babel import gettext as _

from app.extensions import db
from app.models import Event, Person
from app.services.schedule.instance import build_instance
from app.services.schedule.store import published_schedule


def job_instance(event: Event, options: dict) -> dict:
    """The instance a job with these options solves (scheduling.md "Instance")."""
    if not options.get("replan"):
        return build_instance(event, fixed=event.schedule_fixed)
    published = published_schedule(event)
    if published is None:
        raise ValueError(_("A re-plan starts from the published schedule, and none is "
                           "published now."))
    return replan_instance(event, published.data, options.get("absent") or [],
                           options.get("freeze_before"))


def replan_instance(event: Event, published: dict, absent_ids, freeze_before: str | None) -> dict:
    instance = build_instance(event, fixed=event.schedule_fixed)
    _remove_absent(instance, absent_ids)
    known = _known_ids(instance)
    instance["fixed"] = _known_entries(instance["fixed"], known)
    instance["previous"] = {**published, **_known_entries(published, known)}
    if freeze_before:
        _freeze(instance, published, freeze_before, known)
    return instance


def _remove_absent(instance: dict, absent_ids) -> None:
    people = db.session.execute(
        db.select(Person).filter(Person.id.in_(list(absent_ids)))).scalars().all() \
        if absent_ids else []
    gone = {p.key for p in people if p.role in ("partner", "coach")}
    shrink: dict[str, int] = {}
    for person in people:
        # A member who withdrew is no longer counted in the team's size already.
        if person.role == "member" and person.enterprise_id and person.status != "withdrawn":
            key = f"t{person.enterprise_id}"
            shrink[key] = shrink.get(key, 0) + 1
    teams = []
    for team in instance["teams"]:
        size = team["size"] - shrink.get(team["id"], 0)
        if shrink.get(team["id"]) and size <= 0:
            gone.add(team["id"])  # nobody of the team comes: it has no meetings
            continue
        teams.append({**team, "size": size})
    instance["teams"] = teams
    instance["partners"] = [p for p in instance["partners"] if p["id"] not in gone]
    instance["coaches"] = [c for c in instance["coaches"] if c["id"] not in gone]
    for team in instance["teams"]:
        team["wishes"] = [w for w in team["wishes"] if w not in gone]
    for partner in instance["partners"]:
        partner["wishes"] = [w for w in partner["wishes"] if w not in gone]
    instance["forbidden"] = [f for f in instance["forbidden"]
                             if f["team"] not in gone and f["partner"] not in gone]


def _known_ids(instance: dict) -> dict[str, set[str]]:
    return {"session": {s["id"] for s in instance["sessions"] if s.get("kind") == "sparring"},
            "team": {t["id"] for t in instance["teams"]},
            "partner": {p["id"] for p in instance["partners"]},
            "coach": {c["id"] for c in instance["coaches"]},
            "room": {r["id"] for r in instance["rooms"]}}


def _known_entries(schedule: dict, known: dict[str, set[str]]) -> dict:
    """The meetings, coaches and rooms of `schedule` that name only what the instance has."""
    def keep(entry: dict) -> bool:
        return all(value in known[key] for key, value in entry.items() if key in known)

    return {key: [dict(e) for e in schedule.get(key) or [] if keep(e)]
            for key in ("meetings", "coaches", "rooms")}


def _freeze(instance: dict, published: dict, freeze_before: str, known: dict) -> None:
    frozen = {s["id"] for s in instance["sessions"]
              if s.get("kind") == "sparring" and s["start"] < freeze_before}
    if not frozen:
        return
    kept = _known_entries(published, known)
    meetings = [m for m in kept["meetings"] if m["session"] in frozen]
    rooms = [r for r in kept["rooms"] if r["session"] in frozen]
    fixed = instance["fixed"]
    # In the past, what happened wins over a pin set since.
    fixed["meetings"] = [m for m in fixed["meetings"] if m["session"] not in frozen] + meetings
    fixed["rooms"] = [r for r in fixed["rooms"] if r["session"] not in frozen] + rooms

    minimum = instance["rules"].get("partners_per_team", {}).get("min", 1)
    per_team: dict[tuple[str, str], int] = {}
    busy: dict[str, set[str]] = {s: set() for s in frozen}
    for m in meetings:
        per_team[(m["session"], m["team"])] = per_team.get((m["session"], m["team"]), 0) + 1
        busy[m["session"]].add(m["partner"])
    short = {s for s in frozen for t in known["team"] if per_team.get((s, t), 0) < minimum}
    for partner in instance["partners"]:
        partner["available"] = [s for s in partner["available"]
                                if s not in frozen or s in short
                                or partner["id"] in busy[s]]
