"""Forms of the solve page (shape only; the jobs service checks the values)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, StringField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from app.forms_common import MultiCheckboxField


def _time_limit():
    return DecimalField(_l("Time limit (seconds)"), default=10, places=None,
                        validators=[InputRequired(), NumberRange(min=1, max=600)],
                        render_kw={"inputmode": "decimal"},
                        description=_l("Between 1 and 600 seconds; the best schedule found "
                                       "by then is kept."))


class SolveForm(FlaskForm):
    time_limit = _time_limit()
    submit = SubmitField(_l("Solve"))


class ReplanForm(FlaskForm):
    time_limit = _time_limit()
    absent = MultiCheckboxField(_l("Who is absent"), coerce=int)
    freeze_before = StringField(
        _l("Keep the sessions that start before"),
        render_kw={"type": "datetime-local", "step": 60},
        description=_l("The event's local time. Sessions that start earlier keep their "
                       "meetings and rooms."))
    submit = SubmitField(_l("Re-plan"))


class CancelForm(FlaskForm):
    submit = SubmitField(_l("Cancel the solve"))
