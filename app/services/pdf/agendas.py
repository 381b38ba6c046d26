"""Printable agendas (A4): one person's, and everyone's in one file for the registration desk.

They show what the personal page shows (agenda_for: the one place deciding it): each session
with time, room and whom the person meets, with skills and languages, and for partners the
team's challenge and needs. Without a published schedule, the timetable.
"""
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from app.extensions import db
from app.formatting import format_when, person_role_label
from app.models import Enterprise, Event, Person
from app.services.agenda import agenda_for, load_plan
from app.services.agenda.plan import Plan
from app.services.pdf.layout import build, styles, table, text


def _role(person: Person) -> str:
    return person_role_label(person.role)


def _person_story(person: Person, plan: Plan) -> list:
    s = styles()
    event = plan.event
    team = plan.teams.get(f"t{person.enterprise_id}") if person.enterprise_id else None
    lines = [_role(person)] + ([_("Team: %(name)s", name=team.name)] if team else [])
    story = [text(person.name, s["title"]), text(" · ".join(lines), s["big"]),
             text(event.name + (" · " + event.venue if event.venue else ""), s["muted"])]
    if plan.version is None:
        story.append(text(_("The schedule of meetings is not published yet: this is the "
                            "timetable."), s["muted"]))
    else:
        story.append(text(_("Schedule version %(version)s. Times in %(tz)s.",
                            version=plan.version, tz=event.timezone), s["muted"]))
    items = agenda_for(person, plan)
    days: dict = {}
    for item in items:
        days.setdefault(item.day, []).append(item)
    for day, day_items in days.items():
        story.append(text(format_when(day, "EEEE dd.MM.yyyy"), s["heading"]))
        rows = [[_("Time"), _("Session"), _("Room"), _("Whom you meet")]]
        for item in day_items:
            whom = "\n".join(item.details[1:] if item.contacts else
                             item.details if item.free else [])
            rows.append([f"{item.starts_at:%H:%M}–{item.ends_at:%H:%M}",
                         text(item.title if not item.contacts else
                              item.details[0] + "\n" + item.title, s["body"]),
                         text(item.place, s["body"]), text(whom, s["body"])])
        story.append(table(rows, [22 * mm, 58 * mm, 32 * mm, 68 * mm]))
    if not items:
        story.append(text(_("The timetable is not published yet."), s["body"]))
    return story


def agenda_pdf(person: Person, plan: Plan | None = None) -> bytes:
    plan = plan or load_plan(db.session.get(Event, person.event_id), for_person=person)
    return build(_person_story(person, plan), _("Agenda of %(name)s", name=person.name))


def printing_order(event: Event) -> list[Person]:
    """Accepted people: teams' members by team, then partners, then coaches, each by name."""
    people = db.session.execute(
        db.select(Person).outerjoin(Enterprise, Person.enterprise_id == Enterprise.id)
        .filter(Person.event_id == event.id, Person.status == "accepted")).scalars().all()
    order = {"member": 0, "partner": 1, "coach": 2}
    return sorted(people, key=lambda p: (
        order.get(p.role, 3), p.enterprise.name if p.role == "member" and p.enterprise else "",
        p.name))


def all_agendas_pdf(event: Event) -> bytes:
    plan = load_plan(event)
    story: list = []
    for person in printing_order(event):
        if story:
            story.append(PageBreak())
        story += _person_story(person, plan)
    if not story:
        story = [text(_("Nobody is accepted yet: there are no agendas to print."),
                      styles()["big"]), Spacer(1, 1)]
    return build(story, _("Agendas: %(event)s", event=event.name))
