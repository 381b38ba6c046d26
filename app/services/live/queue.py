"""The message queue that lets several server processes share one /live stream (REDIS_URL).

python-socketio's RedisManager delivers an emit to this process's clients first and then
publishes it for the others; when Redis is away, the publish is logged ("Cannot publish to
redis... giving up") and dropped, and the listening thread retries (after 1, 2, 4 ... at most
60 s) until Redis is back: each process keeps serving its own clients meanwhile, and they
share again without a restart. Clients repair what they missed from the gap in `seq`.
"""
import socketio

# A Redis host that vanished (no answer at all) must not hold a request for the system's TCP
# connect timeout (minutes) on each emit: give up connecting after two seconds. No read
# timeout: the listening connection is idle between events.
REDIS_OPTIONS = {"socket_connect_timeout": 2, "socket_keepalive": True}
CHANNEL = "flask-socketio"  # Flask-SocketIO's default: every process must use the same one


def client_manager(url: str | None):
    """The client manager for Flask-SocketIO: Redis for a redis:// URL, else in-process
    (None). Always passed, since Flask-SocketIO keeps init_app's options from app to app."""
    if not url:
        return None
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("REDIS_URL must be a redis://, rediss:// or unix:// URL")
    return socketio.RedisManager(url, channel=CHANNEL, redis_options=dict(REDIS_OPTIONS))
