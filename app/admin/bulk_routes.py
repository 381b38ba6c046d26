"""Accept or reject the ticked rows of the enterprise, partner and coach lists (one POST)."""
from flask import flash
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin import bp
from app.admin.helpers import back_to, event_or_404, flash_refusal
from app.admin.list_forms import BulkStatusForm
from app.admin.people_routes import KIND_RULE, KINDS
from app.errors import abort_with
from app.formatting import STATUS_WORDS
from app.security import organiser_required
from app.services.bulk_status import set_statuses
from app.services.checks import ValidationFailed


@bp.post("/enterprises/bulk-status")
@organiser_required
def enterprises_bulk_status():
    return _bulk("enterprise", "admin.enterprises", {})


@bp.post(f"/{KIND_RULE}/bulk-status")
@organiser_required
def people_bulk_status(kind: str):
    return _bulk(KINDS[kind], "admin.people_list", {"kind": kind})


def _bulk(record_kind: str, list_endpoint: str, values: dict):
    event = event_or_404()
    form = BulkStatusForm()
    if not form.validate_on_submit():
        abort_with(400, _("Choose accept or reject, and tick the rows it applies to."))
    try:
        count = set_statuses(event, record_kind, form.ids.data, form.status.data)
    except ValidationFailed as failed:
        flash_refusal(failed)
    else:
        flash(done_message(record_kind, form.status.data, count), "success")
    return back_to(list_endpoint, **values)


def done_message(kind: str, status: str, count: int) -> str:
    """'12 enterprises accepted' and the like."""
    n = count
    messages = {
        ("enterprise", "accepted"): ngettext("%(num)d enterprise accepted",
                                             "%(num)d enterprises accepted", n),
        ("enterprise", "rejected"): ngettext("%(num)d enterprise rejected",
                                             "%(num)d enterprises rejected", n),
        ("partner", "accepted"): ngettext("%(num)d sparring partner accepted",
                                          "%(num)d sparring partners accepted", n),
        ("partner", "rejected"): ngettext("%(num)d sparring partner rejected",
                                          "%(num)d sparring partners rejected", n),
        ("coach", "accepted"): ngettext("%(num)d coach accepted", "%(num)d coaches accepted", n),
        ("coach", "rejected"): ngettext("%(num)d coach rejected", "%(num)d coaches rejected", n),
    }
    return messages.get((kind, status)) or ngettext(
        "%(num)d record is now %(status)s", "%(num)d records are now %(status)s", n,
        status=STATUS_WORDS.get(status, status))
