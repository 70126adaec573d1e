"""Language identification: English news is analyzed, other languages are flagged."""

from __future__ import annotations

import pytest

from newsgraph.language import detect_language


@pytest.mark.parametrize("text", [
    # short English news paragraphs the identifier alone calls Pidgin and Farsi
    "Leaders of African Union (AU) member states met in Niamey, Niger's capital, for an AU "
    "summit where on Sunday Presidents",
    'He further stated, "Unfortunately, something that should not have happened has happened '
    'and our national interest is paramount."',
])
def test_short_english_news_is_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize(("text", "language"), [
    ("Le président de la République a annoncé mardi que les troupes seraient retirées du pays "
     "avant la fin de l'année, selon un communiqué publié par l'Élysée.", "fr"),
    ("Der Bundeskanzler hat am Dienstag angekündigt, dass die Truppen bis Ende des Jahres "
     "abgezogen werden, wie aus einer Mitteilung der Regierung hervorgeht.", "de"),
    ("De minister-president heeft dinsdag aangekondigd dat de troepen voor het einde van het "
     "jaar uit het land worden teruggetrokken, zo is in een verklaring te lezen.", "nl"),
    ("El presidente del Gobierno anunció el martes que las tropas se retirarán del país antes "
     "de que termine el año, según un comunicado oficial.", "es"),
])
def test_other_languages_are_flagged(text, language):
    assert detect_language(text) == language
