"""Organiser pages for email: the outbox (read, resend) and a message to a group."""
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.event_forms import ConfirmForm
from app.admin.helpers import event_or_404, found_or_404, render_form, submit_form
from app.admin.mail_forms import GroupMessageForm
from app.forms_common import flat_errors
from app.models import OutboxEmail
from app.models.outbox import EMAIL_KINDS, OUTBOX_STATUSES
from app.security import organiser_required
from app.services import group_messages, participant_changes
from app.services.listing import list_page
from app.services.mail import outbox
from app.services.people import accepted_enterprises

# An email's HTML is shown as the recipient sees it, but it must not run or load anything.
EMAIL_PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " \
                       "sandbox; frame-ancestors 'self'"


@bp.get("/outbox")
@organiser_required
def outbox_list():
    event = event_or_404()
    status = request.args.get("status", "")
    status = status if status in OUTBOX_STATUSES else ""
    kind = request.args.get("kind", "")
    kind = kind if kind in EMAIL_KINDS else ""
    args = dict(request.args)
    if "sort" not in args:  # the newest first, until the organiser sorts otherwise
        args |= {"sort": "written", "dir": "desc"}
    listing = list_page(outbox.outbox_statement(event.id, status, kind, ordered=False), args,
                        sorts=outbox.OUTBOX_SORTS, default_sort="written",
                        id_column=OutboxEmail.id, filters={"status": status, "kind": kind})
    return render_template("admin/outbox/list.html", listing=listing, status=status, kind=kind,
                           statuses=OUTBOX_STATUSES, kinds=EMAIL_KINDS,
                           counts=outbox.outbox_counts(event.id),
                           server=outbox.mail_server_configured(), form=ConfirmForm())


@bp.get("/outbox/<int:email_id>")
@organiser_required
def outbox_detail(email_id: int):
    event = event_or_404()
    email = found_or_404(outbox.get_email(event.id, email_id), _("email"))
    return render_template("admin/outbox/detail.html", email=email, form=ConfirmForm(),
                           server=outbox.mail_server_configured())


@bp.get("/outbox/<int:email_id>/html")
@organiser_required
def outbox_html(email_id: int):
    event = event_or_404()
    email = found_or_404(outbox.get_email(event.id, email_id), _("email"))
    response = make_response(email.body_html or "")
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    response.headers["Content-Security-Policy"] = EMAIL_PREVIEW_POLICY
    return response


@bp.post("/outbox/<int:email_id>/resend")
@organiser_required
def outbox_resend(email_id: int):
    event = event_or_404()
    email = found_or_404(outbox.get_email(event.id, email_id), _("email"))
    if ConfirmForm().validate_on_submit():
        try:
            queued = outbox.resend(email)
        except outbox.ResendRefused as refused:
            flash(str(refused), "error")
        else:
            flash(_("The email to %(to)s is queued to be sent.", to=queued.to_address),
                  "success")
            return redirect(url_for("admin.outbox_detail", email_id=queued.id))
    return redirect(url_for("admin.outbox_detail", email_id=email.id))


@bp.route("/messages", methods=["GET", "POST"])
@organiser_required
def group_message():
    event = event_or_404()
    form = GroupMessageForm()
    form.setup(accepted_enterprises(event))
    done = submit_form(
        form, lambda commit: group_messages.send_group_message(event, form.to_data(), commit),
        lambda count: _("The message is queued for %(n)s people.", n=count)
        if count != 1 else _("The message is queued for 1 person."),
        "admin.outbox_list")
    if done:
        return done
    audience = form.audience.data or "partners"
    reach = form.reach.data or "accepted"
    counts = {name: len(group_messages.recipients(event, name, None, reach))
              for name in group_messages.AUDIENCES if name != "team"}
    return render_form("admin/outbox/message.html", form, errors=flat_errors(form),
                       counts=counts, audience=audience,
                       server=outbox.mail_server_configured())


@bp.post("/changes/<int:change_id>/handled")
@organiser_required
def change_handled(change_id: int):
    event = event_or_404()
    if ConfirmForm().validate_on_submit():
        found_or_404(participant_changes.mark_handled(event, change_id), _("change"))
        flash(_("Marked as handled."), "success")
    return redirect(url_for("admin.dashboard") + "#changes")
