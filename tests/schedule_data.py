"""A small scheduled event for the publishing and agenda tests: two teams, three partners,
two coaches, the conftest event's sessions and rooms, and versions built by hand."""
from dataclasses import dataclass

from app.extensions import db
from app.models import Enterprise, EventSession, Person, Room, ScheduleVersion


@dataclass
class Scheduled:
    event: object
    teams: dict
    partners: dict
    coaches: dict
    members: dict
    sessions: dict
    rooms: dict


def scheduled_event(event) -> Scheduled:
    sessions = {s.title: s for s in db.session.execute(db.select(EventSession)).scalars()}
    rooms = {r.name: r for r in db.session.execute(db.select(Room)).scalars()}
    coaches = {}
    for name, email in [("Carla Coach", "carla@example.org"), ("Cem Coach", "cem@example.org")]:
        coaches[name] = Person(event_id=event.id, role="coach", name=name, email=email,
                               status="accepted", languages=["en"], skills=["video"],
                               max_teams=2)
    teams = {}
    for name, challenge, languages in [
            ("Minți Curioase", "Science kits for village schools", ["ro", "en"]),
            ("Återbruket", "A repair café in Łódź and Malmö", ["sv", "en"])]:
        teams[name] = Enterprise(event_id=event.id, name=name, organisation=f"{name} org",
                                 country="RO" if "Minți" in name else "SE", status="accepted",
                                 challenge=challenge, languages=languages,
                                 needs={"empathize": ["interviewing"],
                                        "prototype": ["web-development"]})
    teams["Minți Curioase"].coach = coaches["Carla Coach"]
    teams["Återbruket"].coach = coaches["Cem Coach"]
    db.session.add_all([*coaches.values(), *teams.values()])
    db.session.flush()
    partners = {}
    for name, skills in [("Paula Partner", ["interviewing"]), ("Piet Partner", ["video"]),
                         ("Priya Partner", ["web-development", "storytelling"])]:
        partner = Person(event_id=event.id, role="partner", name=name, status="accepted",
                         email=f"{name.split()[0].lower()}@example.org", skills=skills,
                         languages=["en", "de"], partner_kind="creative")
        partner.available_sessions = [sessions["Sparring 1"], sessions["Sparring 2"]]
        partners[name] = partner
    members = {}
    for team_name, names in [("Minți Curioase", ["Ioana Pop", "Radu Ene"]),
                             ("Återbruket", ["Sven Berg"])]:
        for name in names:
            email = f"{name.split()[0].lower()}@example.org"
            members[name] = Person(event_id=event.id, role="member", name=name, email=email,
                                   status="accepted", enterprise_id=teams[team_name].id,
                                   languages=["en"])
    db.session.add_all([*partners.values(), *members.values()])
    db.session.commit()
    return Scheduled(event, teams, partners, coaches, members, sessions, rooms)


def schedule(s: Scheduled, meetings, rooms, coaches=None) -> dict:
    """A schedule dict from names: meetings (session, team, partner), rooms (session, team,
    room), coaches {team: coach}."""
    coaches = coaches or {"Minți Curioase": "Carla Coach", "Återbruket": "Cem Coach"}
    return {"status": "optimal", "objective": 10, "bound": 10, "solve_seconds": 0.1,
            "meetings": [{"session": s.sessions[a].key, "team": s.teams[b].key,
                          "partner": s.partners[c].key} for a, b, c in meetings],
            "rooms": [{"session": s.sessions[a].key, "team": s.teams[b].key,
                       "room": s.rooms[c].key} for a, b, c in rooms],
            "coaches": [{"team": s.teams[t].key, "coach": s.coaches[c].key}
                        for t, c in coaches.items()],
            "team_values": {}, "explanation": []}


FIRST = dict(
    meetings=[("Sparring 1", "Minți Curioase", "Paula Partner"),
              ("Sparring 1", "Återbruket", "Piet Partner"),
              ("Sparring 2", "Minți Curioase", "Piet Partner"),
              ("Sparring 2", "Återbruket", "Paula Partner")],
    rooms=[("Sparring 1", "Minți Curioase", "Barn"), ("Sparring 1", "Återbruket", "Parlour"),
           ("Sparring 2", "Minți Curioase", "Barn"), ("Sparring 2", "Återbruket", "Parlour")])

# Sparring 2: Minți Curioase meets Priya instead of Piet; nothing else changes.
SECOND = dict(
    meetings=[m if m != ("Sparring 2", "Minți Curioase", "Piet Partner")
              else ("Sparring 2", "Minți Curioase", "Priya Partner") for m in FIRST["meetings"]],
    rooms=FIRST["rooms"])


def add_version(s: Scheduled, number: int, data: dict, status: str = "optimal",
                source: str = "solver", note: str = "") -> ScheduleVersion:
    version = ScheduleVersion(event_id=s.event.id, version=number, status=status,
                              objective=data.get("objective"), bound=data.get("bound"),
                              data={**data, "status": status}, source=source, note=note)
    db.session.add(version)
    db.session.commit()
    return version
