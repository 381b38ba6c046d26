"""Configuration from the environment (12-factor), with safe defaults for a laptop."""
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the old driver; we ship psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'hackathon.db'}"


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def _number(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


class Config:
    SECRET_KEY = None  # filled lazily in create_app so tests can avoid touching instance/
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Set explicitly: auto-detection would pick eventlet if it were installed. "gevent" only
    # with gunicorn's gevent worker (SERVE_WORKER=gevent), for the fan-out comparison.
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE") or "threading"
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or None
    WTF_CSRF_TIME_LIMIT = None  # a form left open over a coffee break still submits
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = {"en": "English", "de": "Deutsch"}
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024  # CSV uploads
    TESTING = False
    # Where people reach the app (emails, QR codes, calendar links); else the request's address.
    PUBLIC_URL = (os.environ.get("PUBLIC_URL") or "").rstrip("/") or None

    # Email (Flask-Mailman). Without MAIL_SERVER nothing is sent: emails stay "held" in the outbox.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT") or 25)
    MAIL_USE_TLS = _flag("MAIL_USE_TLS")
    MAIL_USE_SSL = _flag("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_FROM") or "Hackathon <noreply@localhost>"
    MAIL_TIMEOUT = _number("MAIL_TIMEOUT", 20)  # a stuck SMTP server must not stall the worker
    MAIL_BACKEND = "smtp"  # also under TESTING: the tests talk to a real SMTP server

    # The outbox worker: a thread in every serving process, woken after each commit that queues
    # an email, and polling for retries that fall due.
    OUTBOX_WORKER = _flag("OUTBOX_WORKER", "1")
    OUTBOX_POLL_SECONDS = _number("OUTBOX_POLL_SECONDS", 10)
    OUTBOX_RETRY_SECONDS = _number("OUTBOX_RETRY_SECONDS", 30)  # first retry; doubles each time
    OUTBOX_RETRY_MAX_SECONDS = _number("OUTBOX_RETRY_MAX_SECONDS", 3600)
    OUTBOX_MAX_ATTEMPTS = int(_number("OUTBOX_MAX_ATTEMPTS", 8))
    OUTBOX_LEASE_SECONDS = _number("OUTBOX_LEASE_SECONDS", 300)  # a send never takes this long

    # Solve jobs (docs/deployment.md "Solve worker"): a running job without heartbeat for this
    # long is failed; SOLVE_LOG keeps the local worker children's output (else discarded).
    SOLVE_HEARTBEAT_STALE_SECONDS = _number("SOLVE_HEARTBEAT_STALE_SECONDS", 15)
    SOLVE_LOG = os.environ.get("SOLVE_LOG") or None
    # Without REDIS_URL: keep one warm child ready for the next solve (saves the 2-3 s of
    # importing the app and OR-Tools; app/services/schedule/standby.py).
    SOLVE_STANDBY = _flag("SOLVE_STANDBY", "1")

    # Rate limits (Flask-Limiter); shared between processes through Redis when REDIS_URL is set.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # Redis gone: each process limits on its own
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT") or "5 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS") or "30 per 15 minutes"
    LINK_LIMIT_PER_ADDRESS = os.environ.get("LINK_LIMIT_PER_ADDRESS") or "10 per hour"
    LINK_LIMIT_PER_EMAIL = os.environ.get("LINK_LIMIT_PER_EMAIL") or "3 per hour"

    @classmethod
    def resolve(cls) -> dict:
        values = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        values["SECRET_KEY"] = values["SECRET_KEY"] or _secret_key()
        values["SQLALCHEMY_DATABASE_URI"] = values["SQLALCHEMY_DATABASE_URI"] or _database_url()
        return values


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    WTF_CSRF_ENABLED = True
    SERVER_NAME = None
    MAIL_SERVER = None  # tests that send start their own SMTP server
    PUBLIC_URL = None
    OUTBOX_WORKER = False  # tests that need the worker start it
    SOLVE_STANDBY = False  # a test of the standby turns it on
    RATELIMIT_STORAGE_URI = "memory://"
