"""How values read in the page's language: dates and times, stages, session kinds, roles.

Forms (choice labels) and templates (filters) both use these; this module imports neither,
so app.forms_common and app.templating do not import each other.
"""
from datetime import date, datetime

from babel import dates
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


def format_when(value: date | datetime, pattern: str) -> str:
    """A date or time in the page's language: 'EEE dd.MM. HH:mm' -> 'Sat 23.09. 09:00' or
    'Sa. 23.09. 09:00'. Times are shown as stored (local event time), never converted."""
    locale = get_locale() or "en"
    if isinstance(value, datetime):
        return dates.format_datetime(value, pattern, locale=locale)
    return dates.format_date(value, pattern, locale=locale)


def format_date_skeleton(value: date, skeleton: str) -> str:
    """A date in the page's language by a CLDR skeleton: 'MMMMd' -> 'September 22' or
    '22. September' (the order and punctuation are the language's)."""
    return dates.format_skeleton(skeleton, value, locale=get_locale() or "en")


# Labels of the usual design thinking stages; an event's own stage names show as they are.
STAGE_LABELS = {"empathize": _l("Empathize"), "define": _l("Define"), "ideate": _l("Ideate"),
                "prototype": _l("Prototype"), "test": _l("Test")}


# A registration's status: as a choice label, and inside a sentence ("... is now accepted").
STATUS_LABELS = {"pending": _l("Pending"), "accepted": _l("Accepted"), "rejected": _l("Rejected"),
                 "withdrawn": _l("Withdrawn")}
STATUS_WORDS = {"pending": _l("pending"), "accepted": _l("accepted"), "rejected": _l("rejected"),
                "withdrawn": _l("withdrawn")}


# Session kinds and account roles: as a word in a badge or sentence, and as a choice label.
SESSION_KIND_WORDS = {"sparring": _l("sparring"), "plenary": _l("plenary"), "meal": _l("meal"),
                      "coaching": _l("coaching"), "other": _l("other")}
SESSION_KIND_LABELS = {"sparring": _l("Sparring"), "plenary": _l("Plenary"), "meal": _l("Meal"),
                       "coaching": _l("Coaching"), "other": _l("Other")}
ROLE_WORDS = {"organiser": _l("organiser"), "coach": _l("coach"), "scanner": _l("scanner")}
ROLE_LABELS = {"organiser": _l("Organiser"), "coach": _l("Coach"), "scanner": _l("Scanner")}
# A participant's role as their pages, badges and printed agendas name it.
PERSON_ROLE_LABELS = {"member": _l("Team member"), "partner": _l("Sparring partner"),
                      "coach": _l("Coach")}


def person_role_label(role: str | None) -> str:
    return str(PERSON_ROLE_LABELS.get(role, role or ""))


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


def contact_sentence(event) -> str:
    """' Write to the organisers: x@y.' when the event names a contact address, else ''."""
    if event is not None and event.contact_email:
        return " " + _("Write to the organisers: %(email)s.", email=event.contact_email)
    return ""
