"""What every template can use."""
from datetime import date, datetime

from babel import dates
from flask import Flask
from flask_babel import get_locale

from app.config import Config


def format_when(value: date | datetime, pattern: str) -> str:
    """A date or time in the page's language: 'EEE dd.MM. HH:mm' -> 'Sat 23.09. 09:00' or
    'Sa. 23.09. 09:00'. Times are shown as stored (local event time), never converted."""
    locale = get_locale() or "en"
    if isinstance(value, datetime):
        return dates.format_datetime(value, pattern, locale=locale)
    return dates.format_date(value, pattern, locale=locale)


def contact_sentence(event) -> str:
    """' Write to the organisers: x@y.' when the event names a contact address, else ''."""
    from flask_babel import gettext as _

    if event is not None and event.contact_email:
        return " " + _("Write to the organisers: %(email)s.", email=event.contact_email)
    return ""


def register(app: Flask) -> None:
    @app.context_processor
    def inject_globals():
        from app.services.events import current_event

        return {"event": current_event(), "languages_ui": Config.LANGUAGES,
                "current_locale": str(get_locale())}

    from app.forms_common import kind_word, role_word, stage_label

    app.add_template_filter(stage_label, "stage_label")
    app.add_template_filter(kind_word, "kind_word")
    app.add_template_filter(role_word, "role_word")
    app.add_template_filter(format_when, "when")
    app.add_template_global(contact_sentence, "contact_sentence")
    from app.urls import public_url

    app.add_template_global(public_url, "public_url")
    from app import mail_labels

    mail_labels.register(app)
