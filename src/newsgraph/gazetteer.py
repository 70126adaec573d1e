"""Country names and their ISO 3166 alpha-3 codes, for folding aliases.

"US", "U.S." and "United States" are one country; a capital ("Pyongyang") is
not its country, so capitals are deliberately absent.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

from newsgraph.data import country_alias_rows


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, str]:
    """Lower-cased country name or alias -> alpha-3 code."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                table[name.lower()] = country.alpha_3
    for alias, code in country_alias_rows():
        table[alias.lower()] = code
    return table


def country_code(name: str) -> str | None:
    """The alpha-3 code of a country name or alias, or None."""
    key = name.strip().lower()
    if key.startswith("the "):
        key = key[4:]
    return country_aliases().get(key)
