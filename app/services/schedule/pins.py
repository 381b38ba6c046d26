"""The organisers' pins (scheduling.md `fixed`): meetings, coaches and rooms that every later
solve must keep. Stored on Event.schedule_fixed with the instance's ids."""
from flask import current_app

import scheduler
from app.extensions import db
from app.models import Event, User
from app.services.schedule.entries import as_dicts, known_ids, read_entries
from app.services.schedule.instance import build_instance


class PinsRefused(ValueError):
    """Pins that cannot be stored; `messages` name each bad entry (fixed.rooms[1]: ...)."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


def current_pins(event: Event) -> dict:
    fixed = event.schedule_fixed or {}
    return {kind: [dict(entry) for entry in fixed.get(kind) or []]
            for kind in ("meetings", "coaches", "rooms")}


def _instance_without_pins(event: Event) -> dict:
    # Without the stored pins: a stale one (a partner who withdrew) must not block new pins.
    data = {**build_instance(event), "fixed": {"meetings": [], "coaches": [], "rooms": []}}
    try:
        scheduler.parse_instance(data)
    except scheduler.InvalidInstance as exc:
        raise PinsRefused(["the event's data is not a valid scheduling instance yet: " + m
                           for m in exc.messages]) from None
    return data


def _conflicts(entries: dict[str, list[tuple]]) -> list[str]:
    """Duplicates, and pins that cannot hold together (one team in two rooms at once)."""
    errors = []
    # kind -> (the slot an entry takes, what a second entry for that slot breaks)
    slots = {"meetings": (lambda e: (e[2], e[0]),
                          "partner {2} is already pinned to another team in session {0}"),
             "rooms": (lambda e: (e[0], e[1]),
                       "team {1} is already pinned to another room in session {0}"),
             "coaches": (lambda e: e[0], "team {0} is already pinned to another coach")}
    for kind, (slot, clash) in slots.items():
        seen, taken = {}, {}
        for i, entry in enumerate(entries[kind]):
            at = f"fixed.{kind}[{i}]"
            if entry in seen:
                errors.append(f"{at} repeats fixed.{kind}[{seen[entry]}]")
                continue
            seen[entry] = i
            if slot(entry) in taken:
                errors.append(f"{at}: " + clash.format(*entry)
                              + f" (fixed.{kind}[{taken[slot(entry)]}])")
                continue
            taken[slot(entry)] = i
    return errors


def set_pins(event: Event, fixed, user: User | None) -> dict:
    """Check `fixed` against the current instance and store it; returns the stored pins.

    Nothing is stored when any entry is malformed, names something the instance lacks, pins
    a session that is not sparring, repeats another entry or contradicts one."""
    if not isinstance(fixed, dict):
        raise PinsRefused(["fixed: send an object with 'meetings', 'coaches' and 'rooms' lists"])
    unknown = sorted(set(fixed) - {"meetings", "coaches", "rooms"})
    if unknown:
        raise PinsRefused([f"fixed: unknown key(s) {', '.join(unknown)} (expected meetings, "
                           "coaches, rooms)"])
    data = _instance_without_pins(event)
    known = known_ids(scheduler.parse_instance(data))
    errors: list[str] = []
    entries = {kind: read_entries(fixed.get(kind), kind, f"fixed.{kind}", known, errors)
               for kind in ("meetings", "coaches", "rooms")}
    if not errors:
        errors = _conflicts(entries)
    stored = {kind: as_dicts(entries[kind], kind) for kind in entries}
    if not errors:
        # The scheduler's own reading of the instance with these pins has the last word.
        try:
            scheduler.parse_instance({**data, "fixed": stored})
        except scheduler.InvalidInstance as exc:
            errors = list(exc.messages)
    if errors:
        raise PinsRefused(errors)
    event.schedule_fixed = stored
    db.session.commit()
    current_app.logger.info("pins of event %s set by %s: %d meetings, %d coaches, %d rooms",
                            event.id, getattr(user, "email", "?"), len(stored["meetings"]),
                            len(stored["coaches"]), len(stored["rooms"]))
    return stored


def pin_meeting(event: Event, user, session: str, team: str, partner: str) -> dict:
    pins = current_pins(event)
    entry = {"session": session, "team": team, "partner": partner}
    if entry not in pins["meetings"]:
        pins["meetings"].append(entry)
    return set_pins(event, pins, user)


def unpin_meeting(event: Event, user, session: str, team: str, partner: str) -> dict:
    pins = current_pins(event)
    entry = {"session": session, "team": team, "partner": partner}
    pins["meetings"] = [m for m in pins["meetings"] if m != entry]
    return set_pins(event, pins, user)


def pin_room(event: Event, user, session: str, team: str, room: str) -> dict:
    """Pin team's room in a session, replacing an earlier room pin of that session and team."""
    pins = unpin_room_entries(event, session, team)
    pins["rooms"].append({"session": session, "team": team, "room": room})
    return set_pins(event, pins, user)


def unpin_room(event: Event, user, session: str, team: str) -> dict:
    return set_pins(event, unpin_room_entries(event, session, team), user)


def unpin_room_entries(event: Event, session: str, team: str) -> dict:
    pins = current_pins(event)
    pins["rooms"] = [r for r in pins["rooms"]
                     if (r.get("session"), r.get("team")) != (session, team)]
    return pins


def pin_coach(event: Event, user, team: str, coach: str) -> dict:
    """Pin team's coach, replacing an earlier coach pin of that team."""
    pins = current_pins(event)
    pins["coaches"] = [c for c in pins["coaches"] if c.get("team") != team]
    pins["coaches"].append({"team": team, "coach": coach})
    return set_pins(event, pins, user)


def unpin_coach(event: Event, user, team: str) -> dict:
    pins = current_pins(event)
    pins["coaches"] = [c for c in pins["coaches"] if c.get("team") != team]
    return set_pins(event, pins, user)
