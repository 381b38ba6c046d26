"""The publish button's form (shape only: a CSRF-protected POST)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class PublishForm(FlaskForm):
    submit = SubmitField(_l("Publish this version"))
