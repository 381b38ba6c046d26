"""Organiser forms for enterprises, partners and coaches: the registration forms plus the
fields only organisers set (status, stage, coach, member ids). Shape only; rules in services."""
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import FormField, HiddenField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from app.formatting import STATUS_LABELS, stage_label
from app.forms_common import RowList, email_language_field
from app.models import Event
from app.models.people import STATUSES
from app.registration.forms import (
    MEMBER_ROWS,
    CoachForm,
    EnterpriseForm,
    MemberForm,
    PartnerForm,
    with_needs,
)
from app.services.people import person_data
from app.services.team_coaches import coach_is_full


def _status_field():
    return SelectField(_l("Status"), choices=[SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES],
                       validators=[DataRequired()])


class AdminMemberForm(MemberForm):
    id = HiddenField()


class EnterpriseAdminForm(EnterpriseForm):
    """Call `enterprise_admin_form(event, ...)`: it adds a needs field per stage."""

    status = _status_field()
    stage = SelectField(_l("Current stage"), validators=[Optional()])
    coach = SelectField(_l("Coach"), validators=[Optional()])
    members = RowList(FormField(AdminMemberForm), label=_l("Member"), min_entries=MEMBER_ROWS,
                      max_entries=MEMBER_ROWS)
    submit = SubmitField(_l("Save"))

    def setup_admin(self, event: Event, coaches: list, loads: dict[int, int],
                    own_coach=None) -> None:
        """`loads`: teams per coach id (coach_loads); a full coach can be chosen only by the
        team they already coach (`own_coach`)."""
        self.stage.choices = [SelectChoice("", _l("(not started)"))] + [
            SelectChoice(s, stage_label(s)) for s in event.stages]
        self.coach.choices = [SelectChoice("", _l("(no coach)"))] + [
            _coach_choice(c, loads, own=c is own_coach) for c in coaches]

    def to_data(self) -> dict:
        return super().to_data() | {"status": self.status.data, "stage": self.stage.data or None,
                                    "coach": self.coach.data or None}


def _coach_choice(coach, loads: dict[int, int], own: bool) -> SelectChoice:
    """'Carla Coach (1 of 2 teams)'; a full coach is marked, and disabled unless `own`."""
    load = loads.get(coach.id, 0)
    if coach.max_teams is None:
        label = ngettext("%(name)s (%(num)s team, no limit)", "%(name)s (%(num)s teams, no limit)",
                         load, name=coach.name)
    elif coach_is_full(coach, loads):
        label = ngettext("%(name)s (%(load)s of %(num)s team, full)",
                         "%(name)s (%(load)s of %(num)s teams, full)", coach.max_teams,
                         name=coach.name, load=load)
    else:
        label = ngettext("%(name)s (%(load)s of %(num)s team)",
                         "%(name)s (%(load)s of %(num)s teams)", coach.max_teams,
                         name=coach.name, load=load)
    disabled = coach_is_full(coach, loads) and not own
    return SelectChoice(str(coach.id), label, render_kw={"disabled": True} if disabled else {})


def enterprise_admin_form(event: Event, partners: list, coaches: list, loads: dict[int, int],
                          own_coach=None, **kwargs) -> EnterpriseAdminForm:
    form = with_needs(EnterpriseAdminForm, event)(**kwargs)
    form.setup(event, partners)
    form.setup_admin(event, coaches, loads, own_coach)
    return form


def enterprise_form_data(enterprise) -> dict:
    """The current values of an enterprise, as the edit form expects them."""
    data = {
        "name": enterprise.name, "organisation": enterprise.organisation,
        "country": enterprise.country, "challenge": enterprise.challenge,
        "description": enterprise.description, "languages": enterprise.languages,
        "wished_partners": [p.id for p in enterprise.wished_partners],
        "status": enterprise.status, "stage": enterprise.stage or "",
        "coach": str(enterprise.coach.id) if enterprise.coach else "",
        # FormField rows read attributes, not dict keys.
        "members": [SimpleNamespace(id=str(m.id), name=m.name, email=m.email)
                    for m in enterprise.members],
    }
    for stage, tags in (enterprise.needs or {}).items():
        data[f"needs_{stage}"] = tags
    return data


class PartnerAdminForm(PartnerForm):
    status = _status_field()
    locale = email_language_field()
    submit = SubmitField(_l("Save"))

    def to_data(self) -> dict:
        return super().to_data() | {"status": self.status.data, "locale": self.locale.data}


class CoachAdminForm(CoachForm):
    status = _status_field()
    locale = email_language_field()
    submit = SubmitField(_l("Save"))

    def to_data(self) -> dict:
        return super().to_data() | {"status": self.status.data, "locale": self.locale.data}


def person_form_data(person) -> dict:
    return person_data(person)


class StatusForm(FlaskForm):
    """Accept / reject / reset: one POST button per status."""

    status = SelectField(choices=[SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES],
                         validators=[DataRequired()])
    next = HiddenField()


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete"))
