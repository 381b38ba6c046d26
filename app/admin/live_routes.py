"""Announcements and the countdown on every board, from the organiser's pages."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.helpers import event_or_404, flash_refusal, render_form
from app.admin.live_forms import AnnouncementForm, CountdownForm
from app.security import organiser_required
from app.services.checks import ValidationFailed
from app.services.live import notices
from app.services.live.progress import Actor


def _page(announcement=None, countdown=None):
    event = event_or_404()
    form = announcement or AnnouncementForm(formdata=None)
    return render_form("admin/board_notices.html", form,
                       countdown_form=countdown or CountdownForm(formdata=None),
                       announcements=notices.recent_announcements(event, limit=20),
                       countdown=event if event.countdown_ends_at else None,
                       errors=bool(countdown and countdown.errors))


@bp.get("/board-notices")
@organiser_required
def board_notices():
    return _page()


@bp.post("/board-notices/announcement")
@organiser_required
def announce():
    form = AnnouncementForm()
    if form.validate_on_submit():
        try:
            notices.post_announcement(event_or_404(), form.text.data, Actor.of_user(current_user))
        except ValidationFailed as failed:
            flash_refusal(failed)
            return _page(announcement=form)
        flash(_("Announced on every board."), "success")
        return redirect(url_for("admin.board_notices"))
    return _page(announcement=form)


@bp.post("/board-notices/countdown")
@organiser_required
def countdown():
    form = CountdownForm()
    if form.validate_on_submit():
        data = {"title": form.title.data, "minutes": form.minutes.data}
        try:
            view = notices.start_countdown(event_or_404(), data, Actor.of_user(current_user))
        except ValidationFailed as failed:
            flash_refusal(failed)
            return _page(countdown=form)
        flash(_("The countdown runs on every board.") if view else _("The countdown stopped."),
              "success")
        return redirect(url_for("admin.board_notices"))
    return _page(countdown=form)
