"""The event's own settings: dates, time zone, design-thinking stages, solver rules."""
import copy
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask_babel import gettext as _

from app.extensions import db
from app.models import Enterprise, Event, EventSession
from app.models.event import DEFAULT_STAGES, default_rules
from app.services.checks import save_record, split_list
from app.services.events import current_event
from app.services.record_checks import EMAIL_PATTERN, Problems, optional_text, text
from app.services.timetable import sessions_outside

STAGE_PATTERN = re.compile(r"^[\w][\w-]*$")
MAX_STAGE_LENGTH = 50
TIMEZONES = sorted(available_timezones())  # suggestions for the time zone field


def normalise_stage(name: str) -> str:
    """'User testing' -> 'user_testing' (the board shows it as 'User testing')."""
    return re.sub(r"\s+", "_", name.strip().lower())


def parse_stages(text) -> list[str]:
    """A comma- or line-separated text (or a list) -> ordered, unique stage names."""
    stages: list[str] = []
    for item in split_list(text):
        stage = normalise_stage(item)
        if stage and stage not in stages:
            stages.append(stage)
    return stages


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def settings_values(event: Event | None) -> dict:
    """The form's initial values: the event's settings, or sensible defaults for a new event."""
    if event is None:
        rules, values = default_rules(), {"timezone": "Europe/Berlin", "registration_open": True,
                                          "stages": "\n".join(DEFAULT_STAGES)}
    else:
        rules = {**default_rules(), **(event.rules or {})}
        values = {"name": event.name, "venue": event.venue, "description": event.description,
                  "starts_on": event.starts_on, "ends_on": event.ends_on,
                  "timezone": event.timezone, "registration_open": event.registration_open,
                  "contact_email": event.contact_email,
                  "stages": "\n".join(event.stages or [])}
    weights = {**default_rules()["weights"], **(rules.get("weights") or {})}
    per_team = {**default_rules()["partners_per_team"], **(rules.get("partners_per_team") or {})}
    values.update({
        "partners_min": per_team["min"], "partners_max": per_team["max"],
        "partner_max_sessions": rules.get("partner_max_sessions"),
        "max_repeat": rules.get("max_repeat", 1),
        **{f"weight_{name}": value for name, value in weights.items()},
    })
    return values


def stage_users(event: Event, stage: str) -> list[str]:
    """Who uses a stage: sessions, teams' needs and teams' current stage (names, for messages)."""
    users = [_("session '%(title)s'", title=title) for title in db.session.execute(
        db.select(EventSession.title).filter_by(event_id=event.id, stage=stage)
        .order_by(EventSession.starts_at)).scalars()]
    teams = db.session.execute(
        db.select(Enterprise).filter_by(event_id=event.id).order_by(Enterprise.name)).scalars()
    for team in teams:
        if (team.needs or {}).get(stage) is not None:
            users.append(_("the needs of team '%(name)s'", name=team.name))
        if team.stage == stage:
            users.append(_("team '%(name)s' (its current stage)", name=team.name))
    return users


def _check_stages(event: Event | None, stages: list[str]) -> list[str]:
    errors = []
    if not stages:
        errors.append(_("list at least one stage"))
    for stage in stages:
        if len(stage) > MAX_STAGE_LENGTH or not STAGE_PATTERN.match(stage):
            errors.append(_("'%(stage)s' is not a valid stage name (letters, digits, '-' or '_', "
                            "at most %(max)s characters)", stage=stage, max=MAX_STAGE_LENGTH))
    if event is not None:
        for removed in [s for s in event.stages or [] if s not in stages]:
            users = stage_users(event, removed)
            if users:
                errors.append(_("stage '%(stage)s' cannot be renamed or removed: it is used by "
                                "%(users)s", stage=removed, users="; ".join(users)))
    return errors


def _check_rules(values: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    minimums = {"partners_min": 0, "partners_max": 1, "max_repeat": 1, "weight_base": 0,
                "weight_skill": 0, "weight_wish": 0, "weight_coach": 0, "weight_change": 0}
    for name, minimum in minimums.items():
        value = values.get(name)
        if not isinstance(value, int) or value < minimum:
            errors[name] = [_("must be a whole number of at least %(min)s", min=minimum)]
    for name, minimum in {"partner_max_sessions": 1, "weight_fairness": 0}.items():
        value = values.get(name)
        if value is not None and (not isinstance(value, int) or value < minimum):
            errors[name] = [_("leave it blank or give a whole number of at least %(min)s",
                              min=minimum)]
    low, high = values.get("partners_min"), values.get("partners_max")
    if "partners_min" not in errors and "partners_max" not in errors and low > high:
        errors["partners_max"] = [_("must be at least the minimum (%(min)s)", min=low)]
    return errors


def _rules_from(values: dict, previous: dict | None) -> dict:
    rules = copy.deepcopy(previous) if previous else default_rules()
    rules["partners_per_team"] = {"min": values["partners_min"], "max": values["partners_max"]}
    rules["partner_max_sessions"] = values.get("partner_max_sessions")
    rules["max_repeat"] = values["max_repeat"]
    rules["weights"] = {**(rules.get("weights") or {}), **{
        name: values.get(f"weight_{name}")
        for name in ("base", "skill", "wish", "coach", "fairness", "change")}}
    return rules


def save_event_settings(values: dict, commit: bool = True) -> Event:
    """Create the event or update its settings; raises ValidationFailed naming the fields."""
    event = current_event()
    problems = Problems()
    name = optional_text(values, "name", problems, 200)
    if not name:
        problems.add("name", _("give the event a name"))
    venue = optional_text(values, "venue", problems, 200)
    description = optional_text(values, "description", problems, 5000, multiline=True)
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None:
        problems.add("starts_on", _("give the first day"))
    if ends_on is None:
        problems.add("ends_on", _("give the last day"))
    elif starts_on is not None and ends_on < starts_on:
        problems.add("ends_on", _("must not be before the first day (%(day)s)",
                                  day=starts_on.isoformat()))
    elif starts_on is not None and event is not None:
        for field, message in sessions_outside(event, starts_on, ends_on).items():
            problems.add(field, message)
    timezone = text(values, "timezone", problems)
    if not valid_timezone(timezone):
        problems.add("timezone", _("'%(tz)s' is not a known time zone; use a name like "
                                   "Europe/Berlin", tz=timezone))
    contact_email = text(values, "contact_email", problems)
    if contact_email and (len(contact_email) > 254 or not EMAIL_PATTERN.match(contact_email)):
        problems.add("contact_email", _("'%(email)s' is not a valid email address",
                                        email=contact_email))
    stages = parse_stages(text(values, "stages", problems, multiline=True))
    problems.extend("stages", _check_stages(event, stages))
    for field, messages in _check_rules(values).items():
        problems.extend(field, messages)
    problems.raise_if_any()

    if event is None:
        event = Event(name=name, starts_on=starts_on, ends_on=ends_on)
        db.session.add(event)
    event.name = name
    event.venue, event.description = venue, description
    event.starts_on, event.ends_on = starts_on, ends_on
    event.timezone = timezone
    event.registration_open = bool(values.get("registration_open"))
    event.contact_email = contact_email
    event.stages = stages  # a new list, so SQLAlchemy sees the change
    event.rules = _rules_from(values, event.rules)  # likewise a new dict
    return save_record(event, commit)
