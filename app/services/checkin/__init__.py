"""Check-in at the door and at sessions: signed codes (codes), QR images (qr), scans (scans),
the roster and who is missing (roster), badges (app/services/pdf/badges.py). docs/checkin.md."""
