"""A person's agenda as their personal page shows it: by day, with the entries the last
publish changed marked, and the notice "your agenda changed in version N"."""
from dataclasses import dataclass

from app.extensions import db
from app.models import Event, Person, SchedulePublication
from app.services.agenda.items import AgendaItem, agenda_for
from app.services.agenda.plan import load_plan
from app.services.schedule.changes import changed_entries


@dataclass
class AgendaView:
    items: list[AgendaItem]
    published: int | None  # the published version, or None: the timetable only
    changed_in: int | None  # the version whose publish changed this person's agenda
    changed: set[str]  # uids of the entries it changed

    def is_changed(self, item: AgendaItem) -> bool:
        return item.uid in self.changed


def agenda_view(person: Person) -> AgendaView:
    event = db.session.get(Event, person.event_id)
    plan = load_plan(event, for_person=person)
    items = agenda_for(person, plan)
    view = AgendaView(items, plan.version, None, set())
    if plan.version is None:
        return view
    last = db.session.execute(db.select(SchedulePublication).filter_by(event_id=event.id)
                              .order_by(SchedulePublication.id.desc()).limit(1)
                              ).scalar_one_or_none()
    if last is None or last.version != plan.version:
        return view
    marked = changed_entries(last.changes or {}, person)
    if person.id in set((last.changes or {}).get("people") or []):
        view.changed_in = last.version
        sessions = {s for s, _t in marked}
        view.changed = {i.uid for i in items if i.session_key in sessions}
    return view
