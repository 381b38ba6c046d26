"""ISO 639-1 language codes (two letters) from Babel's CLDR data, and the code someone
probably meant when they typed another form ('sv-SE', 'swe', 'Swedish')."""
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

# CLDR still names one two-letter code that ISO 639-1 has withdrawn: Serbo-Croatian.
WITHDRAWN = frozenset({"sh"})


@lru_cache(maxsize=1)
def iso_639_1() -> frozenset[str]:
    """The 183 codes of ISO 639-1."""
    return frozenset(code for code in Locale("en").languages
                     if len(code) == 2 and code.isascii() and code.isalpha()
                     and code.islower()) - WITHDRAWN


def language_name(code: str, locale: str) -> str:
    """The language's name in `locale` ('sv', 'en' -> 'Swedish'), or the code."""
    return Locale.parse(locale).languages.get(code, code)


def suggested_code(typed: str) -> str | None:
    """The ISO 639-1 code for a region tag ('sv-SE', 'pt_BR'), a three-letter code ('swe',
    'ger') or a name in English, German or the language itself ('Swedish', 'Svenska');
    None when nothing fits."""
    value = typed.strip().lower().replace("_", "-")
    head = value.split("-")[0]
    if head in iso_639_1():
        return head
    alias = get_global("language_aliases").get(head, "").split("_")[0]
    if alias in iso_639_1():
        return alias
    return _codes_by_name().get(value)


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    names = {}
    for code in sorted(iso_639_1()):
        for locale in ("en", "de", code):
            try:
                name = Locale.parse(locale).languages.get(code)
            except (UnknownLocaleError, ValueError):
                continue
            if name:
                names.setdefault(name.lower(), code)
    return names
