"""The forms of the organiser lists: the filters (GET, no CSRF) and the bulk status change.
Shape only: app/services/lists.py says which values each filter offers and applies them."""
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SearchField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from app.formatting import ROLE_LABELS, STATUS_LABELS, STATUS_WORDS, stage_label
from app.forms_common import LeanSelect
from app.models.people import STATUSES
from app.services.countries import country_names
from app.services.listing import NONE

KIND_LABELS = {"creative": _l("Creative industries"), "living_lab": _l("Living lab")}


class FilterForm(FlaskForm):
    """Every filter a list may have; `filter_form` keeps the ones the list offers."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"))
    status = SelectField(_l("Status"), widget=LeanSelect())
    stage = SelectField(_l("Stage"), widget=LeanSelect())
    country = SelectField(_l("Country"), widget=LeanSelect())
    coach = SelectField(_l("Coach"), widget=LeanSelect())
    skill = SelectField(_l("Skill"), widget=LeanSelect())
    language = SelectField(_l("Language"), widget=LeanSelect())
    partner_kind = SelectField(_l("Kind"), widget=LeanSelect())
    role = SelectField(_l("Role"), widget=LeanSelect())


def _label(name: str, value: str, label: str) -> str:
    """What a filter's option says: the list's data labels, the page's words for the rest."""
    if name == "status":
        return str(STATUS_LABELS.get(value, value))
    if name == "stage":
        return _("Not started") if value == NONE else stage_label(value)
    if name == "coach" and value == NONE:
        return _("No coach")
    if name == "country":
        return country_names(str(get_locale() or "en").split("_")[0]).get(value, value)
    if name == "language":
        return f"{label} ({value})"
    if name == "partner_kind":
        return str(KIND_LABELS.get(value, value))
    if name == "role":
        return str(ROLE_LABELS.get(value, value))
    return label


def filter_form(listing) -> FilterForm:
    """The filter form of a list page, showing the filters in effect."""
    form = FilterForm(formdata=None, data=listing.filters)
    for name in [f.name for f in form if f.name != "q"]:
        if name not in listing.options:
            del form[name]
            continue
        form[name].choices = [SelectChoice("", _("All"))] + [
            SelectChoice(value, _label(name, value, label))
            for value, label in listing.options[name].items()]
    return form


def row_words() -> dict:
    """The words each row of a list repeats, translated once per page (not once per row)."""
    return {"statuses": {status: str(STATUS_WORDS.get(status, status)) for status in STATUSES},
            "actions": [("accepted", _("Accept")), ("rejected", _("Reject"))],
            "select": _("Select")}


class BulkStatusForm(FlaskForm):
    """Accept or reject the records whose checkboxes are ticked (`ids`)."""

    ids = SelectMultipleField(coerce=int, validate_choice=False)
    status = SelectField(choices=[SelectChoice(s, STATUS_LABELS.get(s, s)) for s in STATUSES],
                         validators=[DataRequired()])
    next = HiddenField()
