"""Form pieces shared by the public registration and the organiser pages.

Choices come from the managed lists of the event (languages, skill tags, sessions, ...);
the services check the submitted values again, so the forms only check shape.
"""
import re

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import FieldList, FormField, IntegerField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.widgets import CheckboxInput, ListWidget, Select, TextInput

from app.config import Config
from app.models import Event
from app.services.checks import ValidationFailed
from app.services.countries import country_names
from app.services.registration import language_labels, skill_labels

WHOLE_NUMBER = re.compile(r"-?[0-9]+")


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (easier on a phone than a multi-select list).

    Values are not checked against the choices here: the services name unknown ones.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        kwargs.setdefault("choices", [])
        super().__init__(*args, **kwargs)


class WholeNumberField(IntegerField):
    """A whole number in a text input (inputmode numeric: the phone shows digits).

    A type="number" input shows nothing for 'abc' and browsers even send it empty, so what
    the person typed vanished; here it stays in the field with a message that names it."""

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs["render_kw"] = {"inputmode": "numeric", **(kwargs.get("render_kw") or {})}
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        typed = valuelist[0].strip()
        if WHOLE_NUMBER.fullmatch(typed):
            self.data = int(typed)
            return
        self.data = None
        if typed:  # empty: InputRequired or Optional decides
            raise ValueError(_("'%(value)s' is not a whole number", value=valuelist[0]))


def email_language_field():
    """The language of a person's emails (English or German); new records start with the
    language of the page they are typed on."""
    return SelectField(_l("Language of the emails"),
                       choices=[SelectChoice(code, label)
                                for code, label in Config.LANGUAGES.items()],
                       default=lambda: str(get_locale() or "en"))


class RequiredByService:
    """Marks a field the service requires (at least one language, the contact person) with
    the '*' of required fields, without a shape check of its own and without the HTML
    'required' attribute, which on a group of checkboxes would demand every box."""

    field_flags = {"required_by_service": True}

    def __call__(self, form, field) -> None:
        return None


def mark_required(*fields) -> None:
    """RequiredByService for fields made at run time (the first of several member rows)."""
    for field in fields:
        field.flags.required_by_service = True


class LeanSelect(Select):
    """WTForms' select with a plain option loop, for long lists (a thousand partners)."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option value="{escape(choice.value)}"{selected}>{label}</option>')


class RowList(FieldList):
    """A FieldList for a fixed number of rows (e.g. team members) that tolerates gaps.

    WTForms renumbers the submitted rows and then pads with new rows that would read the
    submitted data again under their new numbers; padding rows here start empty instead.
    Rows beyond max_entries are kept, not cut off: the service says there are too many, and
    the page shows them all, so nothing typed is lost.
    """

    def process(self, formdata, data=unset_value, extra_filters=None):
        wanted, self.min_entries = self.min_entries, 0
        most, self.max_entries = self.max_entries, None
        try:
            super().process(formdata, data, extra_filters)
        finally:
            self.min_entries, self.max_entries = wanted, most
        while len(self.entries) < self.min_entries:
            self._add_entry(None)


def language_choices(event: Event) -> list[SelectChoice]:
    return [SelectChoice(code, f"{name} ({code})") for code, name in language_labels(event).items()]


def skill_choices(event: Event) -> list[SelectChoice]:
    return [SelectChoice(name, label) for name, label in skill_labels(event).items()]


def country_choices() -> list[SelectChoice]:
    names = country_names(str(get_locale() or "en").split("_")[0])
    return [SelectChoice("", _l("Choose a country"))] + [
        SelectChoice(code, f"{name} ({code})") for code, name in names.items()]


def _walk(form, prefix: str = ""):
    """(field, label prefix) for every leaf field, descending into member rows."""
    for field in form:
        if isinstance(field, FieldList):
            for index, entry in enumerate(field.entries):
                label = f"{prefix}{field.label.text} {index + 1} · "
                if isinstance(entry, FormField):
                    yield from _walk(entry.form, label)
                else:
                    yield entry, label
        elif isinstance(field, FormField):
            yield from _walk(field.form, prefix)
        elif field.type not in ("CSRFTokenField", "SubmitField", "HiddenField"):
            yield field, prefix


def find_field(form, name: str):
    """A field by its full name, e.g. 'email' or 'members-2-email' (None if absent)."""
    for field, _prefix in _walk(form):
        if field.name == name:
            return field
    return None


def add_errors(form: FlaskForm, failed: ValidationFailed) -> None:
    """Show a service's errors at the fields they name; a 'members' problem goes to row 1.

    A field that shows an error of the form's own keeps only that one: both would say the
    same ("This field is required" and "name is required")."""
    refused_by_form = {field.name for field, _prefix in _walk(form) if field.errors}
    for name, messages in failed.errors.items():
        if name in refused_by_form:
            continue
        target = find_field(form, name)
        if target is None and name == "members":
            target = find_field(form, "members-0-name")
        if target is None:
            target = next(field for field, _p in _walk(form))
        target.errors = list(target.errors or []) + list(messages)


def flat_errors(form: FlaskForm) -> list[dict]:
    """Every error as {"id", "label", "message"} for the summary at the top of a form."""
    return [{"id": field.id, "label": prefix + str(field.label.text), "message": message}
            for field, prefix in _walk(form) for message in (field.errors or [])
            if isinstance(message, str)]
