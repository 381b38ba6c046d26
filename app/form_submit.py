"""Submitting a form: its shape checks and the service's rules reported together, in one round.

Used by the public registration and every organiser form, so all of them behave alike.
"""
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.forms_common import add_errors
from app.services.checks import ValidationFailed


def submit(form, save: Callable[..., object]) -> tuple[bool, object]:
    """(True, what `save` returned) when the form was sent and saved, else (False, None):
    then the page shows the form again, with every error on it.

    `save(commit=...)` calls the service. When the form's shape checks fail, the service still
    runs, with commit=False, so that its messages (languages, members, ...) come in the same
    round; whatever it did is rolled back. Nothing is saved while any error exists.
    """
    if not form.is_submitted():
        return False, None
    shape_ok = form.validate()
    try:
        saved = save(commit=shape_ok)
    except ValidationFailed as failed:
        db.session.rollback()
        add_errors(form, failed)
        return False, None
    except SQLAlchemyError:
        if shape_ok:
            raise
        # Values the form refused may not even fit the columns; the form says what is wrong.
        db.session.rollback()
        return False, None
    if not shape_ok:
        db.session.rollback()
        return False, None
    return True, saved
