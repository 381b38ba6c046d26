"""Public self-registration and what a participant sees through their secret link."""
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, Event, Language, Person, SkillTag
from app.services.agenda import agenda_for
from app.services.checks import control_character, language_codes, skill_names
from app.services.enterprises import create_enterprise
from app.services.people import create_coach, create_partner

# Fields the public may not set: organisers decide these.
_ORGANISER_ONLY = ("status", "coach", "stage")


class RegistrationClosed(Exception):
    """The event does not take registrations now."""


def _public(event: Event, data: dict) -> dict:
    if not event.registration_open:
        raise RegistrationClosed("Registration is closed.")
    return {k: v for k, v in data.items() if k not in _ORGANISER_ONLY} | {"status": "pending"}


def register_enterprise(event: Event, data: dict, commit: bool = True) -> Enterprise:
    """A team registers itself (pending); wished partners must be accepted ones."""
    return create_enterprise(event, _public(event, data), commit=commit,
                             wishes_accepted_only=True)


def register_partner(event: Event, data: dict, commit: bool = True) -> Person:
    return create_partner(event, _public(event, data), commit=commit, wishes_accepted_only=True)


def register_coach(event: Event, data: dict, commit: bool = True) -> Person:
    return create_coach(event, _public(event, data), commit=commit)


def contact_token(enterprise: Enterprise) -> str:
    """The secret of the contact person (the first member): their confirmation page."""
    return enterprise.members[0].token


def person_by_token(token: str) -> Person | None:
    if not token or len(token) > 64 or control_character(token):
        return None
    return db.session.execute(db.select(Person).filter_by(token=token).options(
        selectinload(Person.enterprise).selectinload(Enterprise.members),
        selectinload(Person.enterprise).selectinload(Enterprise.coach),
        selectinload(Person.available_sessions),
        selectinload(Person.wished_teams),
        selectinload(Person.coached_teams).selectinload(Enterprise.members),
    )).scalar_one_or_none()


def personal_page(person: Person) -> dict:
    """Everything the personal page shows, gathered in one place."""
    event = db.session.get(Event, person.event_id)
    return {
        "person": person,
        "team": person.enterprise,
        "teammates": [m for m in person.enterprise.members if m.id != person.id]
        if person.enterprise else [],
        "agenda": agenda_for(person),
        "timezone": event.timezone,
        "languages": language_labels(event),
        "skills": skill_labels(event),
    }


def language_labels(event: Event) -> dict[str, str]:
    """code -> name of the managed languages, in code order."""
    names = dict(db.session.execute(db.select(Language.code, Language.name).filter_by(
        event_id=event.id)).all())
    return {code: names.get(code, code) for code in language_codes(event)}


def skill_labels(event: Event) -> dict[str, str]:
    """tag -> label (the tag itself when it has no label), in tag order."""
    labels = dict(db.session.execute(db.select(SkillTag.name, SkillTag.label).filter_by(
        event_id=event.id)).all())
    return {name: labels.get(name) or name for name in skill_names(event)}
