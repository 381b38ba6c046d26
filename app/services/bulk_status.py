"""Accept or reject many enterprises, partners or coaches at once.

Every record goes through its own status function (set_enterprise_status, set_person_status),
so whatever those do for one record (members follow, notifications) happens for each; one
commit at the end. Ids that are not of this event and kind refuse the whole change.
"""
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Enterprise, Event, Person
from app.services.checks import ValidationFailed
from app.services.enterprises import set_enterprise_status
from app.services.people import set_person_status
from app.services.record_checks import Problems, check_status

KINDS = ("enterprise", "partner", "coach")


def set_statuses(event: Event, kind: str, ids: Iterable[int], status: str) -> int:
    """Give the records of `kind` with these ids `status`; returns how many.

    Raises ValidationFailed ("ids" or "status") and changes nothing when the status is
    unknown, no id is given or an id is not a `kind` of this event.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    wanted = list(dict.fromkeys(int(i) for i in ids))
    problems = Problems()
    check_status({"status": status}, problems)
    if not wanted:
        problems.add("ids", _("select at least one row"))
    problems.raise_if_any()
    records = _records(event, kind, wanted)
    unknown = [str(i) for i in wanted if i not in records]
    if unknown:
        raise ValidationFailed({"ids": [_unknown_message(kind, ", ".join(unknown))]})
    try:
        for record_id in wanted:
            if kind == "enterprise":
                set_enterprise_status(records[record_id], status, commit=False)
            else:
                set_person_status(records[record_id], status, commit=False)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(wanted)


def _records(event: Event, kind: str, ids: list[int]) -> dict[int, Enterprise | Person]:
    if kind == "enterprise":
        statement = db.select(Enterprise).filter(
            Enterprise.event_id == event.id, Enterprise.id.in_(ids)).options(
            selectinload(Enterprise.members))
    else:
        statement = db.select(Person).filter(Person.event_id == event.id, Person.role == kind,
                                             Person.id.in_(ids))
    return {record.id: record for record in db.session.execute(statement).scalars()}


def _unknown_message(kind: str, ids: str) -> str:
    if kind == "enterprise":
        return _("no enterprise of this event has the id %(ids)s; nothing was changed", ids=ids)
    if kind == "partner":
        return _("no sparring partner of this event has the id %(ids)s; nothing was changed",
                 ids=ids)
    return _("no coach of this event has the id %(ids)s; nothing was changed", ids=ids)
