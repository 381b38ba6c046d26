"""The participant's check-in code, behind their personal link (for the personal page)."""
from flask import Response
from flask_babel import gettext as _

from app.errors import abort_with
from app.participant import bp
from app.participant.routes import _person_or_404
from app.services.checkin import codes, qr
from app.services.registration import takes_part


@bp.get("/p/<token>/qr.svg")
def checkin_qr(token: str):
    person = _person_or_404(token)
    if not takes_part(person):
        abort_with(404, _("Withdrawn and rejected registrations have no check-in code."))
    try:
        token = codes.token_for(person)
    except codes.NoCode:
        abort_with(404, _("No check-in code yet: it is issued when your registration is "
                          "accepted."))
    return Response(qr.svg(token, "screen"), mimetype="image/svg+xml")
