"""What participants change themselves on their personal page; the secret link is their key.

A partner changes their availability, sessions at most, skills and languages; a coach their
skills, languages and teams at most; every team member their own languages; a team's contact
person also the team's members, languages, needs and wishes. Anyone can withdraw. Everything
goes through the same services (and rules) as the organiser pages; a change made after a
schedule was published is recorded for the organisers (app/services/participant_changes.py).
"""
from flask_babel import gettext as _

from app.extensions import db
from app.formatting import STATUS_WORDS
from app.models import Enterprise, Event, Person
from app.models.people import ACTIVE
from app.services import participant_changes as changes
from app.services.checks import NotAllowed, ValidationFailed
from app.services.enterprises import enterprise_data, update_enterprise
from app.services.mail import messages as emails
from app.services.people import person_data, update_person
from app.services.record_checks import Problems, check_languages, check_locale

EDITABLE = {"partner": ("available_sessions", "max_sessions", "skills", "languages", "locale"),
            "coach": ("skills", "languages", "max_teams", "locale"),
            "member": ("languages", "locale")}
TEAM_EDITABLE = ("members", "languages", "needs", "wished_partners")


def may_change(person: Person) -> bool:
    """Pending and accepted people change their data; rejected and withdrawn ones do not."""
    return person.status in ACTIVE


def is_contact_person(person: Person) -> bool:
    team = person.enterprise
    return person.role == "member" and team is not None and team.status in ACTIVE and \
        team.contact_person is not None and team.contact_person.id == person.id


def update_own_data(person: Person, data: dict, commit: bool = True) -> Person:
    """Save what a participant may change of their own record; raises ValidationFailed."""
    if not may_change(person):
        raise NotAllowed(_("Your registration is %(status)s: nothing can be changed.",
                           status=STATUS_WORDS.get(person.status, person.status)))
    before = changes.before_person(person)
    wanted = {key: data.get(key) for key in EDITABLE[person.role] if key in data}
    if person.role == "member":
        problems = Problems()
        languages = check_languages(person_event(person), wanted.get("languages"), problems)
        locale = check_locale(wanted, problems)
        problems.raise_if_any()
        person.languages = languages
        person.locale = locale or person.locale
    else:
        update_person(person, person_data(person) | wanted, commit=False)
    changes.record_person_change(person, before)
    if commit:
        db.session.commit()
    return person


def update_team(contact: Person, data: dict, commit: bool = True) -> Enterprise:
    """The contact person changes the team's members, languages, needs and wishes."""
    if not is_contact_person(contact):
        raise NotAllowed(_("Only the team's contact person changes the team."))
    team = contact.enterprise
    before = changes.before_team(team)
    wanted = {key: data[key] for key in TEAM_EDITABLE if key in data}
    if "members" in wanted:
        wanted["members"] = _members_keeping_the_withdrawn(team, contact, wanted["members"])
    update_enterprise(team, enterprise_data(team) | wanted, commit=False, added_by=contact,
                      wishes_accepted_only=True)
    changes.record_team_change(team, before, contact)
    if commit:
        db.session.commit()
    return team


def _members_keeping_the_withdrawn(team: Enterprise, contact: Person, rows: list) -> list:
    """The rows as posted, with the contact person first; withdrawn members stay on the record."""
    own = [row for row in rows if str(row.get("id") or "") == str(contact.id)]
    if not own:
        raise ValidationFailed({"members-0-name": [_(
            "you cannot remove yourself from the team; withdraw on your personal page instead")]})
    withdrawn = [{"id": m.id, "name": m.name, "email": m.email}
                 for m in team.members if m.status == "withdrawn"]
    return rows + withdrawn


def withdraw(person: Person, whole_team: bool = False) -> None:
    """Cancel one's registration (a contact person may withdraw the whole team)."""
    if not may_change(person):
        raise NotAllowed(_("Your registration is %(status)s already.",
                           status=STATUS_WORDS.get(person.status, person.status)))
    team = person.enterprise
    if whole_team:
        if not is_contact_person(person):
            raise NotAllowed(_("Only the team's contact person withdraws the whole team."))
        before = changes.before_team(team)
        told = list(team.active_members)
        team.status = "withdrawn"
        for member in team.members:
            member.status = "withdrawn"
        for member in told:
            emails.status_changed(member, "withdrawn")
        changes.record_team_change(team, before, person)
        db.session.commit()
        return
    before = changes.before_person(person)
    person.status = "withdrawn"
    if person.role == "coach":
        person.coached_teams = []  # the teams need another coach: the organisers see it
    emails.status_changed(person, "withdrawn")
    if team is not None and not team.active_members:
        team_before = changes.before_team(team)
        team.status = "withdrawn"  # nobody is left to take part
        changes.record_team_change(team, team_before, person)
    else:
        changes.record_person_change(person, before)
    db.session.commit()


def person_event(person: Person) -> Event:
    return db.session.get(Event, person.event_id)
