"""JSON API (docs/api.md). Authentication: browser session or `Authorization: Bearer TOKEN`.

Errors come back as {"error", "message"} (app/errors.py): 401 anonymous, 403 wrong role,
404 unknown id, 422 a bad parameter named in the message.
"""
from flask import jsonify, url_for
from flask import request as http_request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.errors import abort_with, event_or_404
from app.security import organiser_required, roles_required, staff_required
from app.services import api_views


@bp.get("/event")
def event():
    return jsonify(api_views.event_summary(event_or_404()))


def _paged(views: list[dict], listing):
    """A page as a JSON array, with X-Total-Count and RFC 8288 Link headers (first, prev,
    next, last) that keep the other query parameters."""
    pagination = listing.pagination
    response = jsonify(views)
    response.headers["X-Total-Count"] = str(pagination.total)
    others = {k: v for k, v in http_request.args.lists() if k not in ("page", "per_page")}

    def link(page: int, rel: str) -> str:
        url = url_for(http_request.endpoint, **others, page=page,
                      per_page=pagination.per_page, _external=True)
        return f'<{url}>; rel="{rel}"'

    last = max(pagination.pages, 1)
    links = [link(1, "first")]
    if pagination.page > 1:
        links.append(link(min(pagination.page - 1, last), "prev"))
    if pagination.page < last:
        links.append(link(pagination.page + 1, "next"))
    links.append(link(last, "last"))
    response.headers["Link"] = ", ".join(links)
    return response


@bp.get("/teams")
@staff_required
def teams():
    event = event_or_404()
    if not api_views.wants_page(http_request.args):
        return jsonify(api_views.teams_for(event, current_user))
    try:
        return _paged(*api_views.teams_page(event, current_user, http_request.args))
    except api_views.BadParameter as exc:
        abort_with(422, str(exc))


@bp.get("/people")
@organiser_required
def people():
    event, role = event_or_404(), http_request.args.get("role") or None
    try:
        if not api_views.wants_page(http_request.args):
            return jsonify(api_views.people_list(event, role))
        return _paged(*api_views.people_page(event, role, http_request.args))
    except api_views.BadParameter as exc:
        abort_with(422, str(exc))


@bp.get("/people/<int:person_id>")
@roles_required("organiser", "coach", "scanner")
def person(person_id: int):
    # The role check comes first, so others cannot probe which ids exist.
    if not api_views.may_see_person(current_user, person_id):
        abort_with(403, _("Only organisers and the person themself may see this person."))
    found = api_views.find_person(event_or_404(), person_id)
    if found is None:
        abort_with(404, _("There is no person with id %(id)s.", id=person_id))
    return jsonify(api_views.person_detail(found))


@bp.get("/outbox")
@organiser_required
def outbox_emails():
    """Every email of the event, newest first (optional ?status=queued|sent|failed|held)."""
    from app.models.outbox import OUTBOX_STATUSES
    from app.services.mail import outbox

    status = http_request.args.get("status") or ""
    if status and status not in OUTBOX_STATUSES:
        abort_with(422, _("status: unknown status '%(status)s'; use one of %(statuses)s",
                          status=status, statuses=", ".join(OUTBOX_STATUSES)))
    emails = outbox.outbox_list(event_or_404().id, status)
    return jsonify([outbox.outbox_view(email) for email in emails])


@bp.post("/outbox/<int:email_id>/resend")
@organiser_required
def outbox_resend(email_id: int):
    """Send an email again (a sent one as a new copy); 409 when no mail server is set."""
    from app.services.mail import outbox

    email = outbox.get_email(event_or_404().id, email_id)
    if email is None:
        abort_with(404, _("There is no email with id %(id)s.", id=email_id))
    try:
        queued = outbox.resend(email)
    except outbox.ResendRefused as refused:
        abort_with(409, str(refused))
    return jsonify(outbox.outbox_view(queued)), 202
