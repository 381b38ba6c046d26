"""Organisers' pages for schedule versions: the list with the publication history, one
version's difference to the published one with a Publish button, and the printable PDFs."""
from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import abort_with, event_or_404
from app.schedule import bp
from app.schedule.version_forms import PublishForm
from app.security import organiser_required
from app.services.pdf.agendas import all_agendas_pdf
from app.services.pdf.signs import NoPublishedSchedule, signs_pdf
from app.services.schedule import versions as schedule_versions
from app.services.schedule.changes import version_difference
from app.services.schedule.publish import PublishError, publications, publish_version
from app.services.schedule.store import published_schedule


@bp.get("/versions")
@organiser_required
def versions():
    event = event_or_404()
    listed = schedule_versions.all_versions(event)
    history = publications(event)
    return render_template("schedule/versions.html", versions=listed, history=history,
                           creators=schedule_versions.creators(listed),
                           counts=schedule_versions.change_counts)


@bp.get("/versions/<int:number>")
@organiser_required
def version(number: int):
    event = event_or_404()
    shown = schedule_versions.by_number(event, number)
    if shown is None:
        abort_with(404, _("There is no schedule version %(number)s.", number=number))
    current = published_schedule(event)
    difference = version_difference(event, current.data if current else None, shown.data)
    return render_template("schedule/version.html", version=shown, current=current,
                           difference=difference, form=PublishForm())


@bp.post("/versions/<int:number>/publish")
@organiser_required
def publish(number: int):
    form = PublishForm()
    if not form.validate_on_submit():
        abort_with(400, _("The form expired or was sent from elsewhere. Reload the page and "
                          "try again."))
    try:
        publication = publish_version(event_or_404(), current_user, number)
    except PublishError as refused:
        abort_with(404 if refused.code == "not_found" else 422, refused.message)
    people = len(publication.changes.get("people") or [])
    flash(_("Version %(version)s is published. %(people)s people were told that their agenda "
            "changed.", version=publication.version, people=people), "success")
    return redirect(url_for("schedule.versions"))


def _pdf(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "no-store"})


@bp.get("/agendas.pdf")
@organiser_required
def agendas_pdf():
    return _pdf(all_agendas_pdf(event_or_404()), "agendas.pdf")


@bp.get("/signs.pdf")
@organiser_required
def signs():
    try:
        return _pdf(signs_pdf(event_or_404()), "door-signs.pdf")
    except NoPublishedSchedule as missing:
        abort_with(404, str(missing))
