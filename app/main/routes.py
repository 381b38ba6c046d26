"""Landing page and the language switch."""
from flask import redirect, render_template, request, session, url_for

from app.config import Config
from app.main import bp
from app.main.forms import LanguageForm
from app.registration.forms import LinkAgainForm
from app.urls import local_path


@bp.get("/")
def index():
    return render_template("main/index.html", form=LinkAgainForm())


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in Config.LANGUAGES:
        session["lang"] = form.lang.data
    # Only local paths: never redirect to another site.
    return redirect(local_path(request.form.get("next")) or url_for("main.index"))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
