"""Small helpers the enterprise and people services share to check one record.

`Problems` collects messages per field so a service can report every problem at once and
raise a single ValidationFailed.
"""
import re

from flask_babel import gettext as _

from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person
from app.models.keys import KEY_LENGTH_FACTOR, text_key
from app.services.checks import (
    ValidationFailed,
    as_record_id,
    control_character,
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


def text(data: dict, key: str, problems: Problems, *, field: str | None = None,
         multiline: bool = False) -> str:
    """The text given for `key`, trimmed; a control character in it is a problem of `field`
    (default: the key). Every text the services take comes through here."""
    value = data.get(key)
    value = "" if value is None else str(value).strip()
    refuse_control_characters(field or key, value, problems, multiline)
    return value


def refuse_control_characters(field: str, value: str, problems: Problems,
                              multiline: bool = False) -> bool:
    """Whether `value` holds a control character; if so, that is a problem of `field`."""
    character = control_character(value, multiline)
    if character:
        problems.add(field, _("contains a control character (%(character)s); remove it",
                              character=character))
    return character is not None


def text_list(value, problems: Problems, field: str) -> list[str]:
    """The items of a list or a 'a, b; c' text (split_list); those holding a control
    character are refused and left out."""
    return [item for item in split_list(value)
            if not refuse_control_characters(field, item, problems)]


def too_long(value: str, max_length: int) -> bool:
    """Longer than max_length characters, or with a key (text_key) longer than its column."""
    return len(value) > max_length or len(text_key(value)) > max_length * KEY_LENGTH_FACTOR


def required_text(data: dict, key: str, problems: Problems, max_length: int,
                  what: str | None = None) -> str:
    value = text(data, key, problems)
    if not value:
        problems.add(key, _("%(what)s is required", what=what or key.replace("_", " ")))
    elif too_long(value, max_length):
        problems.add(key, _("at most %(max)s characters", max=max_length))
    return value


def optional_text(data: dict, key: str, problems: Problems, max_length: int,
                  multiline: bool = False) -> str:
    value = text(data, key, problems, multiline=multiline)
    if too_long(value, max_length):
        problems.add(key, _("at most %(max)s characters", max=max_length))
    return value


class DeleteRefused(Exception):
    """Raised when a record cannot be deleted; `reasons` say what still depends on it."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


def check_email(event: Event, field: str, email: str, problems: Problems,
                exclude_ids: set[int] | None = None) -> str:
    """A well-formed address not yet used by anyone of the event (members, partners, coaches).

    An address the field already has a problem with (a control character) is not looked up:
    PostgreSQL cannot even compare a NUL."""
    email = email.strip()
    if not email:
        problems.add(field, _("email is required"))
    elif too_long(email, 254) or not EMAIL_PATTERN.match(email):
        problems.add(field, _("'%(email)s' is not a valid email address", email=email))
    elif field not in problems.errors and email_in_use(event, email, exclude_ids or ()):
        problems.add(field, _("%(email)s is already registered for this event", email=email))
    return email


def check_languages(event: Event, value, problems: Problems, field: str = "languages") -> list:
    codes = text_list(value, problems, field)
    if not codes and field not in problems.errors:
        problems.add(field, _("choose at least one language"))
    problems.extend(field, unknown_languages(event, codes))
    return codes


def check_skills(event: Event, value, problems: Problems, field: str = "skills") -> list:
    tags = text_list(value, problems, field)
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


def check_locale(data: dict, problems: Problems) -> str | None:
    """The language of a person's emails ('en' or 'de'), or None when `data` gives none."""
    from app.config import Config

    value = text(data, "locale", problems).lower()
    if not value:
        return None
    if value not in Config.LANGUAGES:
        problems.add("locale", _("unknown language '%(value)s' for the emails (one of "
                                 "%(known)s)", value=value, known=", ".join(Config.LANGUAGES)))
        return None
    return value


def check_status(data: dict, problems: Problems, default: str = "pending") -> str:
    from app.models.people import STATUSES

    status = text(data, "status", problems) or default
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


def _lookup_ids(value, prefix: str, problems: Problems, field: str) -> list:
    """The references of a list or a 'a, b; c' text (see lookup_reference); empty ones and
    texts with a control character (a problem of `field`) are left out."""
    items = value if isinstance(value, list | tuple | set) else split_list(value)
    references = [lookup_reference(item, prefix) for item in items]
    return [r for r in references if r != "" and not (
        isinstance(r, str) and refuse_control_characters(field, r, problems))]


def _records_by_reference(statement, key_column, wanted: list) -> dict:
    """{reference: record or None} for references by id or by text (compared by key_column,
    a stored text_key), among the records `statement` selects."""
    model = key_column.class_
    ids = [w for w in wanted if as_record_id(w) is not None]
    keys = [text_key(w) for w in wanted if isinstance(w, str)]
    found = db.session.execute(statement.filter(
        db.or_(model.id.in_(ids), key_column.in_(keys)))).scalars().all()
    by_id = {record.id: record for record in found}
    by_key = {getattr(record, key_column.key): record for record in found}
    return {w: by_id.get(w) if isinstance(w, int) else by_key.get(text_key(w)) for w in wanted}


def _resolved(found: dict, problems: Problems, field: str, accepted_only: bool,
              unknown, not_accepted) -> list:
    """The records found, once each; `unknown(reference)` and `not_accepted(name)` say why
    the others are refused."""
    result = []
    for reference, record in found.items():
        if record is None:
            problems.add(field, unknown(reference))
        elif accepted_only and record.status != "accepted":
            problems.add(field, not_accepted(record.name))
        elif record not in result:
            result.append(record)
    return result


def resolve_partners(event: Event, value, problems: Problems, field: str,
                     accepted_only: bool) -> list[Person]:
    """Partners by id, key ('p3') or email."""
    statement = db.select(Person).filter(Person.event_id == event.id, Person.role == "partner")
    wanted = _lookup_ids(value, "p", problems, field)
    found = _records_by_reference(statement, Person.email_key, wanted)
    return _resolved(found, problems, field, accepted_only,
                     lambda w: _("unknown sparring partner '%(partner)s'", partner=w),
                     lambda name: _("%(name)s is not an accepted sparring partner", name=name))


def resolve_enterprises(event: Event, value, problems: Problems, field: str,
                        accepted_only: bool) -> list[Enterprise]:
    """Enterprises by id, key ('t12') or name."""
    statement = db.select(Enterprise).filter(Enterprise.event_id == event.id)
    wanted = _lookup_ids(value, "t", problems, field)
    found = _records_by_reference(statement, Enterprise.name_key, wanted)
    return _resolved(found, problems, field, accepted_only,
                     lambda w: _("unknown enterprise '%(enterprise)s'", enterprise=w),
                     lambda name: _("%(name)s is not an accepted enterprise", name=name))


def resolve_sessions(event: Event, value, problems: Problems, field: str) -> list[EventSession]:
    """Sparring sessions of the event by id, key ('s5') or exact title."""
    wanted = _lookup_ids(value, "s", problems, field)
    sparring = [s for s in event.sessions if s.kind == "sparring"]
    by_id = {s.id: s for s in sparring}
    by_title = {s.title_key: s for s in sparring}
    result = []
    for w in wanted:
        session = by_id.get(w) if isinstance(w, int) else by_title.get(text_key(w))
        if session is None:
            problems.add(field, _("unknown sparring session '%(session)s'", session=w))
        elif session not in result:
            result.append(session)
    return sorted(result, key=lambda s: s.starts_at)
