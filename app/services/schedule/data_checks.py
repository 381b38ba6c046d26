"""Checks of the event's data before a solve: the instance from the database through
scheduler.parse_instance (every reference and value) and explain.counting_reasons (too few
partners in a session, a team nobody can talk to, coach places, room places).

Each problem keeps the solver's sentence and the records it names (by the instance ids s12,
r3, t7, p40, c5), so that the page can link each one to the record to fix.
"""
import re
from dataclasses import dataclass, field

import scheduler
from app.extensions import db
from app.models import Enterprise, Event, EventSession, Person, Room
from app.services.schedule.instance import build_instance
from scheduler.explain import counting_reasons

INSTANCE_ID = re.compile(r"\b([strpc])(\d+)\b")
KINDS = {"s": "session", "r": "room", "t": "team", "p": "partner", "c": "coach"}
MODELS = {"session": EventSession, "room": Room, "team": Enterprise, "partner": Person,
          "coach": Person}


@dataclass(frozen=True)
class RecordRef:
    kind: str  # session, room, team, partner, coach
    id: int
    name: str


@dataclass
class Problem:
    message: str
    records: list[RecordRef] = field(default_factory=list)


@dataclass
class DataReport:
    problems: list[Problem]
    invalid: bool  # the instance itself is broken (a reference, a value), not only too tight

    @property
    def solvable(self) -> bool:
        return not self.problems


def check_event_data(event: Event) -> DataReport:
    instance = build_instance(event, fixed=event.schedule_fixed)
    try:
        parsed = scheduler.parse_instance(instance)
    except scheduler.InvalidInstance as exc:
        return DataReport(_with_records(event, exc.messages), invalid=True)
    return DataReport(_with_records(event, counting_reasons(parsed)), invalid=False)


def _with_records(event: Event, messages: list[str]) -> list[Problem]:
    named = [[(KINDS[m.group(1)], int(m.group(2))) for m in INSTANCE_ID.finditer(text)]
             for text in messages]
    names = _names(event, {ref for refs in named for ref in refs})
    problems = []
    for text, refs in zip(messages, named, strict=True):
        records, seen = [], set()
        for ref in refs:
            if ref in names and ref not in seen:
                seen.add(ref)
                records.append(RecordRef(ref[0], ref[1], names[ref]))
        problems.append(Problem(text, records))
    return problems


def _names(event: Event, refs: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The names of the records the messages name, in two or three queries, only this event's."""
    found = {}
    for kind, model in MODELS.items():
        ids = [i for k, i in refs if k == kind]
        if not ids:
            continue
        label = model.title if model is EventSession else model.name
        query = db.select(model.id, label).filter(model.event_id == event.id, model.id.in_(ids))
        if model is Person:
            query = query.filter(Person.role == kind)
        for record_id, name in db.session.execute(query):
            found[(kind, record_id)] = name
    return found
