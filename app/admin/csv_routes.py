"""Organiser pages for CSV export and import (formats: app/services/csv_formats.py)."""
from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.csv_forms import CsvUploadForm
from app.admin.helpers import event_or_404
from app.errors import abort_with
from app.security import organiser_required
from app.services.csv_export import export_csv
from app.services.csv_formats import KIND_LABELS, KINDS, WISH_COLUMNS, columns_for
from app.services.csv_import import CsvRejected, import_csv


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        abort_with(404, _("There is no CSV format called '%(kind)s'.", kind=kind))
    return kind


@bp.get("/csv")
@organiser_required
def csv_index():
    event = event_or_404()
    return render_template("admin/csv/index.html", kinds=KINDS, labels=KIND_LABELS,
                           columns={kind: columns_for(kind, event) for kind in KINDS})


@bp.get("/csv/<kind>/export")
@organiser_required
def csv_export(kind: str):
    filename, content = export_csv(event_or_404(), _kind_or_404(kind))
    return Response(content, mimetype="text/csv", headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/csv/<kind>", methods=["GET", "POST"])
@organiser_required
def csv_import(kind: str):
    event = event_or_404()
    kind = _kind_or_404(kind)
    form = CsvUploadForm()
    rejected = None
    if form.validate_on_submit():
        try:
            skip = WISH_COLUMNS if form.skip_wishes.data else ()
            result = import_csv(event, kind, form.file.data.read(), skip_columns=skip)
        except CsvRejected as exc:
            rejected = exc
        else:
            flash(_("Imported %(label)s: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged.", label=KIND_LABELS[kind], created=result.created,
                    updated=result.updated, unchanged=result.unchanged), "success")
            if result.ignored_columns:
                flash(_("These columns were ignored: %(columns)s.",
                        columns=", ".join(result.ignored_columns)), "warning")
            for warning in result.warnings:
                flash(warning, "warning")
            return redirect(url_for("admin.csv_import", kind=kind))
    status = 422 if (rejected or form.errors) else 200
    return render_template("admin/csv/import.html", form=form, kind=kind,
                           label=KIND_LABELS[kind], columns=columns_for(kind, event),
                           rejected=rejected), status
