"""The emails the app sends, one function each; every one is queued in the recipient's language.

An email is a list of blocks (paragraphs, links, lists) that two templates render as plain text
and as HTML (app/templates/email/), with the event's name, dates and place around it. Links use
PUBLIC_URL (app.urls.public_url). Nothing here commits: the caller's transaction writes the email
together with the change that causes it.
"""
from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from app.config import Config
from app.extensions import db
from app.formatting import format_date_skeleton
from app.models import Enterprise, Event, OutboxEmail, Person
from app.services.mail.outbox import queue_email
from app.urls import public_url


@dataclass
class Email:
    subject: str
    greeting: str
    blocks: list[tuple] = field(default_factory=list)

    def paragraph(self, text: str) -> "Email":
        self.blocks.append(("p", text))
        return self

    def link(self, label: str, url: str) -> "Email":
        self.blocks.append(("link", label, url))
        return self

    def items(self, items: list[str]) -> "Email":
        self.blocks.append(("list", list(items)))
        return self

    def preformatted(self, text: str) -> "Email":
        self.blocks.append(("pre", text))
        return self


def locale_of(person: Person) -> str:
    return person.locale if person.locale in Config.LANGUAGES else Config.BABEL_DEFAULT_LOCALE


def event_dates(event: Event) -> str:
    """'September 22 – September 24, 2023' or '22. September – 24. September 2023'."""
    if event.starts_on == event.ends_on:
        return format_date_skeleton(event.starts_on, "yMMMMd")
    return (f"{format_date_skeleton(event.starts_on, 'MMMMd')} – "
            f"{format_date_skeleton(event.ends_on, 'yMMMMd')}")


def _queue(person: Person, kind: str, build) -> OutboxEmail:
    """Build the email in the person's language (`build(event, person) -> Email`) and queue it."""
    event = db.session.get(Event, person.event_id)
    locale = locale_of(person)
    with force_locale(locale):
        email = build(event, person)
        context = {"email": email, "event": event, "dates": event_dates(event),
                   "personal_url": public_url("participant.personal", token=person.token),
                   "locale": locale}
        text = render_template("email/message.txt", **context)
        html = render_template("email/message.html", **context)
        subject = f"{event.name}: {email.subject}"
    return queue_email(to_address=person.email, to_name=person.name, subject=subject, kind=kind,
                       body_text=text, body_html=html, locale=locale, person=person,
                       event_id=event.id)


def _personal_link(email: Email, person: Person) -> Email:
    return email.link(_("Your personal page (keep this link to yourself: it opens your data, "
                        "your agenda and your calendar without a password)"),
                      public_url("participant.personal", token=person.token))


def _hello(person: Person) -> str:
    return _("Hello %(name)s,", name=person.name)


# Registration

def registration_received(person: Person) -> OutboxEmail:
    """To whoever registered (a partner, a coach, or a team's contact person)."""
    def build(event, person):
        email = Email(_("we received your registration"), _hello(person))
        team = person.enterprise
        if team is not None:
            others = [m.name for m in team.members if m.id != person.id]
            email.paragraph(_("thank you for registering the team %(team)s for %(event)s.",
                              team=team.name, event=event.name))
            if others:
                email.paragraph(ngettext(
                    "%(num)s more member is registered with you; they get an email with "
                    "their own personal link:",
                    "%(num)s more members are registered with you; each gets an email with "
                    "their own personal link:", len(others))).items(others)
        else:
            email.paragraph(_("thank you for registering for %(event)s.", event=event.name))
        email.paragraph(_("Your registration is pending: the organisers review it and tell you "
                          "by email when they have decided."))
        return _personal_link(email, person)
    return _queue(person, "registration_received", build)


def team_member_added(member: Person, added_by: Person | None) -> OutboxEmail:
    """To a team member someone else registered (or added to the team later)."""
    def build(event, member):
        team = member.enterprise
        email = Email(_("you are on the team %(team)s", team=team.name), _hello(member))
        if added_by is not None:
            email.paragraph(_("%(who)s registered you as a member of the team %(team)s for "
                              "%(event)s.", who=added_by.name, team=team.name, event=event.name))
        else:
            email.paragraph(_("the organisers added you to the team %(team)s for %(event)s.",
                              team=team.name, event=event.name))
        status = {"accepted": _("The team's registration is accepted.")}.get(
            team.status, _("The team's registration is pending: you will hear when the "
                           "organisers have decided."))
        email.paragraph(status)
        email.paragraph(_("On your personal page you can choose the languages you speak, and "
                          "withdraw if you cannot come."))
        return _personal_link(email, member)
    return _queue(member, "team_member_added", build)


def status_changed(person: Person, status: str) -> OutboxEmail | None:
    """Accepted, rejected or withdrawn: tell the person (every member of a team is told)."""
    builders = {"accepted": _accepted, "rejected": _rejected, "withdrawn": _withdrawn}
    if status not in builders:
        return None
    return _queue(person, status, builders[status])


def _accepted(event, person):
    team = person.enterprise
    email = Email(_("your registration is accepted"), _hello(person))
    if team is not None:
        email.paragraph(_("good news: the team %(team)s is accepted for %(event)s.",
                          team=team.name, event=event.name))
    else:
        email.paragraph(_("good news: your registration for %(event)s is accepted.",
                          event=event.name))
    email.paragraph(_("Your personal page shows your agenda as soon as the schedule is "
                      "published; you can also add it to your calendar from there."))
    return _personal_link(email, person)


def _rejected(event, person):
    email = Email(_("about your registration"), _hello(person))
    email.paragraph(_("thank you for your interest in %(event)s. We are sorry: this time your "
                      "registration could not be accepted.", event=event.name))
    if event.contact_email:
        email.paragraph(_("If you have questions, write to %(contact)s.",
                          contact=event.contact_email))
    return email


def _withdrawn(event, person):
    email = Email(_("you withdrew your registration"), _hello(person))
    team = person.enterprise
    if team is not None and team.status == "withdrawn":
        email.paragraph(_("the team %(team)s is withdrawn from %(event)s.", team=team.name,
                          event=event.name))
    else:
        email.paragraph(_("you withdrew from %(event)s. The organisers are told.",
                          event=event.name))
    if event.contact_email:
        email.paragraph(_("If this was a mistake, write to %(contact)s.",
                          contact=event.contact_email))
    return email


def link_reminder(person: Person) -> OutboxEmail:
    """'Send me my link again', asked for on the landing page."""
    def build(event, person):
        email = Email(_("your personal link"), _hello(person))
        email.paragraph(_("you (or someone who typed your address) asked for your personal "
                          "link for %(event)s. Here it is:", event=event.name))
        _personal_link(email, person)
        email.paragraph(_("If you did not ask for it, you can ignore this email: the link "
                          "was sent only to you."))
        return email
    return _queue(person, "link_reminder", build)


# Organisers write to a group

def organiser_message(person: Person, subject: str, body: str) -> OutboxEmail:
    def build(event, person):
        email = Email(subject, _hello(person))
        email.preformatted(body)
        return _personal_link(email, person)
    return _queue(person, "message", build)


# The schedule

def _agenda_changed_email(event: Event, person: Person, version: int | None) -> Email:
    email = Email(_("your agenda changed"), _hello(person))
    if version is not None:
        email.paragraph(_("the organisers published a new schedule (version %(version)s) "
                          "for %(event)s, and your agenda changed.", version=version,
                          event=event.name))
    else:
        email.paragraph(_("your agenda for %(event)s changed.", event=event.name))
    _personal_link(email, person)
    email.link(_("Your calendar file (calendar apps that subscribed to it update by "
                 "themselves)"), public_url("participant.calendar", token=person.token))
    return email


def agenda_changed(person: Person, version: int | None = None) -> OutboxEmail:
    """'Your agenda changed': the schedule's publish calls `notify_agenda_changed`."""
    return _queue(person, "agenda_changed",
                  lambda event, person: _agenda_changed_email(event, person, version))


# Stand-ins for what differs between the people of one language, filled in per person. The
# token mark is URL-safe like real tokens (so URLs carry it unchanged); the name mark uses a
# private-use character, which neither autoescaping nor text formatting changes.
_TOKEN_MARK = "Qz9tokenmarkZq4"
_NAME_MARK = "\ue000name\ue000"


def notify_agenda_changed(event: Event, person_ids, version: int | None = None) -> int:
    """Queue 'your agenda changed' for these people (accepted ones only); the caller commits.

    A publish writes hundreds of them in its transaction: the email is rendered once per
    language with stand-ins for the name and the personal token, then filled in per person
    (the same text and HTML `agenda_changed` renders for each). Returns how many were queued."""
    from markupsafe import escape

    ids = sorted({int(i) for i in person_ids})
    if not ids:
        return 0
    people = db.session.execute(db.select(Person).where(
        Person.event_id == event.id, Person.id.in_(ids), Person.status == "accepted")
        .order_by(Person.id)).scalars().all()
    rendered = {}
    for person in people:
        locale = locale_of(person)
        if locale not in rendered:
            rendered[locale] = _render_once(event, locale, version)
        subject, text, html = rendered[locale]
        token, name = person.token, person.name or ""
        queue_email(to_address=person.email, to_name=person.name, subject=subject,
                    kind="agenda_changed",
                    body_text=text.replace(_TOKEN_MARK, token).replace(_NAME_MARK, name),
                    body_html=html.replace(_TOKEN_MARK, token).replace(_NAME_MARK,
                                                                       str(escape(name))),
                    locale=locale, person=person, event_id=event.id)
    return len(people)


def _render_once(event: Event, locale: str, version: int | None) -> tuple[str, str, str]:
    stand_in = SimpleNamespace(name=_NAME_MARK, token=_TOKEN_MARK)  # no row: never in the session
    with force_locale(locale):
        email = _agenda_changed_email(event, stand_in, version)
        context = {"email": email, "event": event, "dates": event_dates(event),
                   "personal_url": public_url("participant.personal", token=_TOKEN_MARK),
                   "locale": locale}
        text = render_template("email/message.txt", **context)
        html = render_template("email/message.html", **context)
    return f"{event.name}: {email.subject}", text, html


def team_status_changed(team: Enterprise, status: str, members: list[Person]) -> None:
    for member in members:
        status_changed(member, status)
