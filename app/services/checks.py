"""Checks shared by forms, CSV import and the API: the rules every record must satisfy.

Each function returns messages that name what is wrong; callers attach them to a field
(forms), a line (CSV) or a JSON error (API).
"""
import re
import unicodedata

from flask_babel import gettext as _

from app.extensions import db
from app.models import Event, Language, Person, SkillTag
from app.models.keys import MAX_ID, text_key


class NotAllowed(Exception):
    """Raised by services when this person or account may not do this (a 403)."""


class ValidationFailed(ValueError):
    """Raised by services when input breaks a rule; `errors` maps a field name to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {', '.join(msgs)}" for field, msgs in errors.items()))


def control_character(value: str, multiline: bool = False) -> str | None:
    """The first C0 or C1 control character of `value` (NUL, escape, ...) as 'U+0000', or None.

    Such characters break the CSV round trip and PostgreSQL refuses NUL; a multi-line text
    (a description) may hold line breaks and tabs."""
    allowed = "\n\r\t" if multiline else ""
    for character in value:
        if unicodedata.category(character) == "Cc" and character not in allowed:
            return f"U+{ord(character):04X}"
    return None


def split_list(value) -> list[str]:
    """'a, b; c' or ['a', 'b'] -> ['a', 'b', 'c'] (trimmed, empties dropped, order kept, unique)."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else re.split(r"[,;|\n]", str(value))
    seen: list[str] = []
    for item in items:
        item = str(item).strip()
        if item and item not in seen:
            seen.append(item)
    return seen


def as_record_id(value) -> int | None:
    """The value as a possible record id (a whole number from 1 to MAX_ID), else None.

    Ids come from forms and files as text or numbers; a larger one is simply unknown, and
    must not reach the database driver, which cannot compare it."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_ID else None


def get_record(model, value):
    """The record of `model` with the id `value`, or None (also for ids that cannot exist)."""
    record_id = as_record_id(value)
    return db.session.get(model, record_id) if record_id is not None else None


def language_codes(event: Event) -> list[str]:
    return list(db.session.execute(
        db.select(Language.code).filter_by(event_id=event.id).order_by(Language.code)).scalars())


def skill_names(event: Event) -> list[str]:
    return list(db.session.execute(
        db.select(SkillTag.name).filter_by(event_id=event.id).order_by(SkillTag.name)).scalars())


def unknown_languages(event: Event, codes: list[str]) -> list[str]:
    known = set(language_codes(event))
    return [_("unknown language '%(code)s' (known: %(known)s)", code=c,
              known=", ".join(sorted(known)))
            for c in codes if c not in known]


def unknown_skills(event: Event, tags: list[str]) -> list[str]:
    known = set(skill_names(event))
    return [_("unknown skill '%(skill)s'; an organiser can add it to the skill list", skill=t)
            for t in tags if t not in known]


def unknown_stages(event: Event, stages) -> list[str]:
    return [_("unknown stage '%(stage)s' (stages: %(stages)s)", stage=s,
              stages=", ".join(event.stages))
            for s in stages if s not in event.stages]


def email_in_use(event: Event, email: str, exclude_ids=()) -> bool:
    """Whether someone of the event (member, partner or coach) has this address, compared by
    its key; `exclude_ids` are the people being edited (a team may move an address between
    its own members)."""
    query = db.select(Person.id).filter(Person.event_id == event.id,
                                        Person.email_key == text_key(email.strip()))
    if exclude_ids:
        query = query.filter(Person.id.not_in(list(exclude_ids)))
    return db.session.execute(query.limit(1)).first() is not None


def save_record(record, commit: bool, clash_field: str = "", clash_message: str = ""):
    """Add the record and commit (or only flush, for an all-or-nothing import).

    A unique constraint that fires here means someone else saved the same name or email a
    moment ago: that becomes a ValidationFailed on `clash_field`, not a server error.
    """
    from sqlalchemy.exc import IntegrityError

    if record is not None:
        db.session.add(record)
    try:
        if commit:
            db.session.commit()
        else:
            db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        if not clash_field:
            raise
        raise ValidationFailed({clash_field: [clash_message]}) from exc
    return record
