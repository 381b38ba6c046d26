"""Redirect targets taken from the request: only paths on this site."""


def local_path(target: str | None) -> str | None:
    """The target if it is a path on this site ('/x'), else None (never '//host' or 'http:')."""
    if target and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target:
        return target
    return None
