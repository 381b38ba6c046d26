"""What every template can use."""
from flask import Flask
from flask_babel import get_locale

from app.config import Config


def register(app: Flask) -> None:
    @app.context_processor
    def inject_globals():
        from app.services.events import current_event

        return {"event": current_event(), "languages_ui": Config.LANGUAGES,
                "current_locale": str(get_locale())}

    @app.template_filter("stage_label")
    def stage_label(stage: str | None) -> str:
        return (stage or "").replace("_", " ").capitalize()
