"""The live board: what it shows, what changes it, and the one module that emits.

progress.py (stage moves, help requests) and notices.py (announcements, countdown) change the
board inside the caller's transaction and call broadcast.queue_event(); broadcast.py sends
the queued events over Socket.IO after the commit. snapshot.py is what a client gets on
connect. names.py defines every event name and room once.
"""
