"""Errors as HTML pages for browsers and as {"error", "message"} JSON for the API."""
from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 410: "gone", 413: "too_large",
         422: "unprocessable", 429: "too_many_requests", 500: "server_error"}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


def error_response(status: int, message: str, code: str | None = None):
    code = code or CODES.get(status, "error")
    if wants_json():
        return jsonify(error=code, message=message), status
    return render_template("error.html", status=status, message=message), status


def retry_message(reset_at: float | None) -> str:
    """'Try again in 14 minutes (at 10:42).' for a rate limit that resets at `reset_at`."""
    import time
    from datetime import datetime

    from app.formatting import format_when
    from app.services.agenda import event_zone
    from app.services.events import current_event

    if not reset_at:
        return _("Too many attempts. Please wait a few minutes and try again.")
    # The limit resets on a whole second after the window: round, or 15 minutes read "16".
    minutes = max(1, round((reset_at - time.time()) / 60))
    event = current_event()
    zone = event_zone(event) if event is not None else None
    at = format_when(datetime.fromtimestamp(reset_at, zone).replace(tzinfo=None), "HH:mm")
    return ngettext("Too many attempts. Try again in %(num)s minute (at %(time)s).",
                    "Too many attempts. Try again in %(num)s minutes (at %(time)s).",
                    minutes, time=at)


def _rate_limit_reset() -> float | None:
    from app.extensions import limiter

    current = limiter.current_limit
    return current.reset_at if current is not None else None


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return error_response(400, _("The form expired or was sent from elsewhere. "
                                     "Reload the page and try again."), "csrf_failed")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.response is not None:  # a page made for this refusal (e.g. the login form)
            return exc.response
        messages = {
            401: _("Please log in to see this page."),
            403: _("You are not allowed to do this."),
            404: _("There is nothing here. The link may be wrong or the record was deleted."),
            405: _("This address does not accept that method."),
            413: _("The upload is too large."),
        }
        if exc.code == 429:
            messages[429] = retry_message(_rate_limit_reset())
        message = getattr(exc, "custom_message", None) or messages.get(exc.code) \
            or exc.description or ""
        return error_response(exc.code or 500, message)

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        from app.extensions import db

        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        return error_response(500, _("Something went wrong on our side. "
                                     "Nothing was saved; please try again."))


def event_or_404():
    """The event this installation serves, for a route; 404 with a message when there is none."""
    from app.services.events import NoEvent, require_event

    try:
        return require_event()
    except NoEvent as exc:
        abort_with(404, str(exc))


def abort_with(status: int, message: str):
    """Abort with a message meant for the user (shown in HTML and in JSON)."""
    from werkzeug.exceptions import default_exceptions

    exc = default_exceptions[status]()
    exc.custom_message = message
    raise exc
