"""Organiser pages for the event itself, its timetable (sessions) and its rooms."""
from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin import bp
from app.admin.event_forms import (
    ConfirmForm,
    EventForm,
    RoomForm,
    SessionForm,
    form_values,
)
from app.admin.helpers import event_or_404, found_or_404, render_form, submit_form
from app.security import organiser_required
from app.services import event_settings, timetable
from app.services.events import current_event


@bp.route("/event", methods=["GET", "POST"])
@organiser_required
def event_settings_page():
    form = EventForm(data=event_settings.settings_values(current_event()))
    done = submit_form(form, partial(event_settings.save_event_settings, form_values(form)),
                       _("The event settings are saved."), "admin.event_settings_page")
    if done:
        return done
    return render_form("admin/event/settings.html", form, timezones=event_settings.TIMEZONES)


# Sessions (the timetable)

@bp.get("/sessions")
@organiser_required
def sessions():
    event = event_or_404()
    return render_template("admin/sessions/list.html", days=timetable.sessions_by_day(event))


def _session_saved(message):
    """submit_form's success for sessions: `message(saved)`, after a warning when the saved
    session overlaps other sparring sessions."""
    def flash_warning_and_say(saved):
        warning = timetable.overlap_warning(saved)
        if warning:
            flash(warning, "warning")
        return message(saved)
    return flash_warning_and_say


def _session_form(event, session=None) -> SessionForm:
    form = SessionForm(data=timetable.session_values(session) if session else None)
    form.set_stage_choices(event.stages or [])
    return form


@bp.route("/sessions/new", methods=["GET", "POST"])
@organiser_required
def session_new():
    event = event_or_404()
    form = _session_form(event)
    done = submit_form(form, partial(timetable.save_session, event, form_values(form)),
                       _session_saved(lambda saved: _("Session '%(title)s' added.",
                                                      title=saved.title)),
                       "admin.sessions")
    if done:
        return done
    return render_form("admin/sessions/form.html", form, session=None)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@organiser_required
def session_edit(session_id: int):
    event = event_or_404()
    session = found_or_404(timetable.get_session(event, session_id), _("session"))
    form = _session_form(event, session)
    done = submit_form(form, partial(timetable.save_session, event, form_values(form), session),
                       _session_saved(lambda saved: _("Session '%(title)s' saved.",
                                                      title=saved.title)),
                       "admin.sessions")
    if done:
        return done
    return render_form("admin/sessions/form.html", form, session=session)


@bp.get("/sessions/<int:session_id>/delete")
@organiser_required
def session_delete_confirm(session_id: int):
    event = event_or_404()
    session = found_or_404(timetable.get_session(event, session_id), _("session"))
    return render_template("admin/sessions/delete.html", session=session, form=ConfirmForm(),
                           partners=timetable.partners_available_in(session))


@bp.post("/sessions/<int:session_id>/delete")
@organiser_required
def session_delete(session_id: int):
    event = event_or_404()
    session = found_or_404(timetable.get_session(event, session_id), _("session"))
    title = session.title
    lost = timetable.delete_session(session)
    flash(ngettext("Session '%(title)s' deleted; %(num)s person lost it from their "
                   "availability.",
                   "Session '%(title)s' deleted; %(num)s people lost it from their "
                   "availability.", lost, title=title)
          if lost else _("Session '%(title)s' deleted.", title=title),
          "success")
    return redirect(url_for("admin.sessions"))


# Rooms

@bp.get("/rooms")
@organiser_required
def rooms():
    event = event_or_404()
    return render_template("admin/rooms/list.html", rooms=timetable.list_rooms(event))


@bp.route("/rooms/new", methods=["GET", "POST"])
@organiser_required
def room_new():
    event = event_or_404()
    form = RoomForm(data={"max_teams": 1})
    done = submit_form(form, partial(timetable.save_room, event, form_values(form)),
                       lambda saved: _("Room '%(name)s' added.", name=saved.name),
                       "admin.rooms")
    if done:
        return done
    return render_form("admin/rooms/form.html", form, room=None)


@bp.route("/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@organiser_required
def room_edit(room_id: int):
    event = event_or_404()
    room = found_or_404(timetable.get_room(event, room_id), _("room"))
    form = RoomForm(data=timetable.room_values(room))
    done = submit_form(form, partial(timetable.save_room, event, form_values(form), room),
                       lambda saved: _("Room '%(name)s' saved.", name=saved.name),
                       "admin.rooms")
    if done:
        return done
    return render_form("admin/rooms/form.html", form, room=room)


@bp.get("/rooms/<int:room_id>/delete")
@organiser_required
def room_delete_confirm(room_id: int):
    event = event_or_404()
    room = found_or_404(timetable.get_room(event, room_id), _("room"))
    return render_template("admin/rooms/delete.html", room=room, form=ConfirmForm())


@bp.post("/rooms/<int:room_id>/delete")
@organiser_required
def room_delete(room_id: int):
    event = event_or_404()
    room = found_or_404(timetable.get_room(event, room_id), _("room"))
    name = room.name
    timetable.delete_room(room)
    flash(_("Room '%(name)s' deleted.", name=name), "success")
    return redirect(url_for("admin.rooms"))


# The other organiser pages of this area register their routes on import.
from app.admin import account_routes, vocabulary_routes  # noqa: E402,F401
