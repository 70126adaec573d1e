"""Calibrated confidence on every extracted item, and filtering by it.

:func:`score_document` fills ``confidence`` on entities, quotes, quantities,
timexes and events, ``speaker.confidence`` and ``quote.status_confidence``, from
evidence features (:mod:`.features`) through tables fitted on the shared train
sets (:mod:`.calibration`, refit with ``python -m newsgraph.eval.calibration.fit``).
What each number is the probability of:

* quote: its content span matches a gold attribution (PolNeAR);
* speaker: the speaker is the gold source, given a matched quote (PolNeAR);
* status: the quote's status class (factual / negated / uncertain) equals MEANTIME's
  factuality of the event its content reports;
* quantity: it overlaps a gold MEANTIME VALUE;
* timex: it overlaps a gold TIMEX3 and has its exact value (TempEval-3);
* event: its PLOVER type is the gold type (PLOVER gold records);
* entity: a mention has CoNLL++'s span and class (sources made from a description,
  "a senior US defense official", which CoNLL does not mark: their best speaker confidence).
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.confidence import features as F
from newsgraph.confidence.calibration import Tables, load
from newsgraph.schema import Document

# an event with neither actor nor target (kept only on request) is not a report to trust
UNANCHORED_EVENT_CONFIDENCE = 0.05


def _p(tables: Tables, kind: str, features: F.Features) -> float | None:
    table = tables.get(kind)
    return table.predict(features) if table is not None else None


def score_document(document: Document, doc: Doc, tables: Tables | None = None) -> None:
    """Set every item's confidence in place."""
    tables = load() if tables is None else tables
    text = document.text
    anonymous = F.anonymous_ids(document.entities)
    for quote in document.quotes:
        quote.confidence = _p(tables, "quote", F.quote_features(quote, doc))
        quote.status_confidence = _p(tables, "status", F.status_features(quote, doc))
        if quote.speaker is not None:
            quote.speaker.confidence = _p(tables, "speaker",
                                          F.speaker_features(quote, doc, text, anonymous))
    for entity in document.entities:
        described = entity.anonymous or entity.description is not None
        entity.confidence = (_source_confidence(entity.id, document, tables) if described
                             else _p(tables, "entity", F.entity_features(entity)))
    for quantity in document.quantities:
        quantity.confidence = _p(tables, "quantity", F.quantity_features(quantity))
    for timex in document.timexes:
        timex.confidence = _p(tables, "timex", F.timex_features(timex))
    for event in document.events:
        event.confidence = _p(tables, "event", F.event_features(event, doc))
        if event.confidence is not None and event.actor is None and event.target is None:
            event.confidence = min(event.confidence, UNANCHORED_EVENT_CONFIDENCE)


def _source_confidence(entity_id: str, document: Document, tables: Tables) -> float | None:
    """A source made from a description is no CoNLL name: it is as sure as the best
    attribution to it, else as anonymous speakers are."""
    found = [q.speaker.confidence for q in document.quotes
             if q.speaker is not None and q.speaker.entity_id == entity_id
             and q.speaker.confidence is not None]
    return max(found) if found else _p(tables, "speaker", ("anonymous",))


def _keep(confidence: float | None, threshold: float) -> bool:
    # an unscored item (None) is not below the threshold: it is kept
    return confidence is None or confidence >= threshold


def filter_document(document: Document, min_confidence: float) -> Document:
    """A copy of ``document`` without the items whose confidence is below ``min_confidence``.

    A speaker below the threshold is dropped from its quote (the quote stays if it
    passes); statuses are not filtered (a quote always has one)."""
    out = document.model_copy(deep=True)
    out.entities = [e for e in out.entities if _keep(e.confidence, min_confidence)]
    out.quotes = [q for q in out.quotes if _keep(q.confidence, min_confidence)]
    for quote in out.quotes:
        if quote.speaker is not None and not _keep(quote.speaker.confidence, min_confidence):
            quote.speaker = None
    out.quantities = [q for q in out.quantities if _keep(q.confidence, min_confidence)]
    out.timexes = [t for t in out.timexes if _keep(t.confidence, min_confidence)]
    out.events = [e for e in out.events if _keep(e.confidence, min_confidence)]
    return out
