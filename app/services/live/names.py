"""Socket.IO names, defined once: the namespace, the events and the rooms."""
NAMESPACE = "/live"

# Server -> client.
BOARD_SNAPSHOT = "board_snapshot"
STAGE_CHANGED = "stage_changed"
HELP_CHANGED = "help_changed"
ANNOUNCEMENT = "announcement"
COUNTDOWN = "countdown"
CHECKIN = "checkin"
SCHEDULE_PUBLISHED = "schedule_published"
SOLVE_PROGRESS = "solve_progress"
SOLVE_DONE = "solve_done"

# Client -> server (besides BOARD_SNAPSHOT, a request for a new snapshot).
MOVE_STAGE = "move_stage"
SET_HELP = "set_help"

# Events that change what the board shows: they carry the event's next `seq`.
BOARD_EVENTS = frozenset({STAGE_CHANGED, HELP_CHANGED, ANNOUNCEMENT, COUNTDOWN, CHECKIN,
                          SCHEDULE_PUBLISHED})


# Events that participants' personal pages receive too (they never see board details).
PERSONAL_PAGE_EVENTS = frozenset({SCHEDULE_PUBLISHED})


def event_room(event_id: int) -> str:
    return f"event-{event_id}"


def team_room(team_id: int) -> str:
    return f"team-{team_id}"


def published_room(event_id: int) -> str:
    """Every personal page of the event: it hears only PERSONAL_PAGE_EVENTS."""
    return f"published-{event_id}"
