"""A seeded event at k times the demo's size, written with the app's models (bulk inserts).

Per scale k: 16k enterprises with 1-6 members (about 3.1 on average: 1,500 at k = 30), 40k
sparring partners, 8k coaches (2-3 teams each; 85% of the teams have one), a conflict of
interest per team on average, two wishes per team and per partner, a login per coach and one
organiser. Statuses: 70% accepted, 20% pending, 10% rejected; 15% of the teams have not started.
The demo's event, timetable, languages and skill tags (app/services/demo_data.py) frame it.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import Conflict, Enterprise, Person, User
from app.models.keys import text_key
from app.models.people import person_sessions, team_coaches, team_wishes
from app.services import demo
from app.services import demo_data as data

COUNTRIES = ["IT", "RO", "SE", "DE", "ES", "IT", "RO", "DE", "AT", "FR"]
OWN_LANGUAGES = ["it", "ro", "sv", "de", "es"]
STATUSES = ["accepted"] * 7 + ["pending"] * 2 + ["rejected"]
FIRST = ["Anna", "Luca", "Ioana", "Sven", "Marta", "Jonas", "Elena", "Paolo", "Ingrid", "Diego",
         "Lena", "Matei", "Sofia", "Karl", "Greta", "Andrei", "Chiara", "Nils", "Lucia", "Felix"]
LAST = ["Rossi", "Popescu", "Lindqvist", "Huber", "García", "Bauer", "Ionescu", "Ferrari",
        "Berg", "Moreno", "Wagner", "Marin", "Nilsson", "Romano", "Schmid", "Dumitru"]
WORDS = ["care", "farm", "bees", "circle", "water", "seed", "bridge", "light", "craft", "link",
         "garden", "bread", "loom", "wheel", "harbour", "school", "kitchen", "radio"]
ORGANISER_EMAIL = "organiser@example.org"
PASSWORD = "benchmark password"  # noqa: S105 (a throwaway database)


def generate_event(scale: int = 30, seed: int = 1) -> dict[str, int]:
    """Write the event into the (empty, migrated) database of the current app; return counts."""
    rng = random.Random(seed * 1000 + scale)
    event = demo._create_event()
    sparring = list(demo._create_timetable(event).values())
    db.session.flush()
    sparring_ids = [s.id for s in sparring]
    skills = [name for name, _label in data.SKILLS]
    start = datetime(2023, 6, 1, 9)

    def when() -> datetime:
        return start + timedelta(minutes=rng.randrange(90 * 24 * 60))

    def person_row(role: str, number: int, languages: list[str], **extra) -> dict:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        return {"event_id": event.id, "role": role, "name": name,
                "email": f"{role}{number}@example.org", "languages": languages,
                "status": rng.choice(STATUSES), "created_at": when(),
                "token": f"{role}-{number}-{rng.getrandbits(64):016x}", **extra}

    n_teams, n_partners, n_coaches = 16 * scale, 40 * scale, 8 * scale
    coaches = [person_row("coach", n, ["en", rng.choice(OWN_LANGUAGES)],
                          organisation=f"Coaching {n % 17}", skills=rng.sample(skills, 3),
                          max_teams=rng.choice([2, 3])) for n in range(n_coaches)]
    coach_ids = _insert(Person, coaches)
    partners = [person_row("partner", n, ["de", "en"] if rng.random() < 0.85 else ["de"],
                           organisation=f"Studio {rng.choice(WORDS).title()} {n % 97}",
                           skills=rng.sample(skills, rng.randint(1, 4)),
                           partner_kind="living_lab" if rng.random() < 0.1 else "creative",
                           max_sessions=rng.choice([None, 2, 3, 4]))
                for n in range(n_partners)]
    partner_ids = _insert(Person, partners)
    teams = []
    for n in range(n_teams):
        stages = rng.sample(data.STAGES, 3)
        teams.append({
            "event_id": event.id, "name": f"{rng.choice(WORDS).title()} {n + 1}",
            "organisation": f"{rng.choice(WORDS).title()} cooperative {n % 53}",
            "country": rng.choice(COUNTRIES), "challenge": "A challenge in one sentence",
            "description": "", "languages": ["en", rng.choice(OWN_LANGUAGES)],
            "needs": {s: rng.sample(skills, rng.randint(1, 2)) for s in stages},
            "status": rng.choice(STATUSES), "created_at": when(),
            "stage": None if rng.random() < 0.15 else rng.choice(data.STAGES)})
    team_ids = _insert(Enterprise, teams)
    members = []
    for team_id, team in zip(team_ids, teams, strict=True):
        size = rng.choices([1, 2, 3, 4, 5, 6], weights=[10, 25, 30, 20, 10, 5])[0]
        for _index in range(size):
            members.append(person_row("member", len(members), team["languages"],
                                      organisation=team["organisation"],
                                      enterprise_id=team_id) | {"status": team["status"]})
    _insert(Person, members)
    load = dict.fromkeys(coach_ids, 0)
    coached = []
    for team_id in team_ids:
        free = [c for c in coach_ids if load[c] < 3]
        if rng.random() < 0.85 and free:
            coach = rng.choice(free)
            load[coach] += 1
            coached.append({"enterprise_id": team_id, "coach_id": coach})
    db.session.execute(insert(team_coaches), coached)
    db.session.execute(insert(person_sessions), [
        {"person_id": p, "session_id": s} for p in partner_ids
        for s in rng.sample(sparring_ids, rng.randint(1, len(sparring_ids)))])
    db.session.execute(insert(team_wishes), [
        {"enterprise_id": t, "partner_id": p} for t in team_ids
        for p in rng.sample(partner_ids, 2)])
    conflicts = {(rng.choice(team_ids), rng.choice(partner_ids)) for _n in range(n_teams)}
    db.session.execute(insert(Conflict), [
        {"event_id": event.id, "enterprise_id": t, "partner_id": p, "reason": "former employer"}
        for t, p in sorted(conflicts)])
    hashed = generate_password_hash(PASSWORD)
    _insert(User, [
        {"email": ORGANISER_EMAIL, "name": "Olga Organiser", "role": "organiser",
         "password_hash": hashed, "active": True}] + [
        {"email": row["email"], "name": row["name"], "role": "coach", "password_hash": hashed,
         "person_id": coach_id, "active": True}
        for coach_id, row in zip(coach_ids, coaches, strict=True)])
    db.session.commit()
    return {"enterprises": n_teams, "members": len(members), "partners": n_partners,
            "coaches": n_coaches, "conflicts": len(conflicts), "accounts": n_coaches + 1}


# Bulk inserts bypass the models' validators, which keep these keys (app/models/keys.py).
TEXT_KEYS = {"name": "name_key", "email": "email_key"}


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert many rows at once, with their text keys; their ids in the order given."""
    if not rows:
        return []
    keys = {text: key for text, key in TEXT_KEYS.items() if hasattr(model, key)}
    rows = [row | {key: text_key(row[text]) for text, key in keys.items() if text in row}
            for row in rows]
    result = db.session.execute(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    return list(result.scalars())
