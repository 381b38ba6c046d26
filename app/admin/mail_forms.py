"""Organiser forms for emails: a message to a group. Shape only; rules in the services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.admin.event_forms import optional_int
from app.services.group_messages import AUDIENCES, MAX_BODY, MAX_SUBJECT


class GroupMessageForm(FlaskForm):
    audience = SelectField(_l("To"), choices=[SelectChoice(k, v) for k, v in AUDIENCES.items()],
                           validators=[DataRequired()])
    team_id = SelectField(_l("Team (for one team)"), coerce=optional_int,
                          validators=[Optional()])
    reach = SelectField(_l("Who takes part"), choices=[
        SelectChoice("accepted", _l("Accepted only")),
        SelectChoice("active", _l("Accepted and pending"))], validators=[DataRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=MAX_SUBJECT)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=MAX_BODY)],
                         render_kw={"rows": 10})
    submit = SubmitField(_l("Send"))

    def setup(self, teams: list) -> None:
        self.team_id.choices = [SelectChoice("", _l("(choose a team)"))] + [
            SelectChoice(t.id, t.name) for t in teams]

    def to_data(self) -> dict:
        return {"audience": self.audience.data, "team_id": self.team_id.data,
                "reach": self.reach.data, "subject": self.subject.data, "body": self.body.data}
