"""Organisers manage the accounts with passwords: organisers, coaches and scanners."""
from flask_babel import gettext as _

from app.extensions import db
from app.models import Event, Person, User
from app.models.accounts import ACCOUNT_ROLES
from app.services.accounts import create_user, find_user, normalise_email
from app.services.checks import ValidationFailed, get_record, save_record
from app.services.record_checks import (
    Problems,
    optional_text,
    refuse_control_characters,
    text,
    too_long,
)

MIN_PASSWORD_LENGTH = 10


def get_account(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def linkable_coaches(event: Event | None) -> list[Person]:
    """Accepted coaches of the event that no account is linked to yet."""
    if event is None:
        return []
    linked = db.select(User.person_id).filter(User.person_id.is_not(None))
    return list(db.session.execute(
        db.select(Person).filter(Person.event_id == event.id, Person.role == "coach",
                                 Person.status == "accepted", Person.id.not_in(linked))
        .order_by(Person.name)).scalars())


def _check_password(password: str | None, problems: Problems) -> None:
    """A password is kept as typed (spaces too), but without control characters."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems.add("password", _("must be at least %(n)s characters long",
                                   n=MIN_PASSWORD_LENGTH))
    refuse_control_characters("password", password or "", problems)


def create_account(event: Event | None, values: dict, commit: bool = True) -> User:
    """Create an organiser, coach or scanner account; raises ValidationFailed naming fields."""
    problems = Problems()
    email = normalise_email(text(values, "email", problems))
    if "@" not in email or too_long(email, 254):
        problems.add("email", _("give a valid email address"))
    elif find_user(email):
        problems.add("email", _("an account for %(email)s exists already", email=email))
    role = text(values, "role", problems)
    if role not in ACCOUNT_ROLES:
        problems.add("role", _("choose one of %(roles)s", roles=", ".join(ACCOUNT_ROLES)))
    person = None
    if values.get("person_id"):
        person = get_record(Person, values["person_id"])
        if role != "coach":
            problems.add("person_id", _("only a coach account can be linked to a coach"))
        elif person not in linkable_coaches(event):
            problems.add("person_id", _("choose an accepted coach of the event who has no "
                                        "account yet"))
    name = optional_text(values, "name", problems, 200)
    _check_password(values.get("password"), problems)
    problems.raise_if_any()
    name = name or (person.name if person else "")
    return create_user(email, role, values["password"], name=name, person=person,
                       commit=commit)


def set_account_active(user: User, active: bool, acting_user: User) -> None:
    """Deactivate or reactivate an account; nobody can lock themselves out."""
    if not active and user.id == acting_user.id:
        raise ValidationFailed({"active": [_("you cannot deactivate your own account")]})
    user.active = active
    db.session.commit()


def reset_password(user: User, password: str, commit: bool = True) -> None:
    problems = Problems()
    _check_password(password, problems)
    problems.raise_if_any()
    user.set_password(password)
    save_record(user, commit)
