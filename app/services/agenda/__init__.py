"""A person's agenda: the timetable and the published schedule's meetings, for the personal
page, the calendar file and the PDFs (items.py decides what is on it, plan.py loads the
schedule once, calendar.py writes .ics, zones.py converts times)."""
from app.services.agenda.calendar import PRODID, calendar_ics, sequences, update_sequences
from app.services.agenda.items import AgendaItem, Contact, agenda_for
from app.services.agenda.plan import Plan, load_plan
from app.services.agenda.view import AgendaView, agenda_view
from app.services.agenda.zones import event_zone, in_event_zone

__all__ = ["PRODID", "AgendaItem", "AgendaView", "Contact", "Plan", "agenda_for", "agenda_view",
           "calendar_ics",
           "event_zone", "in_event_zone", "load_plan", "sequences", "update_sequences"]
