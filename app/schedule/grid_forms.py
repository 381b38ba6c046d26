"""The grid's small action forms. Shape only: the service checks ids and rules."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField


class GridActionForm(FlaskForm):
    # What to do: "pin:p12", "unpin:p12", "remove:p12", "move:p12" (a meeting of the cell),
    # or "add", "room", "pin_room", "unpin_room", "pin_coach", "unpin_coach".
    act = StringField()
    session = HiddenField()
    team = HiddenField()
    partner = StringField()      # the partner to add
    room = StringField()         # the room to set
    coach = HiddenField()        # the coach to pin
    to_session = StringField()   # where a moved meeting goes
    teams = HiddenField()        # the grid page to return to
