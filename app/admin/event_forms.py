"""Forms for the event, its timetable, rooms, managed lists, conflicts and accounts.

They check shape only (types, required, lengths, simple ranges); the rules that need the
database or several fields live in the services, which raise ValidationFailed.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from app.formatting import ROLE_LABELS, SESSION_KIND_LABELS, stage_label
from app.forms_common import LeanSelect, WholeNumberField
from app.models.accounts import ACCOUNT_ROLES
from app.models.event import SESSION_KINDS

MIN_PASSWORD_LENGTH = 10
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def form_values(form: FlaskForm) -> dict:
    """The submitted values without the CSRF token and buttons."""
    return {name: f.data for name, f in form._fields.items()
            if name != "csrf_token" and f.type != "SubmitField"}


def optional_int(value) -> int | None:
    """Coerce a select's value; the blank choice means 'none'."""
    return None if value in ("", None, "None") else int(value)


def _count(label, minimum: int, required: bool = True):
    validators = [InputRequired() if required else Optional(), NumberRange(min=minimum)]
    return WholeNumberField(label, validators=validators)


class EventForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired()])
    timezone = StringField(_l("Time zone"), validators=[DataRequired(), Length(max=64)],
                           render_kw={"list": "timezones", "autocomplete": "off"})
    registration_open = BooleanField(_l("Registration is open"))
    contact_email = EmailField(_l("Organisers' email address"),
                               validators=[Optional(), Email(), Length(max=254)])
    stages = TextAreaField(_l("Design-thinking stages"), validators=[DataRequired()],
                           render_kw={"rows": 6})
    # Solver rules and weights (scheduling.md).
    partners_min = _count(_l("Partners per team and session: at least"), 0)
    partners_max = _count(_l("Partners per team and session: at most"), 1)
    partner_max_sessions = _count(_l("Sessions per partner: at most"), 1, required=False)
    max_repeat = _count(_l("Times the same partner meets the same team: at most"), 1)
    weight_base = _count(_l("Weight: any meeting"), 0)
    weight_skill = _count(_l("Weight: each matching skill"), 0)
    weight_wish = _count(_l("Weight: each fulfilled wish"), 0)
    weight_coach = _count(_l("Weight: each coach skill a team needs"), 0)
    weight_fairness = _count(_l("Weight: fairness (the worst-off team)"), 0, required=False)
    weight_change = _count(_l("Weight: each change to the previous schedule"), 0)
    submit = SubmitField(_l("Save"))


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Start"), format=DATETIME_LOCAL,
                                   validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("End"), format=DATETIME_LOCAL, validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, SESSION_KIND_LABELS[k])
                                            for k in SESSION_KINDS],
                       validators=[DataRequired()])
    stage = SelectField(_l("Stage"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Save"))

    def set_stage_choices(self, stages: list[str]) -> None:
        self.stage.choices = [SelectChoice("", _l("(none)"))] + [
            SelectChoice(s, stage_label(s)) for s in stages]


class RoomForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    capacity = _count(_l("Capacity (people)"), 1)
    max_teams = _count(_l("Teams at once: at most"), 1)
    submit = SubmitField(_l("Save"))


class ConfirmForm(FlaskForm):
    """Only a CSRF token and a button: for deletions and other one-click actions."""

    submit = SubmitField(_l("Confirm"))


class SkillTagForm(FlaskForm):
    name = StringField(_l("Tag"), validators=[DataRequired(), Length(max=60)])
    label = StringField(_l("Label"), validators=[Optional(), Length(max=120)])
    submit = SubmitField(_l("Save"))


class LanguageForm(FlaskForm):
    code = StringField(_l("Code (ISO 639-1)"), validators=[DataRequired(), Length(max=12)])
    name = StringField(_l("Language name"), validators=[DataRequired(), Length(max=60)])
    submit = SubmitField(_l("Add language"))


class LanguageNameForm(FlaskForm):
    """The code stays: people and teams refer to a language by its code."""

    name = StringField(_l("Language name"), validators=[DataRequired(), Length(max=60)])
    submit = SubmitField(_l("Save"))


class ConflictForm(FlaskForm):
    enterprise_id = SelectField(_l("Enterprise"), coerce=int, validators=[InputRequired()],
                                widget=LeanSelect())
    partner_id = SelectField(_l("Partner"), coerce=int, validators=[InputRequired()],
                             widget=LeanSelect())
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Add conflict"))


class AccountForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ACCOUNT_ROLES],
                       validators=[DataRequired()])
    person_id = SelectField(_l("Coach of the event"), coerce=optional_int, validators=[Optional()])
    password = PasswordField(_l("Password"),
                             validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)])
    submit = SubmitField(_l("Create account"))


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("New password"),
                             validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)])
    submit = SubmitField(_l("Set password"))
