from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from app.config import Config


class LanguageForm(FlaskForm):
    lang = SelectField(
        choices=[SelectChoice(code, label) for code, label in Config.LANGUAGES.items()])
    next = HiddenField()
