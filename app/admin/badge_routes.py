"""Organiser downloads: badges with the check-in QR code, for everyone or one person."""
from flask import Response, request
from flask_babel import gettext as _

from app.admin import bp
from app.admin.helpers import event_or_404
from app.errors import abort_with
from app.security import organiser_required
from app.services.pdf.badges import SIZES, badge_people, badges_pdf


def _size() -> str:
    size = request.args.get("size", "a6")
    if size not in SIZES:
        abort_with(422, _("size: use 'a6' or 'cr80'."))
    return size


def _pdf(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # the codes check people in
    return response


@bp.get("/badges.pdf")
@organiser_required
def badges():
    event = event_or_404()
    size = _size()
    return _pdf(badges_pdf(event, badge_people(event), size), f"badges-{size}.pdf")


@bp.get("/people/<int:person_id>/badge.pdf")
@organiser_required
def person_badge(person_id: int):
    event = event_or_404()
    people = badge_people(event, person_id)
    if not people:
        abort_with(404, _("There is no person with id %(id)s.", id=person_id))
    size = _size()
    return _pdf(badges_pdf(event, people, size), f"badge-{person_id}-{size}.pdf")
