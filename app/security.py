"""Who is asking: sessions, bearer tokens, role checks, CSRF and security headers."""
from functools import wraps

from flask import Flask, g, request
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import abort_with
from app.extensions import csrf, db, login_manager

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self' ws: wss:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def register(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False

    @login_manager.user_loader
    def load_user(user_id: str):
        from app.models import User

        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        # A deactivated account is logged out at its next request, not only at its next login.
        return user if user is not None and user.active else None

    @login_manager.request_loader
    def load_user_from_bearer(req):
        token = bearer_token()
        if not token:
            return None
        from app.services.accounts import user_for_api_token

        user = user_for_api_token(token)
        if user is None:
            g.bad_bearer = True
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import redirect, url_for

        from app.errors import wants_json

        if wants_json() or bearer_token():
            abort_with(401, _("Log in or send a valid 'Authorization: Bearer TOKEN' header."))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def protect_forms():
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return
        # An unknown address or method answers 404 or 405 as itself, not as a CSRF failure.
        if request.routing_exception is not None:
            return
        # Bearer-token clients are exempt from CSRF: a cross-site page cannot set that header.
        if bearer_token():
            return
        # An API call without credentials is refused as such (401) by the route's role check;
        # CSRF only guards the rights a logged-in browser session carries.
        if request.path.startswith("/api/") and not current_user.is_authenticated:
            return
        csrf.protect()

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        # Personal links carry secret tokens: never leak them in a Referer.
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.path.startswith("/p/") or request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response


def roles_required(*roles: str):
    """Allow only logged-in accounts with one of these roles (401 when anonymous, 403 else)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort_with(403, _("Your account is not allowed to do this."))
            return view(*args, **kwargs)
        return wrapped
    return decorator


organiser_required = roles_required("organiser")
staff_required = roles_required("organiser", "coach")
