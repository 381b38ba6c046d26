"""What every template can use."""
from flask import Flask, request, url_for
from flask_babel import get_locale

from app.config import Config
from app.formatting import (
    contact_sentence,
    format_when,
    kind_word,
    person_role_label,
    role_word,
    stage_label,
)


def labels(values, names: dict) -> str:
    """Stored codes or tags shown by their names ('ux-research' -> 'UX research'), or '–'."""
    return ", ".join(str(names.get(value, value)) for value in values or []) or "–"


def this_url(**args) -> str:
    """The current page (same endpoint and path) with these query-string arguments."""
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def local_time(moment, pattern: str = "dd.MM.yyyy HH:mm") -> str:
    """A moment stored in UTC shown in the event's time zone, in the page's language."""
    from app.services.agenda import in_event_zone
    from app.services.events import current_event

    return format_when(in_event_zone(moment, current_event()), pattern) if moment else "–"


def register(app: Flask) -> None:
    @app.context_processor
    def inject_globals():
        from app.services.events import current_event

        return {"event": current_event(), "languages_ui": Config.LANGUAGES,
                "current_locale": str(get_locale())}

    app.add_template_filter(stage_label, "stage_label")
    app.add_template_filter(kind_word, "kind_word")
    app.add_template_filter(role_word, "role_word")
    app.add_template_filter(person_role_label, "person_role")
    app.add_template_filter(format_when, "when")
    app.add_template_filter(local_time, "local_time")
    app.add_template_global(contact_sentence, "contact_sentence")
    from app.urls import public_url

    app.add_template_global(public_url, "public_url")
    from app import mail_labels

    mail_labels.register(app)
    app.add_template_filter(labels, "labels")
    app.add_template_global(this_url, "this_url")
