"""Registration forms: shape only (required, lengths, formats); rules live in the services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    Form,
    FormField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from app.formatting import session_label, stage_label
from app.forms_common import (
    MultiCheckboxField,
    RequiredByService,
    RowList,
    WholeNumberField,
    country_choices,
    language_choices,
    mark_required,
    skill_choices,
)
from app.models import Event
from app.services.events import sparring_sessions

MEMBER_ROWS = 6


class MemberForm(Form):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])


def partner_choices(partners: list) -> list[SelectChoice]:
    return [SelectChoice(p.id, f"{p.name} · {p.organisation}" if p.organisation else p.name)
            for p in partners]


class TeamFields:
    """What a team's registration and its contact person's page share: languages, needs per
    stage (added by `with_needs`), wished partners and the member rows."""

    stages: list[str] = []

    def needs_fields(self) -> list:
        return [self[f"needs_{stage}"] for stage in self.stages]

    def setup_team(self, event: Event, partners: list) -> None:
        contact = self.members.entries[0].form  # the first member is the contact person
        mark_required(contact.name, contact.email)
        self.languages.choices = language_choices(event)
        skills = skill_choices(event)
        for field in self.needs_fields():
            field.choices = skills
        self.wished_partners.choices = partner_choices(partners)

    def team_data(self) -> dict:
        return {"languages": self.languages.data or [],
                "needs": {stage: self[f"needs_{stage}"].data or [] for stage in self.stages},
                "wished_partners": self.wished_partners.data or [],
                "members": [entry.form.data for entry in self.members.entries]}


class EnterpriseForm(TeamFields, FlaskForm):
    """Call `enterprise_form(event)` instead: it adds a needs field per stage."""

    name = StringField(_l("Name of the project or team"),
                       validators=[DataRequired(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    challenge = StringField(_l("Challenge (one sentence)"),
                            validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    languages = MultiCheckboxField(_l("Languages the team speaks"),
                                   validators=[RequiredByService()])
    wished_partners = MultiCheckboxField(_l("Sparring partners you would like to meet"),
                                         coerce=int)
    members = RowList(FormField(MemberForm), label=_l("Member"), min_entries=MEMBER_ROWS,
                        max_entries=MEMBER_ROWS)
    submit = SubmitField(_l("Register the team"))

    def setup(self, event: Event, partners: list) -> None:
        self.setup_team(event, partners)
        self.country.choices = country_choices()

    def to_data(self) -> dict:
        return {
            "name": self.name.data, "organisation": self.organisation.data,
            "country": self.country.data, "challenge": self.challenge.data,
            "description": self.description.data, **self.team_data(),
        }


def with_needs(form_class: type, event: Event) -> type:
    """A subclass of form_class with one 'needs' checkbox field per stage of the event."""
    fields = {f"needs_{stage}": MultiCheckboxField(
        _l("Needs in stage %(stage)s", stage=stage_label(stage))) for stage in event.stages}
    return type(form_class.__name__, (form_class,), {**fields, "stages": list(event.stages)})


def enterprise_form(event: Event, partners: list, **kwargs) -> EnterpriseForm:
    form = with_needs(EnterpriseForm, event)(**kwargs)
    form.setup(event, partners)
    return form


class PersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    skills = MultiCheckboxField(_l("Skills"))
    languages = MultiCheckboxField(_l("Languages you speak"), validators=[RequiredByService()])

    def setup(self, event: Event) -> None:
        self.skills.choices = skill_choices(event)
        self.languages.choices = language_choices(event)

    def to_data(self) -> dict:
        return {"name": self.name.data, "email": self.email.data,
                "organisation": self.organisation.data, "skills": self.skills.data or [],
                "languages": self.languages.data or []}


class PartnerForm(PersonForm):
    partner_kind = SelectField(_l("You take part as"), choices=[
        SelectChoice("creative", _l("Sparring partner from the creative industries")),
        SelectChoice("living_lab", _l("Living-lab practitioner from the region")),
    ], validators=[DataRequired()])
    available_sessions = MultiCheckboxField(_l("Sparring sessions you are available for"),
                                            coerce=int, validators=[RequiredByService()])
    max_sessions = WholeNumberField(_l("Sessions at most"), validators=[Optional()])
    wished_teams = MultiCheckboxField(_l("Teams you would like to meet"), coerce=int)
    submit = SubmitField(_l("Register as sparring partner"))

    def setup(self, event: Event, teams: list | None = None) -> None:
        super().setup(event)
        self.available_sessions.choices = [SelectChoice(s.id, session_label(s))
                                           for s in sparring_sessions(event)]
        self.wished_teams.choices = [SelectChoice(t.id, t.name) for t in teams or []]

    def to_data(self) -> dict:
        return super().to_data() | {
            "partner_kind": self.partner_kind.data,
            "available_sessions": self.available_sessions.data or [],
            "max_sessions": self.max_sessions.data,
            "wished_teams": self.wished_teams.data or []}


class CoachForm(PersonForm):
    max_teams = WholeNumberField(_l("Teams at most"), default=2,
                             validators=[InputRequired(), NumberRange(min=1, max=10)])
    submit = SubmitField(_l("Register as coach"))

    def to_data(self) -> dict:
        return super().to_data() | {"max_teams": self.max_teams.data}


class LinkAgainForm(FlaskForm):
    """'Send me my link again' on the landing page."""

    email = EmailField(_l("Your email address"),
                       validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send me my link"))
