"""Enterprises (teams) and their members: create, update, accept/reject, delete, search.

Every function takes the event explicitly and plain data, so forms, CSV import and the API
share the same rules. Problems raise ValidationFailed(field -> messages); member fields are
named `members-<i>-name` / `members-<i>-email` with i the position in the given list.
With commit=False nothing is committed (the caller commits once, e.g. a whole CSV file).

Enterprise data (a dict; absent optional keys take the defaults shown):
    name          str, required, unique in the event (the project / team name)
    organisation  str, required
    country       str, required, ISO 3166-1 alpha-2 (e.g. "IT")
    challenge     str = ""             description  str = ""
    languages     list[str] | "en, it": at least one, each in the event's Language list
    needs         {stage: list[str] | "a, b"} = {}: stages of the event, skills of its SkillTags
    wished_partners  list of partner ids, keys ("p3") or emails = []
    members       list of {"name", "email"[, "id"]}: 1..6; the first is the contact person;
                  rows with neither name nor email are ignored; on update an "id" keeps that
                  member, members left out are removed
    status        "pending" | "accepted" | "rejected" = "pending" (members follow)
    stage         one of event.stages or None = None
    coach         coach id, key ("c4") or email, or None = None (update: absent keeps it)
"""
from flask_babel import gettext as _
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Conflict, Enterprise, Event, Person
from app.models.keys import text_key
from app.models.people import new_personal_token, partner_wishes
from app.services.checks import (
    save_record,
    unknown_skills,
    unknown_stages,
)
from app.services.countries import is_country
from app.services.listing import contains_text
from app.services.mail import messages as emails
from app.services.record_checks import (
    DeleteRefused,
    Problems,
    check_email,
    check_languages,
    check_locale,
    check_status,
    lookup_reference,
    optional_text,
    required_text,
    resolve_partners,
    text,
    text_list,
)
from app.services.team_coaches import check_coach_limit, resolve_coach

MAX_MEMBERS = 6


def create_enterprise(event: Event, data: dict, *, commit: bool = True,
                      wishes_accepted_only: bool = False) -> Enterprise:
    """Create an enterprise with its members (see the module docstring for `data`)."""
    enterprise = Enterprise(event_id=event.id)
    _apply(event, enterprise, data, is_new=True, wishes_accepted_only=wishes_accepted_only)
    return _finish(enterprise, commit, status_before=None)


def update_enterprise(enterprise: Enterprise, data: dict, *, commit: bool = True,
                      added_by: Person | None = None,
                      wishes_accepted_only: bool = False) -> Enterprise:
    """Replace the enterprise's data and members with `data` (same keys as create).

    Members added to a team that is accepted (or added by the team's contact person,
    `added_by`) get an email with their personal link."""
    event = db.session.get(Event, enterprise.event_id)
    status_before = enterprise.status
    _apply(event, enterprise, data, is_new=False, wishes_accepted_only=wishes_accepted_only)
    return _finish(enterprise, commit, status_before=status_before, added_by=added_by)


def enterprise_data(enterprise: Enterprise) -> dict:
    """The enterprise's current values as `data` for update_enterprise (members with ids)."""
    return {
        "name": enterprise.name, "organisation": enterprise.organisation,
        "country": enterprise.country, "challenge": enterprise.challenge,
        "description": enterprise.description, "languages": list(enterprise.languages or []),
        "needs": {k: list(v) for k, v in (enterprise.needs or {}).items()},
        "wished_partners": [p.id for p in enterprise.wished_partners],
        "status": enterprise.status, "stage": enterprise.stage,
        "coach": enterprise.coach.id if enterprise.coach else None,
        "members": [{"id": m.id, "name": m.name, "email": m.email}
                    for m in enterprise.members],
    }


def set_enterprise_status(enterprise: Enterprise, status: str, *, commit: bool = True) -> None:
    """Accept or reject (or reset to pending) a team; its members follow (but those who
    withdrew). Accepting or rejecting emails every member."""
    problems = Problems()
    status = check_status({"status": status}, problems)
    problems.raise_if_any()
    status_before = enterprise.status
    enterprise.status = status
    _members_follow(enterprise)
    _notify_status(enterprise, status_before)
    if commit:
        db.session.commit()


def _members_follow(enterprise: Enterprise) -> None:
    """Members take the team's status; one who withdrew stays withdrawn."""
    for member in enterprise.members:
        if member.status != "withdrawn" or enterprise.status == "withdrawn":
            member.status = enterprise.status


def _notify_status(enterprise: Enterprise, status_before: str | None) -> None:
    """Accepted or rejected: every member who takes part is told (rejection only of a team
    that had registered, not of one an organiser creates as rejected)."""
    status = enterprise.status
    if status == status_before or status not in ("accepted", "rejected"):
        return
    if status == "rejected" and status_before is None:
        return
    for member in enterprise.active_members:
        emails.status_changed(member, status)


def delete_consequences(enterprise: Enterprise) -> dict[str, list[str]]:
    """What a delete would remove ('effects') and what prevents it ('blockers', none today)."""
    effects = []
    if enterprise.members:
        effects.append(_("Its members are deleted too: %(members)s.", members=", ".join(
            f"{m.name} ({m.email})" for m in enterprise.members)))
    if enterprise.coach is not None:
        effects.append(_("%(coach)s no longer coaches this team.", coach=enterprise.coach.name))
    wishing = _partners_wishing(enterprise)
    if wishing:
        effects.append(_("Removed from the wishes of %(names)s.",
                         names=", ".join(p.name for p in wishing)))
    conflicts = db.session.execute(db.select(Conflict).filter_by(
        enterprise_id=enterprise.id).options(selectinload(Conflict.partner))).scalars().all()
    if conflicts:
        effects.append(_("Its conflicts of interest are removed (with %(names)s).",
                         names=", ".join(c.partner.name for c in conflicts)))
    return {"blockers": [], "effects": effects}


def delete_enterprise(enterprise: Enterprise, *, commit: bool = True) -> None:
    """Delete the enterprise and its members; raises DeleteRefused if something needs it."""
    blockers = delete_consequences(enterprise)["blockers"]
    if blockers:
        raise DeleteRefused(blockers)
    for member in list(enterprise.members):
        db.session.delete(member)
    db.session.flush()  # members first, so the ORM does not try to orphan them
    db.session.delete(enterprise)
    if commit:
        db.session.commit()


def search_clause(query: str):
    """Name, organisation or a member's name/email contains `query` (any case; % and _ are
    matched as they are, not as wildcards)."""
    member_match = db.select(Person.id).filter(
        Person.enterprise_id == Enterprise.id,
        db.or_(contains_text(Person.name, query),
               contains_text(Person.email_key, text_key(query)))).exists()
    return db.or_(contains_text(Enterprise.name_key, text_key(query)),
                  contains_text(Enterprise.organisation, query), member_match)


def search_enterprises(event: Event, query: str = "", status: str = "") -> list[Enterprise]:
    """Teams whose name, organisation or a member's name/email contains `query`."""
    statement = db.select(Enterprise).filter(Enterprise.event_id == event.id).options(
        selectinload(Enterprise.members), selectinload(Enterprise.coach),
        selectinload(Enterprise.wished_partners)).order_by(Enterprise.name)
    if status:
        statement = statement.filter(Enterprise.status == status)
    query = (query or "").strip()
    if query:
        statement = statement.filter(search_clause(query))
    return list(db.session.execute(statement).scalars())


def get_enterprise(event: Event, enterprise_id: int) -> Enterprise | None:
    """One enterprise of the event with what its pages show, or None."""
    return db.session.execute(db.select(Enterprise).filter_by(
        event_id=event.id, id=enterprise_id).options(
        selectinload(Enterprise.members), selectinload(Enterprise.coach),
        selectinload(Enterprise.wished_partners))).scalar_one_or_none()


def conflicts_of(enterprise: Enterprise) -> list[Conflict]:
    return list(db.session.execute(db.select(Conflict).filter_by(
        enterprise_id=enterprise.id).options(selectinload(Conflict.partner))).scalars())


def _finish(enterprise: Enterprise, commit: bool, status_before: str | None,
            added_by: Person | None = None):
    # New members, and members whose address (and so their link) changed.
    new_members = [m for m in enterprise.members
                   if m.id is None or sa_inspect(m).attrs.token.history.has_changes()]
    # Two registrations at the same moment: the unique constraints catch the second one.
    save_record(enterprise, False, "name", _(
        "the name or a member's email was registered by someone else a moment ago; "
        "check and send again"))
    # After the flush every new member has a token for the emails; all is one transaction.
    _notify_status(enterprise, status_before)
    if status_before is not None and enterprise.status == status_before and \
            (enterprise.status == "accepted" or added_by is not None):
        for member in new_members:
            emails.team_member_added(member, added_by)
    if commit:
        db.session.commit()
    return enterprise


def _partners_wishing(enterprise: Enterprise) -> list[Person]:
    return list(db.session.execute(db.select(Person).join(
        partner_wishes, partner_wishes.c.partner_id == Person.id).filter(
        partner_wishes.c.enterprise_id == enterprise.id).order_by(Person.name)).scalars())


def _apply(event: Event, enterprise: Enterprise, data: dict, *, is_new: bool,
           wishes_accepted_only: bool) -> None:
    """Check everything first, then change the records: nothing is half-applied."""
    problems = Problems()
    name = required_text(data, "name", problems, 200, _("the name of the project or team"))
    # Only a name without problems is looked up (PostgreSQL cannot even compare a NUL).
    if name and "name" not in problems.errors and _name_taken(event, name, enterprise.id):
        problems.add("name", _("an enterprise named '%(name)s' is already registered",
                               name=name))
    organisation = required_text(data, "organisation", problems, 200, _("organisation"))
    country = text(data, "country", problems).upper()
    if not country:
        problems.add("country", _("country is required"))
    elif not is_country(country):
        problems.add("country", _("unknown country code '%(country)s'", country=country))
    challenge = optional_text(data, "challenge", problems, 300)
    description = optional_text(data, "description", problems, 5000, multiline=True)
    languages = check_languages(event, data.get("languages"), problems)
    needs = _check_needs(event, data.get("needs") or {}, problems)
    wishes = resolve_partners(event, data.get("wished_partners"), problems, "wished_partners",
                              accepted_only=wishes_accepted_only)
    status = check_status(data, problems, default="pending" if is_new else enterprise.status)
    stage = text(data, "stage", problems) or None
    if stage:
        problems.extend("stage", unknown_stages(event, [stage]))
    coach_given = "coach" in data
    coach = resolve_coach(event, data.get("coach"), problems) if coach_given else None
    check_coach_limit(event, enterprise, coach, problems)
    members = _check_members(event, enterprise, data.get("members") or [], problems)
    locale = check_locale(data, problems)
    problems.raise_if_any()

    enterprise.name, enterprise.organisation, enterprise.country = name, organisation, country
    enterprise.challenge, enterprise.description = challenge, description
    enterprise.languages, enterprise.needs = languages, needs
    enterprise.status, enterprise.stage = status, stage
    enterprise.wished_partners = wishes
    if is_new or coach_given:
        enterprise.coach = coach
    _apply_members(event, enterprise, members, locale)


def _name_taken(event: Event, name: str, own_id: int | None) -> bool:
    query = db.select(Enterprise.id).filter(Enterprise.event_id == event.id,
                                            Enterprise.name_key == text_key(name))
    if own_id is not None:
        query = query.filter(Enterprise.id != own_id)
    return db.session.execute(query.limit(1)).first() is not None


def _check_needs(event: Event, needs, problems: Problems) -> dict[str, list[str]]:
    if not isinstance(needs, dict):
        problems.add("needs", _("needs must map a stage to skills"))
        return {}
    result = {}
    for stage, tags in needs.items():
        tags = text_list(tags, problems, f"needs_{stage}")
        if not tags:
            continue
        if stage not in event.stages:
            problems.extend("needs", unknown_stages(event, [stage]))
            continue
        problems.extend(f"needs_{stage}", unknown_skills(event, tags))
        result[stage] = tags
    return result


def _check_members(event: Event, enterprise: Enterprise, rows: list,
                   problems: Problems) -> list[dict]:
    """The filled member rows as {"id", "name", "email"}; problems name the row's field."""
    current = {m.id: m for m in enterprise.members} if enterprise.id else {}
    exclude = set(current)
    seen: dict[str, int] = {}  # email keys given in this team -> row
    members = []
    for index, row in enumerate(rows):
        prefix = f"members-{index}-"
        name = text(row, "name", problems, field=prefix + "name")
        email = text(row, "email", problems, field=prefix + "email")
        if not name and not email:
            continue  # a blank row of the form
        member_id = lookup_reference(row.get("id") or "", "m")
        member_id = member_id if isinstance(member_id, int) else None
        if member_id is not None and member_id not in current:
            problems.add(prefix + "name", _("member %(id)s is not part of this team",
                                            id=member_id))
        if not name:
            problems.add(prefix + "name", _("the member's name is required"))
        elif len(name) > 200:
            problems.add(prefix + "name", _("at most %(max)s characters", max=200))
        before = len(problems.errors.get(prefix + "email", []))
        email = check_email(event, prefix + "email", email, problems, exclude_ids=exclude)
        if len(problems.errors.get(prefix + "email", [])) == before:
            if text_key(email) in seen:
                problems.add(prefix + "email",
                             _("%(email)s is already given for member %(number)s of this team",
                               email=email, number=seen[text_key(email)] + 1))
            seen.setdefault(text_key(email), index)
        members.append({"id": member_id, "name": name, "email": email})
    if not members:
        problems.add("members", _("at least one team member (the contact person) is required"))
    elif len(members) > MAX_MEMBERS:
        problems.add("members", _("at most %(max)s team members", max=MAX_MEMBERS))
    return members


def _apply_members(event: Event, enterprise: Enterprise, members: list[dict],
                   locale: str | None) -> None:
    current = {m.id: m for m in enterprise.members} if enterprise.id else {}
    kept_ids = {row["id"] for row in members if row["id"]}
    removed = [m for m in current.values() if m.id not in kept_ids]
    moving = [current[row["id"]] for row in members
              if row["id"] and current[row["id"]].email_key != text_key(row["email"])]
    if removed or moving:
        # Free the addresses first: an address may move to another row of the same team.
        for old in removed:
            enterprise.members.remove(old)
            db.session.delete(old)
        for person in moving:
            person.email = f"moving-{person.id}@invalid"
        db.session.flush()
    kept = []
    contact = enterprise.contact_person
    for row in members:
        person = current.get(row["id"]) if row["id"] else None
        if person is None:
            # A new member starts with the team's languages and its contact person's language;
            # afterwards the member's languages are their own (they change them themselves).
            person = Person(event_id=event.id, role="member",
                            languages=list(enterprise.languages),
                            locale=locale or (contact.locale if contact else "en"))
        elif person in moving:
            # Another address is another person: the old link must not open the new one's page.
            person.token = new_personal_token()
        person.name, person.email = row["name"], row["email"]
        person.organisation = enterprise.organisation
        kept.append(person)
    enterprise.members = kept
    _members_follow(enterprise)
