"""What participants change themselves: shape only; the services check the rules."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FormField, HiddenField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from app.formatting import session_label
from app.forms_common import (
    MultiCheckboxField,
    RequiredByService,
    RowList,
    WholeNumberField,
    email_language_field,
    language_choices,
    skill_choices,
)
from app.models import Event
from app.registration.forms import MEMBER_ROWS, MemberForm, TeamFields, with_needs
from app.services.events import sparring_sessions


class OwnDataForm(FlaskForm):
    """A member's own languages; partners and coaches add their fields below."""

    languages = MultiCheckboxField(_l("Languages you speak"), validators=[RequiredByService()])
    locale = email_language_field()
    submit = SubmitField(_l("Save my changes"))

    def setup(self, event: Event) -> None:
        self.languages.choices = language_choices(event)

    def to_data(self) -> dict:
        return {"languages": self.languages.data or [], "locale": self.locale.data}


class OwnPartnerForm(OwnDataForm):
    available_sessions = MultiCheckboxField(_l("Sparring sessions you are available for"),
                                            coerce=int, validators=[RequiredByService()])
    max_sessions = WholeNumberField(_l("Sessions at most"), validators=[Optional()])
    skills = MultiCheckboxField(_l("Skills"))

    def setup(self, event: Event) -> None:
        super().setup(event)
        self.skills.choices = skill_choices(event)
        self.available_sessions.choices = [SelectChoice(s.id, session_label(s))
                                           for s in sparring_sessions(event)]

    def to_data(self) -> dict:
        return super().to_data() | {"available_sessions": self.available_sessions.data or [],
                                    "max_sessions": self.max_sessions.data,
                                    "skills": self.skills.data or []}


class OwnCoachForm(OwnDataForm):
    max_teams = WholeNumberField(_l("Teams at most"), validators=[Optional()])
    skills = MultiCheckboxField(_l("Skills"))

    def setup(self, event: Event) -> None:
        super().setup(event)
        self.skills.choices = skill_choices(event)

    def to_data(self) -> dict:
        return super().to_data() | {"max_teams": self.max_teams.data,
                                    "skills": self.skills.data or []}


OWN_FORMS = {"partner": OwnPartnerForm, "coach": OwnCoachForm, "member": OwnDataForm}


class TeamMemberForm(MemberForm):
    id = HiddenField()


class TeamForm(TeamFields, FlaskForm):
    """Call `team_form(event, ...)`: it adds a needs field per stage."""

    languages = MultiCheckboxField(_l("Languages the team speaks"),
                                   validators=[RequiredByService()])
    wished_partners = MultiCheckboxField(_l("Sparring partners you would like to meet"),
                                         coerce=int)
    members = RowList(FormField(TeamMemberForm), label=_l("Member"), min_entries=MEMBER_ROWS,
                      max_entries=MEMBER_ROWS)
    submit = SubmitField(_l("Save the team"))

    def to_data(self) -> dict:
        return self.team_data()


def team_form(event: Event, partners: list, **kwargs) -> TeamForm:
    form = with_needs(TeamForm, event)(**kwargs)
    form.setup_team(event, partners)
    return form


class WithdrawForm(FlaskForm):
    whole_team = BooleanField(_l("Withdraw the whole team (every member is told by email)"))
    submit = SubmitField(_l("Withdraw my registration"))
