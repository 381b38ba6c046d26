"""The CSV upload form: one file, checked for presence and a .csv name (content: the service)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SubmitField


class CsvUploadForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[
        FileRequired(_l("Choose a CSV file to upload.")),
        FileAllowed(["csv", "txt"], _l("Upload a .csv file (UTF-8, comma-separated)."))])
    skip_wishes = BooleanField(_l("Leave wishes out for now (first import into a new event: "
                                  "import the file again once both sides exist)"))
    submit = SubmitField(_l("Check and import"))
