"""Check-in API (docs/api.md "Check-in"): scans, keys and roster for scanners, QR images and
re-issue of codes, check-in lists and who is missing for organisers."""
from datetime import datetime

from flask import Response, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from app.api import bp
from app.errors import abort_with
from app.errors import event_or_404 as _event
from app.extensions import db
from app.models import EventSession, Person
from app.security import organiser_required, roles_required
from app.services import api_views
from app.services.checkin import codes, qr, roster, scans

scanner_required = roles_required("organiser", "scanner")


@bp.post("/checkins")
@scanner_required
def post_checkin():
    event = _event()
    try:
        fields = scans.validate(event, request.get_json(silent=True))
    except scans.BadScan as bad:
        abort_with(bad.status, str(bad))
    try:
        status, body = scans.check_in_person(
            event, fields["token"], fields["checkpoint"], fields["nonce"], current_user,
            scanned_at=fields["scanned_at"], offline=fields["offline"],
            person_id=fields["person"])
    except OperationalError:
        # SQLite's write lock not had within its busy timeout: nothing was recorded, and the
        # scanner sends the scan again with the same nonce.
        db.session.rollback()
        response = jsonify(error="busy", message=_("The server is busy; nothing was recorded. "
                                                   "Send the scan again."))
        response.headers["Retry-After"] = "1"
        return response, 503
    return jsonify(body), status


@bp.post("/checkins/<int:checkin_id>/undo")
@scanner_required
def undo_checkin(checkin_id: int):
    try:
        return jsonify(scans.undo(_event(), checkin_id, current_user))
    except scans.UndoRefused as refused:
        abort_with(refused.status, str(refused))


@bp.get("/checkins/keys")
@scanner_required
def checkin_keys():
    return jsonify(codes.keys_view(_event()))


@bp.get("/checkins/roster")
@scanner_required
def checkin_roster():
    return jsonify(roster.roster(_event()))


@bp.get("/checkins")
@organiser_required
def checkins():
    event = _event()
    checkpoint = request.args.get("checkpoint") or None
    if checkpoint is not None:
        try:
            scans.checkpoint_session(event, checkpoint)
        except scans.BadScan as bad:
            abort_with(422, str(bad))
    return jsonify(scans.checkins_list(event, checkpoint))


def next_session(event) -> EventSession | None:
    """The next session to start (event-local wall-clock time), else the last one."""
    from app.services.agenda import event_zone

    now = datetime.now(event_zone(event)).replace(tzinfo=None)
    ordered = sorted(event.sessions, key=lambda s: (s.starts_at, s.id))
    upcoming = [s for s in ordered if s.starts_at >= now]
    return upcoming[0] if upcoming else (ordered[-1] if ordered else None)


@bp.get("/checkins/missing")
@organiser_required
def checkins_missing():
    event = _event()
    key = request.args.get("session")
    if key:
        try:
            session = scans.checkpoint_session(event, key)
        except scans.BadScan:
            session = None
        if session is None:
            abort_with(422, _("session: unknown session '%(key)s'; use a session key like "
                              "'s5'.", key=key[:40]))
    else:
        session = next_session(event)
        if session is None:
            abort_with(404, _("The event has no sessions yet."))
    return jsonify(roster.missing_view(event, session))


def _qr_person(person_id: int) -> Person:
    # The role check comes first, so others cannot probe which ids exist.
    if not api_views.may_see_person(current_user, person_id):
        abort_with(403, _("Only organisers and the person themself may see this code."))
    person = db.session.get(Person, person_id)
    if person is None or person.event_id != _event().id:
        abort_with(404, _("There is no person with id %(id)s.", id=person_id))
    return person


def _token(person: Person) -> str:
    try:
        return codes.token_for(person)
    except codes.NoCode:
        abort_with(404, _("%(name)s has no check-in code yet: codes are issued when a person "
                          "is accepted.", name=person.name))


def _purpose() -> str:
    return "screen" if request.args.get("for") == "screen" else "print"


@bp.get("/people/<int:person_id>/qr.png")
@roles_required("organiser", "coach", "scanner")
def person_qr_png(person_id: int):
    token = _token(_qr_person(person_id))
    return Response(qr.png(token, _purpose()), mimetype="image/png")


@bp.get("/people/<int:person_id>/qr.svg")
@roles_required("organiser", "coach", "scanner")
def person_qr_svg(person_id: int):
    token = _token(_qr_person(person_id))
    return Response(qr.svg(token, _purpose()), mimetype="image/svg+xml")


@bp.post("/people/<int:person_id>/qr")
@organiser_required
def reissue_person_qr(person_id: int):
    person = _qr_person(person_id)
    code = codes.issue_code(person)
    return jsonify({"person": person.id, "code": code.code,
                    "token": codes.token_for(person),
                    "created_at": scans.iso_utc(code.created_at)}), 201
