"""Organiser pages for accounts: organisers, coaches and scanners."""
from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.admin import bp
from app.admin.event_forms import AccountForm, PasswordResetForm, form_values
from app.admin.helpers import flash_refusal, found_or_404, render_form, submit_form
from app.admin.list_forms import filter_form
from app.security import organiser_required
from app.services import lists, user_admin
from app.services.checks import ValidationFailed
from app.services.events import current_event


@bp.get("/accounts")
@organiser_required
def accounts():
    listing = lists.account_list(request.args)
    return render_template("admin/accounts/list.html", listing=listing,
                           filters=filter_form(listing))


@bp.route("/accounts/new", methods=["GET", "POST"])
@organiser_required
def account_new():
    event = current_event()
    form = AccountForm()
    form.person_id.choices = [SelectChoice("", _("(not linked)"))] + [
        SelectChoice(p.id, f"{p.name} <{p.email}>") for p in user_admin.linkable_coaches(event)]
    done = submit_form(form, partial(user_admin.create_account, event, form_values(form)),
                       lambda user: _("Account %(email)s created.", email=user.email),
                       "admin.accounts")
    if done:
        return done
    return render_form("admin/accounts/new.html", form)


def _set_active(user_id: int, active: bool):
    user = found_or_404(user_admin.get_account(user_id), _("account"))
    try:
        user_admin.set_account_active(user, active, current_user)
    except ValidationFailed as failed:
        flash_refusal(failed)
    else:
        flash(_("%(email)s is active again.", email=user.email) if active
              else _("%(email)s is deactivated and can no longer log in.", email=user.email),
              "success")
    return redirect(url_for("admin.accounts"))


@bp.post("/accounts/<int:user_id>/deactivate")
@organiser_required
def account_deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.post("/accounts/<int:user_id>/reactivate")
@organiser_required
def account_reactivate(user_id: int):
    return _set_active(user_id, True)


@bp.route("/accounts/<int:user_id>/password", methods=["GET", "POST"])
@organiser_required
def account_password(user_id: int):
    user = found_or_404(user_admin.get_account(user_id), _("account"))
    form = PasswordResetForm()
    done = submit_form(form, partial(user_admin.reset_password, user, form.password.data),
                       _("The password of %(email)s is changed. Tell them in person or by phone.",
                         email=user.email),
                       "admin.accounts")
    if done:
        return done
    return render_form("admin/accounts/password.html", form, user=user)
