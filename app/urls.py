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
