"""Printable PDFs (reportlab): agendas, door signs and badges, in an embedded Unicode font."""
