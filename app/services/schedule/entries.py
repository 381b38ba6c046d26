"""Entries of the scheduling.md formats (meetings, room entries, coach entries) read from
request data, each checked for shape and for ids the current instance has. Messages name the
entry (`add[2]: unknown partner 'p999'`)."""
import scheduler

FIELDS = {"meetings": ("session", "team", "partner"), "rooms": ("session", "team", "room"),
          "coaches": ("team", "coach")}


def known_ids(instance: scheduler.Instance) -> dict[str, set[str]]:
    return {"session": {s.id for s in instance.sparring_sessions},
            "any_session": {s.id for s in instance.sessions},
            "team": {t.id for t in instance.teams},
            "partner": {p.id for p in instance.partners},
            "coach": {c.id for c in instance.coaches},
            "room": {r.id for r in instance.rooms}}


def read_entries(items, kind: str, where: str, known: dict[str, set[str]],
                 errors: list[str]) -> list[tuple[str, ...]]:
    """`items` as tuples of FIELDS[kind]; problems are appended to `errors`."""
    if items is None:
        return []
    if not isinstance(items, list):
        errors.append(f"{where}: must be a list of objects")
        return []
    fields, entries = FIELDS[kind], []
    for i, item in enumerate(items):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            errors.append(f"{at}: must be an object with {', '.join(fields)}")
            continue
        values, ok = [], True
        for name in fields:
            value = item.get(name)
            if not isinstance(value, str) or not value:
                errors.append(f"{at}: '{name}' is missing (a {name} id such as "
                              f"{name[0]}1)")
                ok = False
            elif value not in known[name]:
                if name == "session" and value in known["any_session"]:
                    errors.append(f"{at}: session '{value}' is not a sparring session")
                else:
                    errors.append(f"{at}: unknown {name} '{value}'")
                ok = False
            values.append(value)
        extra = sorted(set(item) - set(fields))
        if extra:
            errors.append(f"{at}: unknown field(s) {', '.join(extra)}")
            ok = False
        if ok:
            entries.append(tuple(values))
    return entries


def as_dicts(entries, kind: str) -> list[dict]:
    return [dict(zip(FIELDS[kind], entry, strict=True)) for entry in entries]
