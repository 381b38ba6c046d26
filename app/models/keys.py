"""How records are found again: integer ids (and their range) and normalised text keys."""
import unicodedata

from sqlalchemy.orm import validates

# Ids are INTEGER columns: PostgreSQL refuses to compare them with anything above 2**31 - 1
# (SQLite with anything above 2**63 - 1). A larger number in a URL, form or file is simply an
# unknown id, never a database error.
MAX_ID = 2**31 - 1


def text_key(value: str | None) -> str:
    """The one form in which names and emails are compared: NFKC, then Unicode casefold.

    'ÆRØSKØBING' and 'Ærøskøbing', 'Straße' and 'STRASSE', 'ﬁle' and 'FILE' share a key. The
    models store it next to the text (name_key, email_key) so a unique index can enforce it
    the same way on SQLite, whose lower() leaves non-ASCII letters alone, and PostgreSQL.
    """
    return unicodedata.normalize("NFKC", value or "").casefold()


# NFKC and casefold can lengthen a text ('ß' -> 'ss', 'ﬃ' -> 'ffi'): key columns hold this many
# times the characters of their text; the services refuse texts whose key would not fit.
KEY_LENGTH_FACTOR = 4


def keeps_key(column: str, key_column: str):
    """A model validator that sets `key_column` to text_key(value) on every write of `column`,
    so no write path (forms, CSV, API, demo, tests) can leave the key behind."""

    @validates(column)
    def keep_key(self, _attribute: str, value):
        setattr(self, key_column, text_key(value))
        return value

    return keep_key
