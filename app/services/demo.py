"""Load the demo event (`flask --app wsgi demo`): the fictional 2023 Social Innovation Hackathon.

The records come from demo_data.py, demo_teams.py and demo_partners.py; this module writes them
to the database in one transaction, gives every team a coach and creates the demo accounts
(organiser@example.org, coach1..coach8@example.org) with DEMO_PASSWORD or a random password.
"""
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app, g
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import (
    Conflict,
    Enterprise,
    Event,
    EventSession,
    Language,
    Person,
    Room,
    SkillTag,
    User,
)
from app.models.event import default_rules
from app.services import demo_data as data
from app.services.demo_partners import CONFLICTS, PARTNERS
from app.services.demo_teams import ENTERPRISES
from app.services.events import current_event

ORGANISER_EMAIL = data.ORGANISER[0]
COACH_EMAILS = [f"coach{n}@example.org" for n in range(1, len(data.COACHES) + 1)]
DEMO_EMAILS = [ORGANISER_EMAIL, *COACH_EMAILS]
# Accounts survive a reset (except the demo's own); everything else in the database is event data.
ACCOUNT_TABLES = {"users", "api_tokens"}


class DemoExists(RuntimeError):
    """The database holds an event or demo accounts already; `--reset` starts over."""


@dataclass
class DemoLogins:
    """What `flask demo` prints: where to go and how to log in."""

    url: str
    password: str
    password_generated: bool
    event_name: str
    counts: dict
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (email, what it is)

    def describe(self) -> str:
        c = self.counts
        lines = [
            f"Loaded the demo event '{self.event_name}': {c['enterprises']} enterprises, "
            f"{c['partners']} sparring partners ({c['living_lab']} of them from the living lab), "
            f"{c['coaches']} coaches, {c['sparring']} sparring sessions, {c['rooms']} rooms.",
            f"Open {self.url} and log in at {self.url}/auth/login with:",
        ]
        width = max(len(email) for email, _ in self.accounts)
        lines += [f"  {email.ljust(width)}  {what}" for email, what in self.accounts]
        note = ("generated; set DEMO_PASSWORD to choose it" if self.password_generated
                else "from DEMO_PASSWORD")
        lines.append(f"Password for all demo accounts: {self.password}  ({note})")
        return "\n".join(lines)


def load_demo(reset: bool = False) -> DemoLogins:
    """Write the demo event and accounts; refuse (DemoExists) if there is data, unless reset."""
    if reset:
        _delete_event_data_and_demo_accounts()
    else:
        _refuse_when_present()
    configured = current_app.config.get("DEMO_PASSWORD")
    password = configured or secrets.token_urlsafe(9)

    event = _create_event()
    sessions = _create_timetable(event)
    rooms = [Room(event=event, name=n, capacity=cap, max_teams=mt) for n, cap, mt in data.ROOMS]
    db.session.add_all(rooms)
    coaches = _create_coaches(event)
    teams = _create_enterprises(event)
    partners = _create_partners(event, sessions)
    _link_wishes_and_conflicts(event, teams, partners)
    _assign_coaches(list(teams.values()), coaches)
    accounts = _create_accounts(coaches, password)
    db.session.commit()
    g.pop("current_event", None)  # a cached "no event" of this request/CLI context is stale now

    counts = {"enterprises": len(teams), "partners": len(partners), "coaches": len(coaches),
              "living_lab": sum(p.partner_kind == "living_lab" for p in partners.values()),
              "sparring": sum(s.kind == "sparring" for s in event.sessions),
              "rooms": len(rooms)}
    return DemoLogins(url=_base_url(), password=password, password_generated=not configured,
                      event_name=event.name, counts=counts, accounts=accounts)


def _base_url() -> str:
    host = os.environ.get("HOST") or "127.0.0.1"
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://{host}:{os.environ.get('PORT') or '5000'}"


def _refuse_when_present() -> None:
    event = current_event()
    if event is not None:
        raise DemoExists(
            f"The database holds the event '{event.name}' already, so the demo was not loaded. "
            "Run 'flask --app wsgi demo --reset' to delete all event data and the demo accounts "
            "and load the demo again.")
    taken = db.session.execute(
        sa.select(User.email).where(User.email.in_(DEMO_EMAILS)).order_by(User.email)).scalars()
    taken = list(taken)
    if taken:
        raise DemoExists(
            f"The demo accounts {', '.join(taken)} exist already, so the demo was not loaded. "
            "Run 'flask --app wsgi demo --reset' to replace them.")


def _delete_event_data_and_demo_accounts() -> None:
    """Empty every table but the accounts (one event per database), then drop the demo accounts.

    Children first (reverse dependency order); tables a not yet upgraded database lacks are
    skipped. Other accounts stay; their link to a deleted person becomes NULL (ON DELETE SET NULL).
    """
    existing = set(sa.inspect(db.session.connection()).get_table_names())
    for table in reversed(db.metadata.sorted_tables):
        if table.name in existing and table.name not in ACCOUNT_TABLES:
            db.session.execute(table.delete())
    db.session.execute(sa.delete(User).where(User.email.in_(DEMO_EMAILS)))
    db.session.expunge_all()
    g.pop("current_event", None)


def _create_event() -> Event:
    event = Event(**data.EVENT, stages=list(data.STAGES), rules=default_rules())
    db.session.add(event)
    db.session.flush()
    db.session.add_all([Language(event_id=event.id, code=code, name=name)
                        for code, name in data.LANGUAGES])
    db.session.add_all([SkillTag(event_id=event.id, name=name, label=label)
                        for name, label in data.SKILLS])
    return event


def _create_timetable(event: Event) -> dict[str, EventSession]:
    """All timetable slots; returns the sparring sessions by their key (sat1 ... sun2)."""
    by_key = {}
    for key, day, start, end, title, kind, stage, place in data.TIMETABLE:
        on = event.starts_on + timedelta(days=day)
        session = EventSession(event=event, title=title, kind=kind, stage=stage, place=place,
                               starts_at=datetime.combine(on, time.fromisoformat(start)),
                               ends_at=datetime.combine(on, time.fromisoformat(end)))
        db.session.add(session)
        if key:
            by_key[key] = session
    return by_key


def email_for(name: str) -> str:
    """'Tobias Straßer' -> 'tobias.strasser@example.org' (all demo addresses are fictional)."""
    plain = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    plain = plain.encode("ascii", "ignore").decode().lower()
    return ".".join(plain.replace("-", " ").split()) + "@example.org"


def _create_coaches(event: Event) -> list[Person]:
    coaches = []
    for email, spec in zip(COACH_EMAILS, data.COACHES, strict=True):
        name, organisation, skills, languages, max_teams = spec
        coaches.append(Person(event_id=event.id, role="coach", status="accepted", name=name,
                              email=email, organisation=organisation, skills=list(skills),
                              languages=list(languages), max_teams=max_teams))
    db.session.add_all(coaches)
    return coaches


def _create_enterprises(event: Event) -> dict[str, Enterprise]:
    teams = {}
    for spec in ENTERPRISES:
        team = Enterprise(event_id=event.id, name=spec["name"],
                          organisation=spec["organisation"], country=spec["country"],
                          challenge=spec["challenge"], description=spec["description"],
                          languages=list(spec["languages"]), needs=dict(spec["needs"]),
                          status="accepted", stage=data.STAGES[0])
        team.members = [Person(event_id=event.id, role="member", status="accepted", name=name,
                               email=email_for(name), organisation=spec["organisation"],
                               languages=list(spec["languages"]))
                        for name in spec["members"]]
        db.session.add(team)
        teams[spec["name"]] = team
    return teams


def _create_partners(event: Event, sessions: dict[str, EventSession]) -> dict[str, Person]:
    partners = {}
    for spec in PARTNERS:
        person = Person(event_id=event.id, role="partner", status="accepted", name=spec["name"],
                        email=email_for(spec["name"]), organisation=spec["organisation"],
                        skills=list(spec["skills"]), languages=list(spec["languages"]),
                        partner_kind=spec["partner_kind"], max_sessions=spec["max_sessions"])
        person.available_sessions = [sessions[k] for k in data.AVAILABILITY[spec["available"]]]
        db.session.add(person)
        partners[spec["name"]] = person
    return partners


def _link_wishes_and_conflicts(event: Event, teams: dict, partners: dict) -> None:
    for spec in ENTERPRISES:
        teams[spec["name"]].wished_partners = [partners[n] for n in spec["wishes"]]
    for spec in PARTNERS:
        partners[spec["name"]].wished_teams = [teams[n] for n in spec["wishes"]]
    db.session.flush()
    db.session.add_all([Conflict(event_id=event.id, enterprise_id=teams[t].id,
                                 partner_id=partners[p].id, reason=reason)
                        for t, p, reason in CONFLICTS])


def _assign_coaches(teams: list[Enterprise], coaches: list[Person]) -> None:
    """Give every team a coach who speaks its language and has room for it (H8).

    Teams whose own language few coaches speak choose first; each coach gets a fair share
    (so every coach account has teams to show) before anyone reaches max_teams. Among the
    coaches left, the one sharing the team's own language and most of its needed skills wins.
    """
    load = {c.email: 0 for c in coaches}
    share = -(-len(teams) // len(coaches))  # ceil

    def own(team):
        return set(team.languages) - {"en"}

    def fit(coach, team):
        needs = {skill for skills in team.needs.values() for skill in skills}
        return len(own(team) & set(coach.languages)), len(needs & set(coach.skills))

    def speakers(team):
        return sum(bool(own(team) & set(c.languages)) for c in coaches)

    for team in sorted(teams, key=lambda t: (speakers(t), t.name)):
        talking = [c for c in coaches if set(c.languages) & set(team.languages)]
        fitting = ([c for c in talking if load[c.email] < min(share, c.max_teams)]
                   or [c for c in talking if load[c.email] < c.max_teams])
        coach = max(fitting, key=lambda c: (*fit(c, team), -load[c.email]))
        team.coach = coach
        load[coach.email] += 1


def _create_accounts(coaches: list[Person], password: str) -> list[tuple[str, str]]:
    hashed = generate_password_hash(password)  # one hash: same password, and loading stays fast
    email, name = data.ORGANISER
    db.session.add(User(email=email, name=name, role="organiser", password_hash=hashed))
    accounts = [(email, "organiser")]
    for coach in coaches:
        db.session.add(User(email=coach.email, name=coach.name, role="coach",
                            password_hash=hashed, person=coach))
        teams = ", ".join(sorted(t.name for t in coach.coached_teams))
        accounts.append((coach.email, f"coach {coach.name} ({teams})"))
    return accounts


def remind_demo_logins() -> str:
    """What `make run` prints when the database already holds an event.

    With DEMO_PASSWORD set, the demo accounts get that password (so a restart can always log
    in); without it, their password stays the one printed when the demo was loaded.
    """
    users = list(db.session.execute(
        sa.select(User).where(User.email.in_(DEMO_EMAILS)).order_by(User.id)).scalars())
    if not users:
        return ("The database holds an event without the demo accounts; log in with your own "
                "account, or start over with 'flask --app wsgi demo --reset'.")
    configured = current_app.config.get("DEMO_PASSWORD")
    if configured:
        for user in users:
            user.set_password(configured)
        db.session.commit()
        note = f"Password for all demo accounts: {configured}  (from DEMO_PASSWORD)"
    else:
        note = ("Password: the one printed when the demo was loaded; set DEMO_PASSWORD to "
                "choose a new one, or reload with 'flask --app wsgi demo --reset'.")
    lines = [f"The database holds an event already. Open {_base_url()} and log in at "
             f"{_base_url()}/auth/login with:"]
    lines += [f"  {user.email}  {user.role}" for user in users]
    lines.append(note)
    return "\n".join(lines)
