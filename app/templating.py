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

    from app.forms_common import stage_label

    app.add_template_filter(stage_label, "stage_label")
