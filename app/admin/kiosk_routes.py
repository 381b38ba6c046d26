"""The projector's link to the board: organisers create a new one or revoke it."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.event_forms import ConfirmForm
from app.admin.helpers import event_or_404
from app.security import organiser_required
from app.services.live import viewers
from app.urls import public_url


@bp.get("/kiosk")
@organiser_required
def kiosk():
    event = event_or_404()
    link = public_url("board.kiosk", token=event.kiosk_token) if event.kiosk_token else None
    return render_template("admin/kiosk.html", link=link, form=ConfirmForm())


@bp.post("/kiosk/new")
@organiser_required
def kiosk_new():
    event = event_or_404()
    if ConfirmForm().validate_on_submit():  # CSRF is checked for every form post
        viewers.new_kiosk_token(event)
        flash(_("A new projector link is ready; the old one no longer works."), "success")
    return redirect(url_for("admin.kiosk"))


@bp.post("/kiosk/revoke")
@organiser_required
def kiosk_revoke():
    event = event_or_404()
    if ConfirmForm().validate_on_submit():
        viewers.revoke_kiosk_token(event)
        flash(_("The projector link no longer works."), "success")
    return redirect(url_for("admin.kiosk"))
