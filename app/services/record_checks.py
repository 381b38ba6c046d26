"""Small helpers the enterprise and people services share to check one record.

`Problems` collects messages per field so a service can report every problem at once and
raise a single ValidationFailed.
"""
import re

from flask_babel import gettext as _

from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person
from app.services.checks import (
    ValidationFailed,
    as_record_id,
    email_in_use,
    split_list,
    unknown_languages,
    unknown_skills,
)

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Problems:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def extend(self, field: str, messages: list[str]) -> None:
        for message in messages:
            self.add(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def text(data: dict, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def required_text(data: dict, key: str, problems: Problems, max_length: int,
                  what: str | None = None) -> str:
    value = text(data, key)
    if not value:
        problems.add(key, _("%(what)s is required", what=what or key.replace("_", " ")))
    elif len(value) > max_length:
        problems.add(key, _("at most %(max)s characters", max=max_length))
    return value


def optional_text(data: dict, key: str, problems: Problems, max_length: int) -> str:
    value = text(data, key)
    if len(value) > max_length:
        problems.add(key, _("at most %(max)s characters", max=max_length))
    return value


class DeleteRefused(Exception):
    """Raised when a record cannot be deleted; `reasons` say what still depends on it."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


def _email_taken(event: Event, email: str, exclude_ids: set[int]) -> bool:
    if len(exclude_ids) <= 1:
        return email_in_use(event, email, next(iter(exclude_ids), None))
    # A team edit may move an address from a removed member to a new one.
    query = db.select(Person.id).filter(Person.event_id == event.id,
                                        db.func.lower(Person.email) == email.lower(),
                                        Person.id.not_in(exclude_ids))
    return db.session.execute(query.limit(1)).first() is not None


def check_email(event: Event, field: str, email: str, problems: Problems,
                exclude_ids: set[int] | None = None) -> str:
    """A well-formed address not yet used by anyone of the event (members, partners, coaches)."""
    email = email.strip()
    if not email:
        problems.add(field, _("email is required"))
    elif len(email) > 254 or not EMAIL_PATTERN.match(email):
        problems.add(field, _("'%(email)s' is not a valid email address", email=email))
    elif _email_taken(event, email, exclude_ids or set()):
        problems.add(field, _("%(email)s is already registered for this event", email=email))
    return email


def check_languages(event: Event, value, problems: Problems, field: str = "languages") -> list:
    codes = split_list(value)
    if not codes:
        problems.add(field, _("choose at least one language"))
    problems.extend(field, unknown_languages(event, codes))
    return codes


def check_skills(event: Event, value, problems: Problems, field: str = "skills") -> list:
    tags = split_list(value)
    problems.extend(field, unknown_skills(event, tags))
    return tags


def optional_int(data: dict, key: str, problems: Problems, low: int, high: int) -> int | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        problems.add(key, _("'%(value)s' is not a whole number", value=value))
        return None
    if not low <= number <= high:
        problems.add(key, _("must be between %(low)s and %(high)s", low=low, high=high))
    return number


def check_status(data: dict, problems: Problems, default: str = "pending") -> str:
    from app.models.people import STATUSES

    status = text(data, "status") or default
    if status not in STATUSES:
        problems.add("status", _("unknown status '%(status)s' (one of %(statuses)s)",
                                 status=status, statuses=", ".join(STATUSES)))
    return status


def lookup_reference(item, prefix: str) -> int | str:
    """An id given as an int, digit string or scheduler key (prefix + id: 'p3'), else the text.

    The id may be out of range (as_record_id says): then it is an unknown id."""
    if isinstance(item, int) and not isinstance(item, bool):
        return item
    if hasattr(item, "id"):
        return item.id
    item = str(item).strip()
    digits = item[1:] if item[:1].lower() == prefix else item
    if digits.isascii() and digits.isdigit():
        return int(digits)
    return item


def _lookup_ids(value, prefix: str) -> list:
    """The references of a list or a 'a, b; c' text (see lookup_reference); empties dropped."""
    items = value if isinstance(value, list | tuple | set) else split_list(value)
    references = [lookup_reference(item, prefix) for item in items]
    return [r for r in references if r != ""]


def resolve_partners(event: Event, value, problems: Problems, field: str,
                     accepted_only: bool) -> list[Person]:
    """Partners by id, key ('p3') or email."""
    wanted = _lookup_ids(value, "p")
    if not wanted:
        return []
    ids = [w for w in wanted if as_record_id(w) is not None]
    emails = [w.lower() for w in wanted if isinstance(w, str)]
    found = db.session.execute(db.select(Person).filter(
        Person.event_id == event.id, Person.role == "partner",
        db.or_(Person.id.in_(ids), db.func.lower(Person.email).in_(emails)))).scalars().all()
    by_id = {p.id: p for p in found}
    by_email = {p.email.lower(): p for p in found}
    result = []
    for w in wanted:
        partner = by_id.get(w) if isinstance(w, int) else by_email.get(w.lower())
        if partner is None:
            problems.add(field, _("unknown sparring partner '%(partner)s'", partner=w))
        elif accepted_only and partner.status != "accepted":
            problems.add(field, _("%(name)s is not an accepted sparring partner",
                                  name=partner.name))
        elif partner not in result:
            result.append(partner)
    return result


def resolve_enterprises(event: Event, value, problems: Problems, field: str,
                        accepted_only: bool) -> list[Enterprise]:
    """Enterprises by id, key ('t12') or name."""
    wanted = _lookup_ids(value, "t")
    if not wanted:
        return []
    ids = [w for w in wanted if as_record_id(w) is not None]
    names = [w.lower() for w in wanted if isinstance(w, str)]
    found = db.session.execute(db.select(Enterprise).filter(
        Enterprise.event_id == event.id,
        db.or_(Enterprise.id.in_(ids), db.func.lower(Enterprise.name).in_(names)))).scalars().all()
    by_id = {e.id: e for e in found}
    by_name = {e.name.lower(): e for e in found}
    result = []
    for w in wanted:
        team = by_id.get(w) if isinstance(w, int) else by_name.get(w.lower())
        if team is None:
            problems.add(field, _("unknown enterprise '%(enterprise)s'", enterprise=w))
        elif accepted_only and team.status != "accepted":
            problems.add(field, _("%(name)s is not an accepted enterprise", name=team.name))
        elif team not in result:
            result.append(team)
    return result


def resolve_sessions(event: Event, value, problems: Problems, field: str) -> list[EventSession]:
    """Sparring sessions of the event by id, key ('s5') or exact title."""
    wanted = _lookup_ids(value, "s")
    sparring = [s for s in event.sessions if s.kind == "sparring"]
    by_id = {s.id: s for s in sparring}
    by_title = {s.title.lower(): s for s in sparring}
    result = []
    for w in wanted:
        session = by_id.get(w) if isinstance(w, int) else by_title.get(w.lower())
        if session is None:
            problems.add(field, _("unknown sparring session '%(session)s'", session=w))
        elif session not in result:
            result.append(session)
    return sorted(result, key=lambda s: s.starts_at)
