"""The event's vocabulary as labels: language codes and skill tags as people read them."""
from app.extensions import db
from app.models import Event, Language, SkillTag
from app.services.checks import language_codes, skill_names


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
