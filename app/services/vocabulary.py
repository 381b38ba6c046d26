"""The managed lists forms offer as choices: skill tags (skills and needs) and languages."""
import re
from dataclasses import dataclass, field

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from app.extensions import db
from app.models import Enterprise, Event, Language, Person, SkillTag
from app.services.checks import ValidationFailed, save_record
from app.services.language_codes import iso_639_1, language_name, suggested_code
from app.services.record_checks import Problems, optional_text, text

# No commas, semicolons or bars: lists of tags are written "a, b; c" in forms and CSV.
TAG_PATTERN = re.compile(r"^[\w][\w.+&-]*$")
NAMES_SHOWN = 5

ROLE_WORDS = {
    "partner": lambda n: ngettext("%(num)s partner", "%(num)s partners", n),
    "coach": lambda n: ngettext("%(num)s coach", "%(num)s coaches", n),
    "member": lambda n: ngettext("%(num)s team member", "%(num)s team members", n),
}


def normalise_tag(name: str) -> str:
    """'Field research' -> 'field-research'."""
    return re.sub(r"\s+", "-", (name or "").strip().lower())


@dataclass
class Usage:
    """Who uses a tag or a language, for counts and refusal messages."""

    people: list[Person] = field(default_factory=list)
    teams: list[Enterprise] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.people) + len(self.teams)

    def describe(self, team_words) -> str:
        """'3 partners (Anna, Bernd, Carl) and 2 teams' needs (Care farm, Eco)'."""
        parts = []
        for role, words in ROLE_WORDS.items():
            names = [p.name for p in self.people if p.role == role]
            if names:
                parts.append(f"{words(len(names))} ({_names(names)})")
        if self.teams:
            parts.append(f"{team_words(len(self.teams))} ({_names([t.name for t in self.teams])})")
        return _(" and ").join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 \
            else "".join(parts)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    return shown + ", ..." if len(names) > NAMES_SHOWN else shown


def _people(event: Event) -> list[Person]:
    return list(db.session.execute(
        db.select(Person).filter_by(event_id=event.id).order_by(Person.name)).scalars())


def _teams(event: Event) -> list[Enterprise]:
    return list(db.session.execute(
        db.select(Enterprise).filter_by(event_id=event.id).order_by(Enterprise.name)).scalars())


def _needs_tag(team: Enterprise, tag: str) -> bool:
    return any(tag in (tags or []) for tags in (team.needs or {}).values())


# Skill tags

def list_tags(event: Event) -> list[tuple[SkillTag, Usage]]:
    people, teams = _people(event), _teams(event)
    tags = db.session.execute(
        db.select(SkillTag).filter_by(event_id=event.id).order_by(SkillTag.name)).scalars()
    return [(tag, Usage([p for p in people if tag.name in (p.skills or [])],
                        [t for t in teams if _needs_tag(t, tag.name)])) for tag in tags]


def get_tag(event: Event, tag_id: int) -> SkillTag | None:
    tag = db.session.get(SkillTag, tag_id)
    return tag if tag is not None and tag.event_id == event.id else None


def tag_usage(event: Event, name: str) -> Usage:
    return Usage([p for p in _people(event) if name in (p.skills or [])],
                 [t for t in _teams(event) if _needs_tag(t, name)])


def _checked_tag(event: Event, values: dict, tag: SkillTag | None) -> tuple[str, str]:
    problems = Problems()
    name = normalise_tag(text(values, "name", problems))
    label = optional_text(values, "label", problems, 120)
    if not name:
        problems.add("name", _("give a tag, e.g. 'field research'"))
    elif len(name) > 60 or not TAG_PATTERN.match(name):
        problems.add("name", _("'%(name)s' is not a valid tag: use letters, digits and hyphens "
                               "(no commas), at most 60 characters", name=name))
    else:
        clash = db.session.execute(db.select(SkillTag.id).filter(
            SkillTag.event_id == event.id, SkillTag.name == name,
            SkillTag.id != (tag.id if tag else -1))).first()
        if clash:
            problems.add("name", _("the tag '%(name)s' exists already", name=name))
    problems.raise_if_any()
    return name, label


def add_tag(event: Event, values: dict, commit: bool = True) -> SkillTag:
    name, label = _checked_tag(event, values, None)
    return save_record(SkillTag(event_id=event.id, name=name, label=label), commit)


def rename_tag(event: Event, tag: SkillTag, values: dict, commit: bool = True) -> int:
    """Rename a tag in every skill list and need, in one commit; returns the records changed."""
    new, label = _checked_tag(event, values, tag)
    old, changed = tag.name, 0
    if new != old:
        for person in _people(event):
            if old in (person.skills or []):
                # A new list, so SQLAlchemy sees the change of the JSON column.
                person.skills = _replace(person.skills, old, new)
                changed += 1
        for team in _teams(event):
            if _needs_tag(team, old):
                team.needs = {stage: _replace(tags or [], old, new)
                              for stage, tags in (team.needs or {}).items()}
                changed += 1
    tag.name, tag.label = new, label
    save_record(None, commit)
    return changed


def _replace(items: list[str], old: str, new: str) -> list[str]:
    result: list[str] = []
    for item in items:
        item = new if item == old else item
        if item not in result:
            result.append(item)
    return result


def delete_tag(event: Event, tag: SkillTag) -> None:
    """Delete an unused tag; raises ValidationFailed naming who uses it."""
    usage = tag_usage(event, tag.name)
    if usage.count:
        raise ValidationFailed({"name": [_(
            "'%(tag)s' cannot be deleted: it is used by %(users)s. Remove it there first, or "
            "rename it.", tag=tag.name,
            users=usage.describe(lambda n: ngettext("%(num)s team's needs",
                                                    "%(num)s teams' needs", n)))]})
    db.session.delete(tag)
    db.session.commit()


# Languages

def list_languages(event: Event) -> list[tuple[Language, Usage]]:
    people, teams = _people(event), _teams(event)
    languages = db.session.execute(
        db.select(Language).filter_by(event_id=event.id).order_by(Language.code)).scalars()
    return [(lang, Usage([p for p in people if lang.code in (p.languages or [])],
                         [t for t in teams if lang.code in (t.languages or [])]))
            for lang in languages]


def get_language(event: Event, language_id: int) -> Language | None:
    lang = db.session.get(Language, language_id)
    return lang if lang is not None and lang.event_id == event.id else None


def add_language(event: Event, values: dict, commit: bool = True) -> Language:
    problems = Problems()
    typed = text(values, "code", problems)
    code = typed.lower()
    name = optional_text(values, "name", problems, 60)
    if code not in iso_639_1():
        problems.add("code", _wrong_code_message(typed))
    elif db.session.execute(db.select(Language.id).filter_by(event_id=event.id, code=code)).first():
        problems.add("code", _("the language '%(code)s' exists already", code=code))
    if not name:
        problems.add("name", _("give the language's name, e.g. 'Deutsch'"))
    problems.raise_if_any()
    return save_record(Language(event_id=event.id, code=code, name=name), commit)


def _wrong_code_message(code: str) -> str:
    suggestion = suggested_code(code)
    if suggestion is None:
        return _("'%(code)s' is not an ISO 639-1 code: two letters, e.g. 'de'", code=code)
    name = language_name(suggestion, str(get_locale() or "en"))
    return _("'%(code)s' is not an ISO 639-1 code; did you mean '%(suggestion)s' (%(name)s)?",
             code=code, suggestion=suggestion, name=name)


def rename_language(lang: Language, values: dict, commit: bool = True) -> Language:
    """Change a language's name (its code stays: records refer to the code)."""
    problems = Problems()
    name = optional_text(values, "name", problems, 60)
    if not name:
        problems.add("name", _("give the language's name, e.g. 'Deutsch'"))
    problems.raise_if_any()
    lang.name = name
    return save_record(lang, commit)


def delete_language(event: Event, lang: Language) -> None:
    """Delete an unused language; raises ValidationFailed naming who speaks it."""
    usage = Usage([p for p in _people(event) if lang.code in (p.languages or [])],
                  [t for t in _teams(event) if lang.code in (t.languages or [])])
    if usage.count:
        raise ValidationFailed({"code": [_(
            "'%(code)s' cannot be deleted: it is spoken by %(users)s.", code=lang.code,
            users=usage.describe(lambda n: ngettext("%(num)s team", "%(num)s teams", n)))]})
    db.session.delete(lang)
    db.session.commit()
