"""Door signs (A4 landscape): one page per room, its name big, then its sessions in order
with the times, the teams in it and the partners they meet, from the published schedule."""
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak

from app.extensions import db
from app.formatting import format_when
from app.models import Event, Room
from app.services.agenda import load_plan
from app.services.pdf.layout import build, styles, table, text


class NoPublishedSchedule(LookupError):
    """Signs show the published schedule's rooms; none is published yet."""


def signs_pdf(event: Event) -> bytes:
    plan = load_plan(event)
    if plan.version is None:
        raise NoPublishedSchedule(_("There is no published schedule yet: publish one at "
                                    "/schedule/versions, then print the door signs."))
    s = styles()
    rooms = db.session.execute(db.select(Room).filter_by(event_id=event.id)
                               .order_by(Room.name)).scalars().all()
    story: list = []
    for room in rooms:
        rows = [[text(_("Time"), s["bold"]), text(_("Session"), s["bold"]),
                 text(_("Teams and their partners"), s["bold"])]]
        for session in plan.sessions:
            teams = sorted((t for (sk, t), r in plan.rooms.items()
                            if sk == session.key and r == room.key), key=plan.team_name)
            if not teams and (session.place or "").strip().casefold() != room.name.casefold():
                continue
            lines = [_("%(team)s with %(partners)s", team=plan.team_name(t), partners=", ".join(
                plan.person_name(p) for p in plan.meetings.get((session.key, t), [])) or "–")
                for t in teams]
            when = format_when(session.starts_at, "EEE HH:mm") + f"–{session.ends_at:%H:%M}"
            rows.append([text(when, s["big"]), text(session.title, s["big"]),
                         text("\n".join(lines) or "–", s["big"])])
        if story:
            story.append(PageBreak())
        story += [text(room.name, s["sign"]),
                  text(_("%(event)s · schedule version %(version)s", event=event.name,
                         version=plan.version), s["muted"])]
        if len(rows) > 1:
            story.append(table(rows, [45 * mm, 80 * mm, 140 * mm]))
        else:
            story.append(text(_("No sessions in this room."), s["big"]))
    if not story:
        story = [text(_("The event has no rooms."), s["big"])]
    return build(story, _("Door signs: %(event)s", event=event.name), landscape(A4))
