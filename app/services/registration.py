"""Public self-registration, the confirmation, and what a participant sees through their link."""
from datetime import datetime, timedelta

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, Event, Person
from app.models.keys import text_key
from app.models.people import ACTIVE
from app.services.agenda import agenda_view
from app.services.checks import control_character
from app.services.enterprises import create_enterprise
from app.services.labels import language_labels, skill_labels
from app.services.mail import messages as emails
from app.services.people import create_coach, create_partner

# Fields the public may not set: organisers decide these.
_ORGANISER_ONLY = ("status", "coach", "stage")
# How long the browser that registered may see its confirmation page.
CONFIRMATION_HOURS = 24


class RegistrationClosed(Exception):
    """The event does not take registrations now."""


def _public(event: Event, data: dict, locale: str) -> dict:
    if not event.registration_open:
        raise RegistrationClosed("Registration is closed.")
    return {k: v for k, v in data.items() if k not in _ORGANISER_ONLY} | {
        "status": "pending", "locale": locale}


def register_enterprise(event: Event, data: dict, locale: str = "en",
                        commit: bool = True) -> Person:
    """A team registers itself (pending); wished partners must be accepted ones.

    Returns the contact person. They get the confirmation with their personal link; every
    other member gets an email with their own link (links are never shown to anyone else).
    With commit=False nothing is kept (the form's own checks failed; the caller rolls back)."""
    team = create_enterprise(event, _public(event, data, locale), commit=False,
                             wishes_accepted_only=True)
    contact = team.contact_person
    emails.registration_received(contact)
    for member in team.members:
        if member.id != contact.id:
            emails.team_member_added(member, contact)
    return _committed(contact, commit)


def register_partner(event: Event, data: dict, locale: str = "en",
                     commit: bool = True) -> Person:
    person = create_partner(event, _public(event, data, locale), commit=False,
                            wishes_accepted_only=True)
    emails.registration_received(person)
    return _committed(person, commit)


def register_coach(event: Event, data: dict, locale: str = "en", commit: bool = True) -> Person:
    person = create_coach(event, _public(event, data, locale), commit=False)
    emails.registration_received(person)
    return _committed(person, commit)


def _committed(person: Person, commit: bool) -> Person:
    if commit:
        db.session.commit()
    return person


def confirmation_ticket(person: Person) -> dict:
    """What the registering browser keeps (in its signed session) to see its confirmation."""
    return {"person": person.id, "at": datetime.utcnow().isoformat(timespec="seconds")}


def person_for_confirmation(ticket) -> Person | None:
    """The person who registered in this browser within the last day, or None."""
    if not isinstance(ticket, dict) or not isinstance(ticket.get("person"), int):
        return None
    try:
        at = datetime.fromisoformat(str(ticket.get("at")))
    except ValueError:
        return None
    if datetime.utcnow() - at > timedelta(hours=CONFIRMATION_HOURS):
        return None
    return _with_relations(db.select(Person).filter_by(id=ticket["person"]))


def send_link_again(event: Event, email: str) -> None:
    """'Send me my link again': the email goes only to the address on record (if any).

    The caller answers the same whether or not the address is registered."""
    address = (email or "").strip()
    if not address or len(address) > 254 or control_character(address):
        return
    person = db.session.execute(db.select(Person).filter(
        Person.event_id == event.id, Person.email_key == text_key(address))).scalars().first()
    if person is not None:
        emails.link_reminder(person)
        db.session.commit()


def _with_relations(statement) -> Person | None:
    return db.session.execute(statement.options(
        selectinload(Person.enterprise).selectinload(Enterprise.members),
        selectinload(Person.enterprise).selectinload(Enterprise.coach),
        selectinload(Person.available_sessions),
        selectinload(Person.wished_teams),
        selectinload(Person.coached_teams).selectinload(Enterprise.members),
    )).scalar_one_or_none()


def person_by_token(token: str) -> Person | None:
    if not token or len(token) > 64 or control_character(token):
        return None
    return _with_relations(db.select(Person).filter_by(token=token))


def takes_part(person: Person) -> bool:
    """Rejected and withdrawn people see their status, not the programme or a calendar."""
    return person.status in ACTIVE


def personal_page(person: Person) -> dict:
    """Everything the personal page shows, gathered in one place."""
    event = db.session.get(Event, person.event_id)
    team = person.enterprise
    return {
        "person": person,
        "team": team,
        "teammates": [m for m in team.active_members if m.id != person.id] if team else [],
        "agenda_view": agenda_view(person) if takes_part(person) else None,
        "takes_part": takes_part(person),
        "timezone": event.timezone,
        "languages": language_labels(event),
        "skills": skill_labels(event),
    }
