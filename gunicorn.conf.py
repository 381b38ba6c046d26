"""gunicorn's settings for `make serve` (gunicorn reads this file from the working directory).

Socket.IO runs in threading mode (simple-websocket), so a process is one gunicorn worker with
many threads (Flask-SocketIO: one worker per gunicorn; for more, run more gunicorns behind a
proxy with REDIS_URL). Each websocket client keeps one of these threads for as long as it is
connected (the process holds about four threads per client in all, among them the request's,
the websocket reader's and Engine.IO's writer), so SERVE_THREADS is the number of clients one
process can hold at once, plus room for ordinary requests.
"""
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = 1  # Socket.IO keeps a client's state in its process: never more than one worker
worker_class = "gthread"
threads = int(os.environ.get("SERVE_THREADS", "1100"))  # ~1,000 live clients + requests
# gthread's cap on open connections (default 1,000): above the threads, so that idle
# keep-alive connections fit too (gunicorn warns when it is not).
worker_connections = threads + 200
if os.environ.get("SERVE_WORKER") == "gevent":  # only to measure against (benchmarks/fanout)
    worker_class = "gevent"
timeout = 60  # the worker's heartbeat; long-lived websockets do not count against it
graceful_timeout = 10
keepalive = 5
accesslog = os.environ.get("SERVE_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
loglevel = os.environ.get("SERVE_LOG_LEVEL", "info")
