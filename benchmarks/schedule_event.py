"""An event k times the demo's size written into the app's database from the solver's
seeded instance generator (benchmarks/generator.py), so the app's schedule path can be
measured on an instance known to be solvable: teams with members, partners, coaches, rooms.
"""
from __future__ import annotations

from datetime import datetime

from app.extensions import db
from app.models import Enterprise, EventSession, Person, Room, User
from app.services import demo
from benchmarks.generator import generate_instance

ORGANISER_EMAIL = "organiser@example.org"
PASSWORD = "benchmark password"  # noqa: S105 (a throwaway database)


def load_event(scale: int = 10, seed: int = 1) -> dict[str, int]:
    """Write the generated instance of `scale` into the current app's (migrated, empty) database."""
    from werkzeug.security import generate_password_hash

    instance = generate_instance(scale=scale, seed=seed)
    event = demo._create_event()
    sessions = {}
    for s in instance["sessions"]:
        sessions[s["id"]] = EventSession(
            event=event, title=s["id"], kind=s["kind"], stage=s.get("stage"),
            starts_at=datetime.fromisoformat(s["start"]), ends_at=datetime.fromisoformat(s["end"]))
    rooms = [Room(event=event, name=r["name"], capacity=r["capacity"], max_teams=r["max_teams"])
             for r in instance["rooms"]]
    db.session.add_all([*sessions.values(), *rooms])
    teams = {}
    for n, t in enumerate(instance["teams"]):
        team = Enterprise(event_id=event.id, name=t["name"], organisation=t["name"],
                          country="IT", challenge=f"Challenge of {t['name']}",
                          languages=t["languages"], needs=t["needs"], status="accepted")
        team.members = [Person(event_id=event.id, role="member", status="accepted",
                               name=f"Member {n + 1}.{m + 1}",
                               email=f"member{n + 1}.{m + 1}@example.org",
                               languages=t["languages"]) for m in range(t["size"])]
        teams[t["id"]] = team
    partners = {}
    for p in instance["partners"]:
        partners[p["id"]] = Person(
            event_id=event.id, role="partner", status="accepted", name=p["name"],
            email=f"{p['id']}@example.org", skills=p["skills"], languages=p["languages"],
            max_sessions=p.get("max_sessions"),
            available_sessions=[sessions[s] for s in p["available"]])
    coaches = [Person(event_id=event.id, role="coach", status="accepted", name=c["name"],
                      email=f"{c['id']}@example.org", skills=c["skills"],
                      languages=c["languages"], max_teams=c["max_teams"])
               for c in instance["coaches"]]
    db.session.add_all([*teams.values(), *partners.values(), *coaches])
    for t in instance["teams"]:
        teams[t["id"]].wished_partners = [partners[p] for p in t["wishes"]]
    for p in instance["partners"]:
        partners[p["id"]].wished_teams = [teams[t] for t in p["wishes"]]
    db.session.add(User(email=ORGANISER_EMAIL, name="Organiser", role="organiser",
                        password_hash=generate_password_hash(PASSWORD)))
    db.session.commit()
    return {"teams": len(teams), "partners": len(partners), "coaches": len(coaches),
            "rooms": len(rooms), "members": sum(t["size"] for t in instance["teams"])}
