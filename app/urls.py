"""URLs: redirect targets taken from the request, and the id converter of every route."""
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from app.models.keys import MAX_ID


def local_path(target: str | None) -> str | None:
    """The target if it is a path on this site ('/x'), else None (never '//host' or 'http:')."""
    if target and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target:
        return target
    return None


def public_url(endpoint: str, **values) -> str:
    """An absolute URL for links that leave the site (emails, QR codes, calendars).

    PUBLIC_URL when it is set (the address people reach the app at, also behind a proxy);
    otherwise the address of the current request; outside a request the local `make run` one.
    """
    from urllib.parse import urlsplit

    from flask import current_app, has_request_context, url_for

    base = current_app.config.get("PUBLIC_URL")
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(base or "http://127.0.0.1:5000")
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


class RecordIdConverter(IntegerConverter):
    """`<int:...>` in this app: an id above MAX_ID is an unknown record (404) and never reaches
    the database driver, which cannot take it (500).

    It raises NotFound itself: a ValidationError would make Werkzeug answer 405 when another
    method shares the path (GET and POST /sessions/<id>/delete)."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_ID:
            raise NotFound()
        return number
