"""The demo event with a stored schedule, for the schedule page tests.

The demo loads with the same ids into every fresh database, so one short solve serves every
test of a run (the result is kept per database URL)."""
import scheduler
from app.extensions import db
from app.services.demo import load_demo
from app.services.events import current_event
from app.services.schedule.instance import build_instance
from app.services.schedule.store import _store

DEMO_PASSWORD = "demo-password-2023"
_SOLVED: dict[str, dict] = {}


def solved_demo(app):
    """Load the demo, store a solved schedule as version 1; returns (event, version)."""
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    load_demo()
    event = current_event()
    data = build_instance(event)
    key = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]
    if key not in _SOLVED:
        result = scheduler.solve(data, time_limit=3, workers=1)
        assert result.status in ("optimal", "feasible"), result.explanation
        _SOLVED[key] = result.to_dict()
    # The cached schedule must fit this database's ids: the checker says so.
    assert scheduler.check(data, _SOLVED[key]).violations == []
    version = _store(event, _SOLVED[key], "solver")
    db.session.commit()
    return event, version
