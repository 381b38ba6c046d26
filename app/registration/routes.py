"""Public self-registration and the participant's personal page."""
from app.registration import bp


@bp.get("/register/enterprise")
def enterprise():
    return "todo"


@bp.get("/register/partner")
def partner():
    return "todo"


@bp.get("/register/coach")
def coach():
    return "todo"
