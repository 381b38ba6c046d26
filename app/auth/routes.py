"""Login and logout for organisers, coaches and scanner accounts."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth.forms import LoginForm
from app.services.accounts import authenticate
from app.urls import local_path


def _home_for(user) -> str:
    if user.is_organiser:
        return url_for("admin.dashboard")
    if user.is_coach:
        return url_for("board.index")
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Email or password is wrong."))
        else:
            login_user(user, remember=form.remember.data)
            return redirect(local_path(request.args.get("next")) or _home_for(user))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))
