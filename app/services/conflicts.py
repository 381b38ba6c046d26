"""Conflicts of interest: pairs of a team and a partner that must never meet (H7)."""
from flask_babel import gettext as _

from app.extensions import db
from app.models import Conflict, Enterprise, Event, Person
from app.services.checks import ValidationFailed


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


def add_conflict(event: Event, values: dict) -> Conflict:
    """Record that a team and a partner must not meet; raises ValidationFailed."""
    errors: dict[str, list[str]] = {}
    team = db.session.get(Enterprise, values.get("enterprise_id") or 0)
    if team is None or team.event_id != event.id:
        errors["enterprise_id"] = [_("choose an enterprise of this event")]
    partner = db.session.get(Person, values.get("partner_id") or 0)
    if partner is None or partner.event_id != event.id or partner.role != "partner":
        errors["partner_id"] = [_("choose a sparring partner of this event")]
    if not errors:
        exists = db.session.execute(db.select(Conflict.id).filter_by(
            enterprise_id=team.id, partner_id=partner.id)).first()
        if exists:
            errors["partner_id"] = [_("a conflict between %(team)s and %(partner)s is recorded "
                                      "already", team=team.name, partner=partner.name)]
    if errors:
        raise ValidationFailed(errors)
    conflict = Conflict(event_id=event.id, enterprise_id=team.id, partner_id=partner.id,
                        reason=(values.get("reason") or "").strip())
    db.session.add(conflict)
    db.session.commit()
    return conflict


def delete_conflict(conflict: Conflict) -> None:
    db.session.delete(conflict)
    db.session.commit()
