"""Small date helpers shared by ingestion and extractors."""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: str | date | None) -> date | None:
    """The calendar date at the start of ``value`` (ISO 8601), or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _ISO_DATE.search(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
