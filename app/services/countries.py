"""Countries by ISO 3166-1 alpha-2 code, named from Babel's CLDR data (no extra package)."""
from functools import lru_cache

from babel import Locale

# The countries of the first event come first in pickers; the rest follow by name.
PREFERRED = ["IT", "RO", "SE", "DE", "ES"]
# CLDR also lists regions and placeholders that are not countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@lru_cache(maxsize=8)
def country_names(locale: str = "en") -> dict[str, str]:
    """code -> name, the preferred countries first, then the others alphabetically by name."""
    territories = Locale.parse(locale).territories
    codes = {c: n for c, n in territories.items()
             if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES}
    ordered = {c: codes[c] for c in PREFERRED if c in codes}
    ordered.update(sorted(((c, n) for c, n in codes.items() if c not in ordered),
                          key=lambda item: item[1]))
    return ordered


def is_country(code: str) -> bool:
    return code in country_names("en")
