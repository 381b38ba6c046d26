"""Reading versions: the list, one version, and a publication's history entry."""
from app.extensions import db
from app.models import Event, SchedulePublication, ScheduleVersion, User


def all_versions(event: Event) -> list[ScheduleVersion]:
    return db.session.execute(db.select(ScheduleVersion).filter_by(event_id=event.id)
                              .order_by(ScheduleVersion.version.desc())).scalars().all()


def by_number(event: Event, number: int) -> ScheduleVersion | None:
    if not 0 < number < 2**31:
        return None
    return db.session.execute(db.select(ScheduleVersion).filter_by(
        event_id=event.id, version=number)).scalar_one_or_none()


def summary(version: ScheduleVersion) -> dict:
    return {"version": version.version, "status": version.status,
            "objective": version.objective, "bound": version.bound, "source": version.source,
            "created_at": version.created_at.isoformat(timespec="seconds"),
            "published": version.published}


def contract_changes(changes: dict) -> dict:
    """`changes` as the API and the broadcast give it: added, removed, people (the stored
    record also keeps the room and coach changes, for marking agendas)."""
    return {key: list(changes.get(key) or []) for key in ("added", "removed", "people")}


def creators(versions: list[ScheduleVersion]) -> dict[int, str]:
    """user id -> name of the versions' creators, in one query."""
    ids = {v.created_by_id for v in versions if v.created_by_id}
    if not ids:
        return {}
    return {u.id: u.name or u.email for u in db.session.execute(
        db.select(User).filter(User.id.in_(ids))).scalars()}


def change_counts(publication: SchedulePublication) -> dict:
    changes = publication.changes or {}
    return {key: len(changes.get(key) or []) for key in ("added", "removed", "people")}
