"""Paging, sorting and filtering for every list: the organiser pages and the JSON API.

A list is a SELECT of one model with its filters applied; `list_page` sorts it by a
whitelisted key (with the id as a stable second key) and fetches one page with
Flask-SQLAlchemy's `db.paginate`: one page query, one count query, plus the `loaders`
(selectinload) of the relations the page shows. Sort keys and counts are SQL expressions
(correlated subqueries), so nothing grows with the rows shown.

Query-string parameters (a mapping of strings, e.g. request.args):
    page      1..MAX_PAGE (default 1); past the last page the last page is shown (HTML lists)
    per_page  1..MAX_PER_PAGE (default DEFAULT_PER_PAGE)
    sort      a key of the list's sorts (default: the list's own); `dir` asc | desc
    q         free text (the list's own search); other filters by name, see `clean_filters`
For the organiser pages a bad value falls back to the default (a too large per_page to the
maximum); the API asks for strict values instead (`page_numbers(..., strict=True)` raises
BadParameter naming the parameter).
"""
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Text, case, cast, or_
from sqlalchemy.sql.elements import ColumnElement

from app.extensions import db

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000
MAX_QUERY_LENGTH = 200
# The filter value "has none" (a team without stage or without coach). Stage names are
# letters, digits, '-' and '_' and coach ids digits, so it never names a real one.
NONE = "~none"


class BadParameter(ValueError):
    """A query parameter has a value the API does not accept; the message names it."""


def page_numbers(args: Mapping, *, strict: bool = False) -> tuple[int, int]:
    """(page, per_page) from the query string; see the module docstring for bad values."""
    page = _whole_number(args, "page", 1, MAX_PAGE, strict)
    per_page = _whole_number(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, strict)
    return page, per_page


def _whole_number(args: Mapping, name: str, default: int, maximum: int, strict: bool) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if 1 <= value <= maximum:
        return value
    if strict:
        raise BadParameter(_("%(name)s: '%(value)s' is not a whole number from 1 to %(max)s",
                             name=name, value=raw[:40], max=maximum))
    return maximum if value > maximum else default


def search_text(args: Mapping) -> str:
    """The free-text search `q`, trimmed and cut to a sane length.

    Control characters become spaces: no stored text holds one, and PostgreSQL refuses NUL."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in args.get("q") or "")
    return text.strip()[:MAX_QUERY_LENGTH]


def clean_filters(args: Mapping, options: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Each filter's value when it is one the list offers, else "" (no filter)."""
    cleaned = {}
    for name, allowed in options.items():
        value = (args.get(name) or "").strip()
        cleaned[name] = value if value in allowed else ""
    return cleaned


@dataclass
class Listing:
    """One page of a list, how it was asked for and what its filters offer.

    `pagination` is Flask-SQLAlchemy's (items, page, pages, total, iter_pages, ...);
    `filters` holds the values in effect (q and the named filters, "" when unset);
    `options` maps each named filter to {value: label} (labels of data, e.g. coach names).
    """

    pagination: Pagination
    sort: str
    descending: bool
    default_sort: str
    filters: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def items(self) -> list:
        return self.pagination.items

    @property
    def filtered(self) -> bool:
        return any(self.filters.values())

    def args(self, **changes) -> dict[str, str | int]:
        """Query-string arguments for a link to this list: the filters, sort and page size
        in effect, with `changes` applied (defaults are left out, so URLs stay short)."""
        values: dict[str, str | int] = {k: v for k, v in self.filters.items() if v}
        if self.sort != self.default_sort or self.descending:
            values["sort"] = self.sort
        if self.descending:
            values["dir"] = "desc"
        if self.pagination.per_page != DEFAULT_PER_PAGE:
            values["per_page"] = self.pagination.per_page
        values.update(changes)
        if values.get("page") == 1:
            del values["page"]
        return {k: v for k, v in values.items() if v not in ("", None)}

    def view_args(self) -> dict[str, str | int]:
        """Only the sort and page size in effect (what a new search keeps)."""
        return {k: v for k, v in self.args().items() if k in ("sort", "dir", "per_page")}

    def sort_args(self, key: str) -> dict[str, str | int]:
        """A column header's link: sort by `key`, the other way round if it is the sort now;
        back to the first page."""
        descending = key == self.sort and not self.descending
        values = self.args(sort=key, dir="desc" if descending else None, page=None)
        if key == self.default_sort and not descending:
            values.pop("sort", None)
        return values

    def aria_sort(self, key: str) -> str | None:
        if key != self.sort:
            return None
        return "descending" if self.descending else "ascending"


def list_page(statement, args: Mapping, *, sorts: Mapping[str, ColumnElement],
              default_sort: str, id_column, loaders: Sequence = (), strict: bool = False,
              clamp: bool = True, filters: dict | None = None,
              options: dict | None = None) -> Listing:
    """Sort `statement` by the requested key and fetch the requested page of it.

    `clamp`: a page past the last shows the last page (the organiser pages); without it
    that page is empty (the API: a client stepping through pages stops there).
    """
    page, per_page = page_numbers(args, strict=strict)
    sort = args.get("sort") if args.get("sort") in sorts else default_sort
    descending = args.get("dir") == "desc"
    key = sorts[sort]
    ordered = statement.order_by(key.desc() if descending else key.asc(), id_column.asc())
    ordered = ordered.options(*loaders)
    pagination = db.paginate(ordered, page=page, per_page=per_page, max_per_page=MAX_PER_PAGE,
                             error_out=False)
    last = max(pagination.pages, 1)
    if clamp and page > last:
        pagination = db.paginate(ordered, page=last, per_page=per_page,
                                 max_per_page=MAX_PER_PAGE, error_out=False)
    return Listing(pagination=pagination, sort=sort, descending=descending,
                   default_sort=default_sort, filters=filters or {}, options=options or {})


def contains_text(column, text: str) -> ColumnElement:
    """Case-insensitive `column` contains `text`, with % and _ matching themselves."""
    return column.icontains(text, autoescape=True)


def json_list_has(column, value: str) -> ColumnElement:
    """A JSON list column (e.g. ["de", "en"]) has the element `value`: the quoted element
    in the column's text. Works the same on SQLite and PostgreSQL (json is stored as the
    text SQLAlchemy wrote with json.dumps)."""
    return cast(column, Text).contains(json.dumps(value), autoescape=True)


def json_lists_have(column, value: str) -> ColumnElement:
    """A JSON object of lists (e.g. needs {"define": ["video"]}) has `value` in any list:
    the quoted element followed by ',' or ']' (a key is followed by ':')."""
    quoted, text = json.dumps(value), cast(column, Text)
    return or_(text.contains(quoted + ",", autoescape=True),
               text.contains(quoted + "]", autoescape=True))


def position(column, values: Sequence[str]) -> ColumnElement:
    """Sort key: the place of the column's value in `values` (None first, unknown last)."""
    return case((column.is_(None), -1), *[(column == value, index)
                                          for index, value in enumerate(values)],
                else_=len(values))
