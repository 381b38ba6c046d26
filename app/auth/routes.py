"""Login and logout for organisers, coaches and scanner accounts, and one's own account."""
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth.forms import LoginForm, OwnPasswordForm
from app.errors import retry_message
from app.extensions import limiter
from app.form_submit import submit
from app.models.keys import text_key
from app.services.accounts import authenticate, change_own_password
from app.urls import local_path


def _home_for(user) -> str:
    if user.is_organiser:
        return url_for("admin.dashboard")
    if user.is_coach:
        return url_for("board.index")
    return url_for("checkin.scan")  # scanners


def _account_key() -> str:
    return "login-account:" + text_key(request.form.get("email", "").strip()[:254])


def _failed_login(_response) -> bool:
    # Only wrong passwords count against the limits: a successful login costs nothing.
    return bool(g.get("login_failed"))


def _refused(limit):
    """The login page again, saying when to try again (the right password is refused too)."""
    form = LoginForm()
    form.email.data = request.form.get("email", "")[:254]
    message = retry_message(limit.reset_at)
    return current_app.make_response((render_template("auth/login.html", form=form,
                                                      refusal=message), 429))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_account_key,
               methods=["POST"], deduct_when=_failed_login, on_breach=_refused)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
               deduct_when=_failed_login, on_breach=_refused)
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            g.login_failed = True
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


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Every account's own page: what it may do here, and a new password."""
    form = OwnPasswordForm()
    done, _saved = submit(form, lambda commit: change_own_password(
        current_user, form.current_password.data, form.new_password.data, commit))
    if done:
        flash(_("Your new password is saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form), 422 if form.errors else 200
