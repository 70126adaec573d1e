"""Small hand-built analyzed documents for the web tests (no model needed).

Spans are computed from the text, so each item's ``text`` equals its slice.
"""

from __future__ import annotations

from newsgraph.schema import (
    Cue,
    Document,
    Entity,
    Event,
    Mention,
    Quantity,
    Quote,
    Speaker,
    Timex,
)

HOSTILE = ('Officials said <script>document.title="pwned";window.__pwned=1</script> '
           'and "<img src=x onerror=window.__pwned=2>" was all, said Eve Mallory. '
           "Robert'); DROP TABLE articles;-- was there.")


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _mention(text: str, part: str, after: int = 0) -> Mention:
    return Mention(text=part, span=_span(text, part, after))


def deployment_doc(id: str = "a1", published: str = "2024-10-28") -> Document:
    text = ("NATO said North Korean troops have been deployed to Kursk. "
            "The Kremlin dismissed the reports as \"fake news\".\n"
            "Around 10,000 troops are in Russia, up from 3,000 reported last Wednesday, "
            "Pentagon spokesperson Sabrina Singh said.")
    entities = [
        Entity(id="e1", name="NATO", type="ORG", mentions=[_mention(text, "NATO")]),
        Entity(id="e2", name="Kremlin", type="ORG", mentions=[_mention(text, "Kremlin")]),
        Entity(id="e3", name="Sabrina Singh", type="PERSON",
               mentions=[_mention(text, "Sabrina Singh")]),
        Entity(id="e4", name="Kursk", type="GPE", mentions=[_mention(text, "Kursk")]),
        Entity(id="e5", name="Pentagon", type="ORG", mentions=[_mention(text, "Pentagon")]),
    ]
    fake = _span(text, "fake news")
    quotes = [
        Quote(text="fake news", span=fake, kind="partial", status="denied",
              speaker=Speaker(name="Kremlin", entity_id="e2", span=_span(text, "Kremlin")),
              cue=Cue(text="dismissed", span=_span(text, "dismissed"))),
        Quote(text="North Korean troops have been deployed to Kursk",
              span=_span(text, "North Korean troops have been deployed to Kursk"),
              kind="indirect", status="asserted",
              speaker=Speaker(name="NATO", entity_id="e1", span=_span(text, "NATO")),
              cue=Cue(text="said", span=_span(text, "said"))),
        Quote(text="Around 10,000 troops are in Russia, up from 3,000 reported last Wednesday",
              span=_span(text, "Around 10,000 troops are in Russia, up from 3,000 reported "
                               "last Wednesday"),
              kind="indirect", status="asserted",
              speaker=Speaker(name="Sabrina Singh", entity_id="e3",
                              span=_span(text, "Sabrina Singh"))),
    ]
    old = Quantity(text="3,000", span=_span(text, "3,000"), value=3000, counted="troops",
                   time="2024-10-23")
    quantities = [
        Quantity(text="Around 10,000", span=_span(text, "Around 10,000"), value=10000,
                 approx=True, counted="troops", source="Pentagon", time="2024-10-28",
                 revises=old),
        old,
    ]
    timexes = [Timex(text="last Wednesday", span=_span(text, "last Wednesday"), type="DATE",
                     value="2024-10-23")]
    events = [Event(text="deployed", span=_span(text, "deployed"), type="MOBILIZE",
                    actor="North Korea", target="Russia", location="Kursk", time="2024-10-28",
                    status="reported", source="NATO")]
    return Document(id=id, title="North Korean troops in Kursk", published=published,
                    text=text, entities=entities, quotes=quotes, quantities=quantities,
                    timexes=timexes, events=events)


def hostile_doc(id: str = "evil<script>") -> Document:
    text = HOSTILE
    quote = '<img src=x onerror=window.__pwned=2>'
    return Document(
        id=id, title='<script>window.__pwned=3</script>Title', published="2024-10-29",
        url="javascript:alert(1)", text=text,
        entities=[Entity(id="e1", name="Eve Mallory", type="PERSON",
                         mentions=[_mention(text, "Eve Mallory")]),
                  Entity(id="e2\"><script>x</script>", name="<b>Robert</b>", type="PERSON",
                         mentions=[_mention(text, "Robert'); DROP TABLE articles;--")])],
        quotes=[Quote(text=quote, span=_span(text, quote), kind="direct",
                      speaker=Speaker(name="Eve <i>Mallory</i>", entity_id="e1",
                                      span=_span(text, "Eve Mallory")))],
    )


def corpus() -> list[Document]:
    docs = [deployment_doc("a1", "2024-10-28"), deployment_doc("a2", "2024-10-29"),
            hostile_doc()]
    return docs
