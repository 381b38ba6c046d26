"""Sparring partners and coaches: create, update, accept/reject, delete, search.

Every function takes the event explicitly and plain data, so forms, CSV import and the API
share the same rules. Problems raise ValidationFailed(field -> messages). With commit=False
nothing is committed (the caller commits once, e.g. a whole CSV file).

Partner data (a dict; absent optional keys take the defaults shown):
    name, email   str, required; email unique in the event (members, partners, coaches)
    organisation  str = ""
    partner_kind  "creative" (creative-industry sparring partner) | "living_lab"
                  (living-lab practitioner from the region) = "creative"
    skills        list[str] | "a, b" = []: each in the event's SkillTag list
    languages     list[str] | "de, en": at least one, each in the event's Language list
    available_sessions  list of sparring-session ids, keys ("s5") or titles: at least one
    max_sessions  int 1..number of sparring sessions, or None (no limit of their own)
    wished_teams  list of enterprise ids, keys ("t12") or names = []
    status        "pending" | "accepted" | "rejected" = "pending"

Coach data:
    name, email, organisation, skills, languages, status   as for partners
    max_teams     int 1..10 = 1
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Conflict, Enterprise, Event, Person, User
from app.models.keys import text_key
from app.models.people import ACTIVE, PARTNER_KINDS, new_personal_token, team_wishes
from app.services.checks import save_record
from app.services.listing import contains_text
from app.services.mail import messages as emails
from app.services.record_checks import (
    DeleteRefused,
    Problems,
    check_email,
    check_languages,
    check_locale,
    check_skills,
    check_status,
    optional_int,
    optional_text,
    required_text,
    resolve_enterprises,
    resolve_sessions,
    text,
)

MAX_TEAMS_PER_COACH = 10
PARTNER_KIND_LABELS = {"creative": _l("Creative-industry sparring partner"),
                       "living_lab": _l("Living-lab practitioner from the region")}


def create_partner(event: Event, data: dict, *, commit: bool = True,
                   wishes_accepted_only: bool = False) -> Person:
    """Create a sparring partner (see the module docstring for `data`)."""
    person = Person(event_id=event.id, role="partner")
    _apply_partner(event, person, data, wishes_accepted_only)
    return _finish(person, commit, status_before=None)


def create_coach(event: Event, data: dict, *, commit: bool = True) -> Person:
    """Create a coach (see the module docstring for `data`)."""
    person = Person(event_id=event.id, role="coach")
    _apply_coach(event, person, data)
    return _finish(person, commit, status_before=None)


def update_person(person: Person, data: dict, *, commit: bool = True) -> Person:
    """Replace a partner's or coach's data with `data` (same keys as create)."""
    event = db.session.get(Event, person.event_id)
    status_before = person.status
    if person.role == "partner":
        _apply_partner(event, person, data, wishes_accepted_only=False)
    elif person.role == "coach":
        _apply_coach(event, person, data)
    else:
        raise ValueError(_("team members are edited with their enterprise"))
    return _finish(person, commit, status_before=status_before)


def person_data(person: Person) -> dict:
    """A partner's or coach's current values as `data` for update_person (see the docstring)."""
    data = {"name": person.name, "email": person.email, "organisation": person.organisation,
            "skills": list(person.skills or []), "languages": list(person.languages or []),
            "status": person.status, "locale": person.locale}
    if person.role == "partner":
        data |= {"partner_kind": person.partner_kind or "creative",
                 "available_sessions": [s.id for s in person.available_sessions],
                 "max_sessions": person.max_sessions,
                 "wished_teams": [t.id for t in person.wished_teams]}
    elif person.role == "coach":
        data["max_teams"] = person.max_teams
    return data


def set_person_status(person: Person, status: str, *, commit: bool = True) -> None:
    """Accept, reject or reset a partner or coach; accepting or rejecting emails them."""
    problems = Problems()
    status = check_status({"status": status}, problems)
    problems.raise_if_any()
    status_before, person.status = person.status, status
    _notify_status(person, status_before)
    if commit:
        db.session.commit()


def _notify_status(person: Person, status_before: str | None) -> None:
    """Accepted or rejected: the person is told (rejection only of someone who had
    registered, not of a record an organiser creates as rejected)."""
    if person.status == status_before or person.status not in ("accepted", "rejected"):
        return
    if person.status == "rejected" and status_before is None:
        return
    emails.status_changed(person, person.status)


def delete_consequences(person: Person) -> dict[str, list[str]]:
    """What a delete would remove ('effects') and what prevents it ('blockers').

    A coach who still coaches teams is refused: the teams would be left without a coach.
    A partner's wishes and conflicts of interest only make sense with the partner, so they
    are removed with it (and the confirmation page says so).
    """
    blockers, effects = [], []
    if person.role == "coach" and person.coached_teams:
        names = ", ".join(t.name for t in person.coached_teams)
        blockers.append(_("Coach %(name)s still coaches %(teams)s: assign another coach first.",
                          name=person.name, teams=names))
    if person.role == "partner":
        wished_by = _teams_wishing(person)
        if wished_by:
            effects.append(_("Removed from the wishes of %(names)s.",
                             names=", ".join(t.name for t in wished_by)))
        if person.wished_teams:
            effects.append(_("Their own wishes (%(names)s) are removed.",
                             names=", ".join(t.name for t in person.wished_teams)))
        conflicts = db.session.execute(db.select(Conflict).filter_by(partner_id=person.id).options(
            selectinload(Conflict.enterprise))).scalars().all()
        if conflicts:
            effects.append(_("Their conflicts of interest are removed (with %(names)s).",
                             names=", ".join(c.enterprise.name for c in conflicts)))
        if person.available_sessions:
            effects.append(ngettext("Their availability for %(num)s session is removed.",
                                    "Their availability for %(num)s sessions is removed.",
                                    len(person.available_sessions)))
    accounts = db.session.execute(db.select(User).filter_by(person_id=person.id)).scalars().all()
    for account in accounts:
        effects.append(_("The login account %(email)s stays but is no longer linked "
                         "to this person.", email=account.email))
    return {"blockers": blockers, "effects": effects}


def delete_person(person: Person, *, commit: bool = True) -> None:
    """Delete a partner or coach; raises DeleteRefused when something still depends on them."""
    if person.role == "member":
        raise DeleteRefused([_("Team members are removed on their enterprise's edit page.")])
    blockers = delete_consequences(person)["blockers"]
    if blockers:
        raise DeleteRefused(blockers)
    for account in db.session.execute(db.select(User).filter_by(person_id=person.id)).scalars():
        account.person_id = None
    db.session.execute(team_wishes.delete().where(team_wishes.c.partner_id == person.id))
    db.session.execute(db.delete(Conflict).where(Conflict.partner_id == person.id))
    db.session.delete(person)
    if commit:
        db.session.commit()


def search_clause(query: str):
    """Name, organisation or email contains `query` (any case; % and _ match themselves)."""
    return db.or_(contains_text(Person.name, query), contains_text(Person.organisation, query),
                  contains_text(Person.email_key, text_key(query)))


def search_people(event: Event, role: str, query: str = "", status: str = "") -> list[Person]:
    """Partners or coaches whose name, organisation or email contains `query`."""
    statement = db.select(Person).filter(Person.event_id == event.id, Person.role == role)
    if role == "partner":
        statement = statement.options(selectinload(Person.available_sessions),
                                      selectinload(Person.wished_teams))
    elif role == "coach":
        statement = statement.options(selectinload(Person.coached_teams))
    if status:
        statement = statement.filter(Person.status == status)
    query = (query or "").strip()
    if query:
        statement = statement.filter(search_clause(query))
    return list(db.session.execute(statement.order_by(Person.name)).scalars())


def get_person(event: Event, role: str, person_id: int) -> Person | None:
    """One partner or coach of the event with what its pages show, or None."""
    return db.session.execute(db.select(Person).filter_by(
        event_id=event.id, role=role, id=person_id).options(
        selectinload(Person.available_sessions), selectinload(Person.wished_teams),
        selectinload(Person.coached_teams))).scalar_one_or_none()


def accepted_partners(event: Event) -> list[Person]:
    return list(db.session.execute(db.select(Person).filter_by(
        event_id=event.id, role="partner", status="accepted").order_by(Person.name)).scalars())


def accepted_enterprises(event: Event) -> list[Enterprise]:
    return list(db.session.execute(db.select(Enterprise).filter_by(
        event_id=event.id, status="accepted").order_by(Enterprise.name)).scalars())


def _finish(person: Person, commit: bool, status_before: str | None):
    readdressed = person.id is not None and sa_inspect(person).attrs.token.history.has_changes()
    # Two registrations at the same moment: the unique constraints catch the second one.
    save_record(person, False, "email", _("this email was registered by someone else a moment "
                                          "ago; check and send again"))
    _notify_status(person, status_before)  # after the flush: the person has a token
    if readdressed and person.status == status_before and person.status in ACTIVE:
        emails.link_reminder(person)  # the new address gets the new link
    if commit:
        db.session.commit()
    return person


def _teams_wishing(person: Person) -> list[Enterprise]:
    return list(db.session.execute(db.select(Enterprise).join(
        team_wishes, team_wishes.c.enterprise_id == Enterprise.id).filter(
        team_wishes.c.partner_id == person.id).order_by(Enterprise.name)).scalars())


def _common(event: Event, person: Person, data: dict, problems: Problems) -> dict:
    values = {
        "name": required_text(data, "name", problems, 200, _("name")),
        "email": check_email(event, "email", text(data, "email", problems), problems,
                             exclude_ids={person.id} if person.id else None),
        "organisation": optional_text(data, "organisation", problems, 200),
        "skills": check_skills(event, data.get("skills"), problems),
        "languages": check_languages(event, data.get("languages"), problems),
        "status": check_status(data, problems, default=person.status or "pending"),
    }
    locale = check_locale(data, problems)
    if locale or not person.locale:
        values["locale"] = locale or "en"
    if person.id and values["email"].casefold() != (person.email or "").casefold():
        # Another address may be another person: the old link stops working, the new
        # address gets a new one.
        values["token"] = new_personal_token()
    return values


def _apply_partner(event: Event, person: Person, data: dict, wishes_accepted_only: bool) -> None:
    problems = Problems()
    values = _common(event, person, data, problems)
    kind = text(data, "partner_kind", problems) or "creative"
    if kind not in PARTNER_KINDS:
        problems.add("partner_kind", _("unknown kind '%(kind)s' (one of %(kinds)s)", kind=kind,
                                       kinds=", ".join(PARTNER_KINDS)))
    sessions = resolve_sessions(event, data.get("available_sessions"), problems,
                                "available_sessions")
    if not sessions and "available_sessions" not in problems.errors:
        problems.add("available_sessions",
                     _("choose at least one session you are available for"))
    sparring_count = sum(1 for s in event.sessions if s.kind == "sparring")
    max_sessions = optional_int(data, "max_sessions", problems, 1, max(sparring_count, 1))
    wishes = resolve_enterprises(event, data.get("wished_teams"), problems, "wished_teams",
                                 accepted_only=wishes_accepted_only)
    problems.raise_if_any()
    for key, value in values.items():
        setattr(person, key, value)
    person.partner_kind, person.max_sessions = kind, max_sessions
    person.available_sessions, person.wished_teams = sessions, wishes


def _apply_coach(event: Event, person: Person, data: dict) -> None:
    problems = Problems()
    values = _common(event, person, data, problems)
    max_teams = optional_int(data, "max_teams", problems, 1, MAX_TEAMS_PER_COACH)
    problems.raise_if_any()
    for key, value in values.items():
        setattr(person, key, value)
    person.max_teams = max_teams or 1
