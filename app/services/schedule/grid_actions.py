"""The grid's buttons: each one a pin or a hand edit of the latest version.

Refusals come back as GridRefused with messages for the organiser, with scheduler ids
replaced by names and each broken rule with its explanation."""
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Event, User
from app.services.schedule import edits, pins
from app.services.schedule.records import ScheduleRecords, load_records

RULE_TEXTS = {
    "H1": _l("A partner meets at most one team per session."),
    "H2": _l("A partner meets teams only in sessions they are available for."),
    "H3": _l("A partner and a team that meet share a language."),
    "H4": _l("Every team meets between the minimum and maximum number of partners in every "
             "sparring session."),
    "H5": _l("A partner meets teams in at most their number of sessions."),
    "H6": _l("The same partner and team meet at most the allowed number of times."),
    "H7": _l("A pair with a conflict of interest never meets."),
    "H8": _l("Every team has exactly one coach who speaks its language; a coach has at most "
             "their number of teams."),
    "H9": _l("Every team is in exactly one room per sparring session, within the room's "
             "capacity and number of teams."),
    "H10": _l("Every pin holds."),
    "REF": _l("Every id names a record of this event."),
}

_ID = re.compile(r"\b([stpcr]\d+)\b")


class GridRefused(ValueError):
    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


def with_names(text: str, records: ScheduleRecords) -> str:
    """'partner p12 meets ...' -> 'partner Anna Huber (p12) meets ...'."""
    return _ID.sub(lambda m: f"{records.name(m.group(1))} ({m.group(1)})"
                   if m.group(1) in records.by_key else m.group(1), text)


def explain(refused: edits.EditRefused, records: ScheduleRecords) -> list[str]:
    if not refused.violations:
        return [with_names(m, records) for m in refused.messages]
    return [_("Rule %(rule)s (%(text)s): %(message)s", rule=v["rule"],
              text=RULE_TEXTS.get(v["rule"], ""), message=with_names(v["message"], records))
            for v in refused.violations]


def apply_action(event: Event, user: User, act: str, session: str, team: str,
                 partner: str = "", room: str = "", to_session: str = "",
                 coach: str = "") -> str:
    """Do what a grid button asks; returns the success message for the flash."""
    verb, _sep, meeting_partner = (act or "").partition(":")
    meeting = {"session": session, "team": team, "partner": meeting_partner}
    try:
        if verb == "pin":
            pins.pin_meeting(event, user, session, team, meeting_partner)
            return _("Meeting pinned: every later solve keeps it.")
        if verb == "unpin":
            pins.unpin_meeting(event, user, session, team, meeting_partner)
            return _("Meeting unpinned.")
        if verb == "pin_room":
            pins.pin_room(event, user, session, team, room)
            return _("Room pinned.")
        if verb == "unpin_room":
            pins.unpin_room(event, user, session, team)
            return _("Room unpinned.")
        if verb == "pin_coach":
            pins.pin_coach(event, user, team, coach)
            return _("Coach pinned.")
        if verb == "unpin_coach":
            pins.unpin_coach(event, user, team)
            return _("Coach unpinned.")
        if verb == "remove":
            version = edits.edit_schedule(event, user, remove=[meeting])
        elif verb == "add":
            version = edits.edit_schedule(event, user, add=[{"session": session, "team": team,
                                                             "partner": partner}])
        elif verb == "move":
            version = edits.edit_schedule(
                event, user, remove=[meeting],
                add=[{**meeting, "session": to_session}])
        elif verb == "room":
            version = edits.edit_schedule(event, user, rooms=[{"session": session,
                                                               "team": team, "room": room}])
        else:
            raise GridRefused([_("Unknown action '%(act)s'.", act=act)])
    except edits.EditRefused as refused:
        raise GridRefused(explain(refused, load_records(event))) from None
    except pins.PinsRefused as refused:
        records = load_records(event)
        raise GridRefused([with_names(m, records) for m in refused.messages]) from None
    return _("Saved as version %(version)s.", version=version.version)
