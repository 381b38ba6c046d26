"""Form pieces shared by the public registration and the organiser pages.

Choices come from the managed lists of the event (languages, skill tags, sessions, ...);
the services check the submitted values again, so the forms only check shape.
"""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import FieldList, FormField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.widgets import CheckboxInput, ListWidget, Select

from app.models import Event
from app.services.checks import ValidationFailed
from app.services.countries import country_names
from app.services.registration import language_labels, skill_labels
from app.templating import format_when


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
    """

    def process(self, formdata, data=unset_value, extra_filters=None):
        wanted, self.min_entries = self.min_entries, 0
        try:
            super().process(formdata, data, extra_filters)
        finally:
            self.min_entries = wanted
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


# Labels of the usual design thinking stages; an event's own stage names show as they are.
STAGE_LABELS = {"empathize": _l("Empathize"), "define": _l("Define"), "ideate": _l("Ideate"),
                "prototype": _l("Prototype"), "test": _l("Test")}


# Session kinds and account roles: as a word in a badge or sentence, and as a choice label.
SESSION_KIND_WORDS = {"sparring": _l("sparring"), "plenary": _l("plenary"), "meal": _l("meal"),
                      "coaching": _l("coaching"), "other": _l("other")}
SESSION_KIND_LABELS = {"sparring": _l("Sparring"), "plenary": _l("Plenary"), "meal": _l("Meal"),
                       "coaching": _l("Coaching"), "other": _l("Other")}
ROLE_WORDS = {"organiser": _l("organiser"), "coach": _l("coach"), "scanner": _l("scanner")}
ROLE_LABELS = {"organiser": _l("Organiser"), "coach": _l("Coach"), "scanner": _l("Scanner")}


def kind_word(kind: str | None) -> str:
    return str(SESSION_KIND_WORDS.get(kind, kind or ""))


def role_word(role: str | None) -> str:
    return str(ROLE_WORDS.get(role, role or ""))


def stage_label(stage: str | None) -> str:
    if stage in STAGE_LABELS:
        return str(STAGE_LABELS[stage])
    return (stage or "").replace("_", " ").capitalize()


def session_label(session) -> str:
    return (f"{format_when(session.starts_at, 'EEE dd.MM. HH:mm')}–{session.ends_at:%H:%M}"
            f" · {session.title}")


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
    """Show a service's errors at the fields they name; a 'members' problem goes to row 1."""
    for name, messages in failed.errors.items():
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
