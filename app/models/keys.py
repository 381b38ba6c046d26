"""How records are found again: integer ids (and their range) and normalised text keys."""
import unicodedata

# The largest id SQLite (and PostgreSQL's bigint) can compare with; a larger number in a URL,
# form or file is simply an unknown id, never a driver overflow.
MAX_ID = 2**63 - 1


def text_key(value: str | None) -> str:
    """The one form in which names and emails are compared: NFKC, then Unicode casefold.

    'ÆRØSKØBING' and 'Ærøskøbing', 'Straße' and 'STRASSE', 'ﬁle' and 'FILE' share a key. The
    models store it next to the text (name_key, email_key) so a unique index can enforce it
    the same way on SQLite, whose lower() leaves non-ASCII letters alone, and PostgreSQL.
    """
    return unicodedata.normalize("NFKC", value or "").casefold()
