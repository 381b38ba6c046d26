"""Conflicts of interest: pairs of a team and a partner that must never meet (H7)."""
from flask_babel import gettext as _

from app.extensions import db
from app.models import Conflict, Enterprise, Event, Person
from app.services.checks import get_record, save_record
from app.services.record_checks import Problems, optional_text


def conflict_choices(event: Event) -> tuple[list, list]:
    """Enterprises (id, name, organisation) and partners (id, name) that can be paired
    (rejected ones are left out); plain rows, as there may be a thousand of them."""
    teams = db.session.execute(
        db.select(Enterprise.id, Enterprise.name, Enterprise.organisation)
        .filter(Enterprise.event_id == event.id, Enterprise.status != "rejected")
        .order_by(Enterprise.name)).all()
    partners = db.session.execute(
        db.select(Person.id, Person.name)
        .filter(Person.event_id == event.id, Person.role == "partner",
                Person.status != "rejected")
        .order_by(Person.name)).all()
    return list(teams), list(partners)


def get_conflict(event: Event, conflict_id: int) -> Conflict | None:
    conflict = db.session.get(Conflict, conflict_id)
    return conflict if conflict is not None and conflict.event_id == event.id else None


def add_conflict(event: Event, values: dict, commit: bool = True) -> Conflict:
    """Record that a team and a partner must not meet; raises ValidationFailed."""
    problems = Problems()
    team = get_record(Enterprise, values.get("enterprise_id"))
    if team is None or team.event_id != event.id:
        problems.add("enterprise_id", _("choose an enterprise of this event"))
    partner = get_record(Person, values.get("partner_id"))
    if partner is None or partner.event_id != event.id or partner.role != "partner":
        problems.add("partner_id", _("choose a sparring partner of this event"))
    reason = optional_text(values, "reason", problems, 300)
    if not problems.errors:
        exists = db.session.execute(db.select(Conflict.id).filter_by(
            enterprise_id=team.id, partner_id=partner.id)).first()
        if exists:
            problems.add("partner_id", _("a conflict between %(team)s and %(partner)s is "
                                         "recorded already", team=team.name,
                                         partner=partner.name))
    problems.raise_if_any()
    conflict = Conflict(event_id=event.id, enterprise_id=team.id, partner_id=partner.id,
                        reason=reason)
    return save_record(conflict, commit)


def delete_conflict(conflict: Conflict) -> None:
    db.session.delete(conflict)
    db.session.commit()
