"""What is on one person's agenda: the timetable, and the meetings of the published schedule.

`agenda_for(person)` is the one place that decides it; the personal page, the .ics file, the
PDFs and the publish (calendar sequences) all read it. Before a schedule is published, partners
see the sparring sessions they offered; afterwards, sparring sessions show whom each person
meets and where, and a partner's offered session without a meeting is shown as free.
"""
import threading
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import get_translations

from app.extensions import db
from app.models import Event, EventSession, Person
from app.services.agenda.plan import Plan, load_plan


@dataclass(frozen=True)
class Contact:
    """Someone (or a team) met in a session, with what the reader needs to know about them."""

    name: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgendaItem:
    """One entry of an agenda: a timetable session, with its meetings once a schedule exists."""

    uid: str  # stable per entry and person, so calendar apps update instead of duplicating
    title: str
    starts_at: datetime  # local wall-clock time in the event's time zone
    ends_at: datetime
    place: str = ""
    kind: str = "other"
    stage: str | None = None
    details: list[str] = field(default_factory=list)
    session_key: str = ""
    teams: tuple[str, ...] = ()  # the team keys this entry is about (meetings, rooms)
    contacts: tuple[Contact, ...] = ()  # whom they meet
    free: bool = False  # a partner's offered session without a meeting

    @property
    def day(self) -> date:
        return self.starts_at.date()

    def content(self) -> str:
        """What a calendar shows of it: a change here is a new revision (SEQUENCE)."""
        return "\n".join([self.title, self.starts_at.isoformat(), self.ends_at.isoformat(),
                          self.place, *self.details])


# The translations of the agenda being built: looked up once per agenda instead of once per
# string (Flask-Babel's gettext finds the request context and locale on every call, which was
# most of the time of a publish or of printing everyone's calendar).
_active = threading.local()


def _(string: str, **variables) -> str:
    """gettext with the translations agenda_for looked up (same result as Flask-Babel's)."""
    text = _active.translations.ugettext(string)
    return text % variables if variables else text


def agenda_for(person: Person, plan: Plan | None = None) -> list[AgendaItem]:
    """This person's agenda; pass one `plan` when reading many agendas (no query per item)."""
    if plan is None:
        plan = load_plan(db.session.get(Event, person.event_id), for_person=person)
    _active.translations = get_translations()
    # The page and the calendar file of one person read the same plan: built once per
    # language (items are frozen; callers get their own list).
    key = (id(_active.translations), "agenda", person.id, person.role, person.enterprise_id)
    items = plan.cache.get(key) if person.id is not None else None
    if items is None:
        items = plan.cache[key] = sorted(
            (item for session in plan.sessions
             if (item := _item(person, session, plan)) is not None),
            key=lambda item: (item.starts_at, item.title))
    return list(items)


def _item(person: Person, session: EventSession, plan: Plan) -> AgendaItem | None:
    base = {"uid": f"event{plan.event.id}-s{session.id}-{person.key}@hackathon-matchmaker",
            "title": session.title, "starts_at": session.starts_at,
            "ends_at": session.ends_at, "place": session.place or "", "kind": session.kind,
            "stage": session.stage, "session_key": session.key}
    if session.kind != "sparring":
        return AgendaItem(**base)
    if person.role == "partner":
        return _partner_item(person, session, plan, base)
    if not plan.published:
        return AgendaItem(**base)
    if person.role == "coach":
        return _coach_item(person, session, plan, base)
    if person.enterprise_id is not None:
        return _member_item(f"t{person.enterprise_id}", session, plan, base)
    return AgendaItem(**base)


def _labels(codes, labels: dict[str, str]) -> str:
    return ", ".join(labels.get(c, c) for c in codes or []) or "–"


def _cached(plan: Plan, key: tuple, build):
    """A contact is the same on everyone's agenda in one language: built once per plan."""
    key = (id(_active.translations), *key)
    found = plan.cache.get(key)
    if found is None:
        found = plan.cache[key] = build()
    return found


def _partner_contact(plan: Plan, key: str) -> Contact:
    return _cached(plan, ("partner", key), lambda: _build_partner_contact(plan, key))


def _build_partner_contact(plan: Plan, key: str) -> Contact:
    partner = plan.people.get(key)
    if partner is None:
        return Contact(key)
    return Contact(partner.name, (
        _("Skills: %(skills)s", skills=_labels(partner.skills, plan.skills)),
        _("Languages: %(languages)s", languages=_labels(partner.languages, plan.languages))))


def _contact_lines(contact: Contact) -> list[str]:
    return [contact.name + (" (" + "; ".join(contact.lines) + ")" if contact.lines else "")]


def _member_item(team: str, session: EventSession, plan: Plan, base: dict) -> AgendaItem:
    partners = tuple(_partner_contact(plan, p) for p in plan.meetings.get((session.key, team),
                                                                          []))
    room = plan.rooms.get((session.key, team))
    details = [session.title] if partners else []  # the title then names the partners
    if partners:
        details.append(_("You meet:"))
        for contact in partners:
            details += _contact_lines(contact)
    coach = plan.coach_of.get(team)
    if coach:
        details.append(_("Coach: %(name)s", name=plan.person_name(coach)))
    title = _("Sparring: %(whom)s", whom=", ".join(c.name for c in partners)) if partners \
        else session.title
    return AgendaItem(**{**base, "title": title, "place": plan.room_name(room) if room
                         else base["place"], "details": details, "teams": (team,),
                         "contacts": partners})


def _team_contact(plan: Plan, team_key: str, stage: str | None) -> Contact:
    return _cached(plan, ("team", team_key, stage),
                   lambda: _build_team_contact(plan, team_key, stage))


def _build_team_contact(plan: Plan, team_key: str, stage: str | None) -> Contact:
    team = plan.teams.get(team_key)
    if team is None:
        return Contact(team_key)
    lines = []
    if team.challenge:
        lines.append(_("Challenge: %(challenge)s", challenge=team.challenge))
    needs = (team.needs or {}).get(stage) or []
    if needs:
        lines.append(_("Needs in this stage: %(needs)s", needs=_labels(needs, plan.skills)))
    lines.append(_("Languages: %(languages)s", languages=_labels(team.languages,
                                                                 plan.languages)))
    return Contact(team.name, tuple(lines))


def _partner_item(person: Person, session: EventSession, plan: Plan, base: dict):
    offered = any(s.id == session.id for s in person.available_sessions)
    team = plan.by_partner.get(person.key, {}).get(session.key) if plan.published else None
    if team is None:
        if not offered:
            return None
        if not plan.published:
            return AgendaItem(**base)
        return AgendaItem(**{**base, "free": True, "details": [
            _("No team to meet in this session: you are free.")]})
    contact = _team_contact(plan, team, session.stage)
    room = plan.rooms.get((session.key, team))
    details = [session.title, _("You meet the team:"), *_contact_lines(contact)]
    return AgendaItem(**{**base, "title": _("Sparring: %(whom)s", whom=contact.name),
                         "place": plan.room_name(room) if room else base["place"],
                         "details": details, "teams": (team,), "contacts": (contact,)})


def _coach_item(person: Person, session: EventSession, plan: Plan, base: dict) -> AgendaItem:
    teams = plan.teams_of_coach(person.key)
    if not teams:
        return AgendaItem(**base)
    details, contacts, places = [session.title], [], []
    for team in teams:
        room = plan.rooms.get((session.key, team))
        place = plan.room_name(room) if room else ""
        if place and place not in places:
            places.append(place)
        partners = ", ".join(plan.person_name(p)
                             for p in plan.meetings.get((session.key, team), [])) or "–"
        line = _("%(team)s in %(room)s with %(partners)s", team=plan.team_name(team),
                 room=place or "–", partners=partners)
        details.append(line)
        contacts.append(Contact(plan.team_name(team), (line,)))
    return AgendaItem(**{**base, "title": _("Sparring: %(whom)s", whom=", ".join(
        plan.team_name(t) for t in teams)), "place": ", ".join(places) or base["place"],
        "details": details, "teams": tuple(teams), "contacts": tuple(contacts)})
