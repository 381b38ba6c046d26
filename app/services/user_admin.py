"""Organisers manage the accounts with passwords: organisers, coaches and scanners."""
from flask_babel import gettext as _

from app.extensions import db
from app.models import Event, Person, User
from app.models.accounts import ACCOUNT_ROLES
from app.services.accounts import create_user, find_user, normalise_email
from app.services.checks import ValidationFailed

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


def _password_errors(password: str) -> list[str]:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return [_("must be at least %(n)s characters long", n=MIN_PASSWORD_LENGTH)]
    return []


def create_account(event: Event | None, values: dict) -> User:
    """Create an organiser, coach or scanner account; raises ValidationFailed naming fields."""
    errors: dict[str, list[str]] = {}
    email = normalise_email(values.get("email"))
    if "@" not in email:
        errors["email"] = [_("give a valid email address")]
    elif find_user(email):
        errors["email"] = [_("an account for %(email)s exists already", email=email)]
    role = values.get("role")
    if role not in ACCOUNT_ROLES:
        errors["role"] = [_("choose one of %(roles)s", roles=", ".join(ACCOUNT_ROLES))]
    person = None
    if values.get("person_id"):
        person = db.session.get(Person, values["person_id"])
        if role != "coach":
            errors["person_id"] = [_("only a coach account can be linked to a coach")]
        elif person not in linkable_coaches(event):
            errors["person_id"] = [_("choose an accepted coach of the event who has no "
                                     "account yet")]
    password_errors = _password_errors(values.get("password"))
    if password_errors:
        errors["password"] = password_errors
    if errors:
        raise ValidationFailed(errors)
    name = (values.get("name") or "").strip() or (person.name if person else "")
    return create_user(email, role, values["password"], name=name, person=person)


def set_account_active(user: User, active: bool, acting_user: User) -> None:
    """Deactivate or reactivate an account; nobody can lock themselves out."""
    if not active and user.id == acting_user.id:
        raise ValidationFailed({"active": [_("you cannot deactivate your own account")]})
    user.active = active
    db.session.commit()


def reset_password(user: User, password: str) -> None:
    errors = _password_errors(password)
    if errors:
        raise ValidationFailed({"password": errors})
    user.set_password(password)
    db.session.commit()
