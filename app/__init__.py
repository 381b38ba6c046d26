"""The application factory: create_app(config) builds a configured app."""
import gc

from flask import Flask, has_request_context, request, session

from app.config import INSTANCE_DIR, Config
from app.extensions import babel, csrf, db, limiter, login_manager, mail, migrate, socketio


def create_app(config: type[Config] | dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=True)
    if isinstance(config, dict):
        app.config.update(Config.resolve())
        app.config.update(config)
    else:
        app.config.update((config or Config).resolve())

    _init_extensions(app)
    from app.urls import RecordIdConverter
    app.url_map.converters["int"] = RecordIdConverter  # before any route uses it
    _register_blueprints(app)

    from app import errors, security
    errors.register(app)
    security.register(app)

    from app import cli
    cli.register(app)

    from app.services.mail import worker
    worker.register(app)

    from app.services.schedule import standby
    standby.register(app)

    from app import templating
    templating.register(app)
    return app


def freeze_heap() -> None:
    """Keep what exists now (modules, the app and its routes: some 170,000 objects that live as
    long as the process) out of the garbage collector's full collections. Without it each full
    collection walks them all (about 120 ms on the development machine, every few dozen
    requests, the slowest 5% of the organiser lists). Call once in a server process after
    create_app (wsgi.py does); not in tests, which build many apps."""
    gc.collect()
    gc.freeze()


def _select_locale() -> str | None:
    if not has_request_context():
        return None  # CLI and background work: the default locale (English)
    chosen = session.get("lang")
    if chosen in Config.LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(Config.LANGUAGES)) or "en"


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)  # batch mode: SQLite can alter tables
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    mail.init_app(app)
    limiter.init_app(app)
    # Same-origin Socket.IO only (the default); REDIS_URL lets several processes share events.
    from app.board.live import register_namespace
    from app.services.live.queue import client_manager

    register_namespace(socketio)  # before init_app, which hands it to each new server
    socketio.init_app(app, client_manager=client_manager(app.config.get("REDIS_URL")),
                      async_mode=app.config.get("SOCKETIO_ASYNC_MODE", "threading"))

    from app.models import sqlite_pragmas  # noqa: F401  (WAL mode and busy timeout on connect)


def _register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.board import bp as board_bp
    from app.checkin import bp as checkin_bp
    from app.main import bp as main_bp
    from app.participant import bp as participant_bp
    from app.registration import bp as registration_bp
    from app.schedule import bp as schedule_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(registration_bp)
    app.register_blueprint(participant_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(board_bp, url_prefix="/board")
    app.register_blueprint(schedule_bp, url_prefix="/schedule")
    app.register_blueprint(api_bp, url_prefix="/api")
    app.register_blueprint(checkin_bp)
