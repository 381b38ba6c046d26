"""Organiser forms for the live board: an announcement and the countdown. Shape only."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange

from app.services.live.notices import MAX_MINUTES, TEXT_LENGTH


class AnnouncementForm(FlaskForm):
    text = StringField(_l("Announcement"), validators=[DataRequired(), Length(max=TEXT_LENGTH)],
                       description=_l("Every board shows it at once."))
    submit = SubmitField(_l("Announce"))


class CountdownForm(FlaskForm):
    title = StringField(_l("What the countdown is for"), validators=[Length(max=200)],
                        render_kw={"placeholder": "Sparring 3"})
    minutes = IntegerField(_l("Minutes"), validators=[NumberRange(min=0, max=MAX_MINUTES)],
                           description=_l("0 stops the countdown."))
    submit = SubmitField(_l("Start the countdown"))
