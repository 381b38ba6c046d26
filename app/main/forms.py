from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from app.config import Config


class LanguageForm(FlaskForm):
    lang = SelectField(choices=list(Config.LANGUAGES.items()))
    next = HiddenField()
