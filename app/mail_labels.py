"""Words for emails and participants' changes on the organiser pages (template filters)."""
from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

OUTBOX_STATUS_LABELS = {"queued": _l("queued"), "sending": _l("sending"), "sent": _l("sent"),
                        "failed": _l("failed"), "held": _l("held (no mail server)")}
EMAIL_KIND_LABELS = {
    "registration_received": _l("Registration received"),
    "team_member_added": _l("Added to a team"), "accepted": _l("Accepted"),
    "rejected": _l("Rejected"), "withdrawn": _l("Withdrawn"),
    "link_reminder": _l("Personal link sent again"), "message": _l("Message from organisers"),
    "agenda_changed": _l("Agenda changed")}
AUDIENCE_LABELS = {"partners": _l("Sparring partners"), "coaches": _l("Coaches"),
                   "teams": _l("Team members")}
CHANGE_WORDS = {
    "availability": _l("their availability"), "languages": _l("the languages"),
    "skills": _l("their skills"), "coach_limit": _l("how many teams they coach"),
    "members": _l("the team's members"), "details": _l("the team's needs or wishes")}


def outbox_status(status: str) -> str:
    return str(OUTBOX_STATUS_LABELS.get(status, status))


def email_kind(kind: str) -> str:
    return str(EMAIL_KIND_LABELS.get(kind, kind))


def audience_label(audience: str) -> str:
    return str(AUDIENCE_LABELS.get(audience, audience))


def _affected(change) -> str:
    return ngettext("%(num)s schedule entry affected", "%(num)s schedule entries affected",
                    change.meetings_affected)


def change_summary(change) -> str:
    """'Anna Huber withdrew: 3 schedule entries affected', and the like."""
    from flask_babel import gettext as _

    details = change.details or {}
    name = change.person_name or _("someone")
    if "team_withdrew" in change.kinds:
        return _("Team %(team)s withdrew (by %(name)s): %(affected)s",
                 team=details.get("team", "?"), name=name, affected=_affected(change))
    if "withdrew" in change.kinds:
        if details.get("team"):
            return ngettext("%(name)s (%(team)s) withdrew: the team has %(num)s member now",
                            "%(name)s (%(team)s) withdrew: the team has %(num)s members now",
                            details.get("size", 0), name=name, team=details["team"])
        return _("%(name)s withdrew: %(affected)s", name=name, affected=_affected(change))
    what = ", ".join(str(CHANGE_WORDS[k]) for k in change.kinds if k in CHANGE_WORDS)
    if details.get("team"):
        return _("%(name)s changed %(what)s of team %(team)s: %(affected)s", name=name,
                 what=what, team=details["team"], affected=_affected(change))
    return _("%(name)s changed %(what)s: %(affected)s", name=name, what=what,
             affected=_affected(change))


def register(app: Flask) -> None:
    for function in (outbox_status, email_kind, audience_label, change_summary):
        app.add_template_filter(function, function.__name__)
