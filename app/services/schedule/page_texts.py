"""Texts the schedule pages repeat in every cell or row, translated once per request.

The grid at ten times the demo would call gettext some ten thousand times; the templates use
these instead (`texts.pin`, or `texts.people|format(people=3, capacity=8)`)."""
from flask_babel import lazy_gettext as _l

PAGE_TEXTS = {
    "pin": _l("Pin"), "unpin": _l("Unpin"), "remove": _l("Remove"), "pinned": _l("pinned"),
    "room": _l("Room"), "pin_room": _l("Pin room"), "unpin_room": _l("Unpin room"),
    "no_partner": _l("No partner"), "more": _l("Add, move, room…"),
    "need": _l("a need of this stage"), "coach": _l("Coach"), "value": _l("Value"),
    "no_meeting": _l("No meeting."), "idle": _l("Available but idle:"),
    "empty": _l("empty"), "no_team": _l("No team in this version."),
    "people": _l("%(people)s of %(capacity)s people"),
    "room_size": _l("%(n)s places, at most %(teams)s teams"),
    "coach_load": _l("%(n)s teams"), "coach_max": _l("at most %(n)s"),
}


def page_texts() -> dict[str, str]:
    # A lazy string without arguments is the translation itself, placeholders kept.
    return {key: str(text) for key, text in PAGE_TEXTS.items()}
