"""Time expressions: extents (:mod:`.tagger`), TIMEX3 values (:mod:`.normalize`), the
article's reference date (:mod:`.reference`) and the link from other items to the time
they are about (:mod:`.link`)."""

from newsgraph.timex.annotate import find_timexes
from newsgraph.timex.normalize import normalize
from newsgraph.timex.reference import ensure_reference_date, find_reference_date
from newsgraph.timex.tagger import tag

__all__ = ["find_timexes", "normalize", "ensure_reference_date", "find_reference_date", "tag"]
