"""Entry point: `flask --app wsgi ...`, gunicorn `wsgi:app`, or `python wsgi.py` (Socket.IO)."""
import os

from app import create_app, freeze_heap
from app.extensions import socketio

app = create_app()
freeze_heap()  # after start-up: full garbage collections skip what lives as long as the process

if __name__ == "__main__":
    socketio.run(app, host=os.environ.get("HOST", "127.0.0.1"),
                 port=int(os.environ.get("PORT", "5000")), allow_unsafe_werkzeug=True)
