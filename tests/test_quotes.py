"""Quotations, speakers and epistemic status on real-world style sentences."""

from __future__ import annotations

import pytest

from newsgraph.ingest import RawArticle
from newsgraph.schema import Document, Quote, check_spans


@pytest.fixture(scope="session")
def quotes_pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline(extractors=("entities", "quotes"))


@pytest.fixture(scope="session")
def analyze(quotes_pipeline):
    def run(text: str) -> Document:
        document = quotes_pipeline.analyze(RawArticle(id="t", text=text))
        assert check_spans(document) == []
        return document

    return run


def only(document: Document, kind: str | None = None) -> Quote:
    quotes = [q for q in document.quotes if kind is None or q.kind == kind]
    assert len(quotes) == 1, [(q.kind, q.text) for q in document.quotes]
    return quotes[0]


def with_cue(document: Document, cue: str) -> Quote:
    found = [q for q in document.quotes if q.cue is not None and q.cue.text == cue]
    assert found, [(q.cue and q.cue.text, q.text) for q in document.quotes]
    return found[0]


# -- statuses ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "cue", "status"), [
    ("The ministry said on Tuesday that the convoy had crossed the border.", "said", "asserted"),
    ("The army confirmed that two soldiers were wounded in the attack.", "confirmed", "confirmed"),
    ("The Kremlin denied that its forces had struck the hospital.", "denied", "denied"),
    ("Moscow dismissed the reports as fabrications.", "dismissed", "denied"),
    ("The spokesman did not confirm the number of casualties.", "confirm", "not_confirmed"),
    ("The Pentagon refrained from confirming the presence of foreign troops.", "confirming",
     "not_confirmed"),
    ("Reuters could not verify the claims independently.", "verify", "not_confirmed"),
    ("The president did not deny that the talks had taken place.", "deny", "not_denied"),
    ("The minister did not refute the presence of the troops.", "refute", "not_denied"),
    ("A company spokeswoman declined to comment on the lawsuit.", "comment", "no_comment"),
    ("The embassy did not respond to a request for comment.", "respond to", "no_comment"),
    ("Officials said the rebels may have withdrawn from the town.", "said", "hedged"),
    ("Analysts said the offensive will likely stall before winter.", "said", "hedged"),
    ("He suggested that if such steps were taken, they would be lawful.", "suggested",
     "conditional"),
    ("The governor warned that if the dam failed, thousands would be flooded.", "warned",
     "conditional"),
])
def test_status(analyze, text, cue, status):
    assert with_cue(analyze(text), cue).status == status


def test_negation_scope_did_not_say_he_would_deny(analyze):
    """The negation is on "say": no denial was made, and none is reported."""
    document = analyze("The senator did not say he would deny the report.")
    assert all(q.status not in ("denied", "not_denied") for q in document.quotes)
    assert with_cue(document, "say").status == "not_confirmed"


def test_negation_inside_content_is_not_the_cue(analyze):
    quote = with_cue(analyze("The mayor said the city would not deny permits to protesters."),
                     "said")
    assert quote.status == "asserted"


def test_hedged_frame_reportedly(analyze):
    document = analyze("The commander reportedly said that the bridge had been destroyed.")
    assert with_cue(document, "said").status == "hedged"


# -- direct, partial, indirect ------------------------------------------------------------
def test_direct_quote_after_cue_inversion(analyze):
    quote = only(analyze('"We will not back down," said Interior Minister Anna Kovacs.'))
    assert quote.kind == "direct"
    assert quote.text == "We will not back down"  # marks and the reporting comma left out
    assert quote.speaker.name == "Anna Kovacs"
    assert quote.speaker.role == "Interior Minister"


def test_doubled_apostrophe_quote(analyze):
    document = analyze("The vote was close.\n\n''This is a crucial two- or three-week period,'' "
                       "Senator Bob Corker said on Tuesday.")
    quote = only(document, "direct")
    assert quote.text == "This is a crucial two- or three-week period"
    assert quote.speaker is not None and quote.speaker.name == "Bob Corker"


def test_curly_quote_split_by_he_said_shares_speaker(analyze):
    text = ("Prime Minister Jan Novak spoke to reporters. “The talks are over,” he said. "
            "“We are going home.”")
    document = analyze(text)
    quote = only(document, "direct")  # one quotation split by its cue: one quote
    assert [document.text[s:e] for s, e in quote.segments] == ["The talks are over",
                                                               "We are going home."]
    assert quote.span == (quote.segments[0][0], quote.segments[-1][1])
    assert quote.speaker.name == "Jan Novak"
    assert quote.cue.text == "said"


def test_quote_split_around_its_cue_is_one_quote(analyze):
    text = "“The talks are over,” Jan Novak said, “and we are going home.”"
    document = analyze(text)
    quote = only(document, "direct")
    assert [document.text[s:e] for s, e in quote.segments] == ["The talks are over",
                                                               "and we are going home."]
    assert quote.speaker.name == "Jan Novak"


def test_quote_cue_beyond_the_window_takes_the_parsed_report(analyze):
    text = ("''It has the important virtue of being fiscally responsible,'' Leonard E. Burman, "
            "director of the centrist Urban-Brookings Tax Policy Center and a professor at the "
            "Maxwell School of Syracuse University, said of Mrs. Clinton's plan. ''It doesn't "
            "make our long-term fiscal problems worse.''")
    document = analyze(text)
    quote = only(document)
    assert quote.kind == "direct" and len(quote.segments) == 2
    assert quote.speaker.name == "Leonard E. Burman" and quote.cue.text == "said"


def test_nickname_in_the_speaker_name_does_not_hide_the_cue(analyze):
    text = ('"This is a big year for us!" Scott\'s niece, state Del. Marcia "Cia" Price, '
            'shouted to the crowd.')
    quote = only(analyze(text), "direct")
    assert quote.cue.text == "shouted"


def test_quote_spanning_paragraphs_is_one_quote(analyze):
    text = ('Senator Maria Lopez said: "The bill is dead.\n'
            '"We will bring it back next year."')
    quote = only(analyze(text), "direct")
    assert quote.text.startswith("The bill is dead.") and quote.text.endswith("next year.")
    assert quote.speaker.name == "Maria Lopez"


def test_partial_quote_takes_the_describing_verb(analyze):
    document = analyze('President Joe Biden described the attack as "an outrage."')
    quote = only(document)  # the quoted words belong to the attribution that reports them
    assert quote.kind == "indirect"
    assert [document.text[s:e] for s, e in quote.quoted] == ["an outrage"]
    assert quote.speaker.name == "Joe Biden"
    assert quote.cue.text == "described"


def test_indirect_that_clause(analyze):
    quote = only(analyze("NATO Secretary-General Mark Rutte warned that the alliance "
                         "faced a long war."), "indirect")
    assert quote.text == "that the alliance faced a long war"
    assert quote.speaker.name == "Mark Rutte"


def test_according_to(analyze):
    quote = only(analyze("According to the Interior Ministry, 40 people were arrested."),
                 "indirect")
    assert quote.text == "40 people were arrested"
    assert "Interior Ministry" in quote.speaker.name


def test_inverted_indirect(analyze):
    quote = only(analyze("The ceasefire is holding, the foreign minister said."), "indirect")
    assert quote.text == "The ceasefire is holding"
    assert quote.speaker.name == "foreign minister"


def test_indirect_content_in_a_subordinate_clause_stops_at_its_end(analyze):
    document = analyze("After the campaign announced that it had invited the mayor, the "
                       "governor cancelled his visit.")
    assert with_cue(document, "announced").text == "that it had invited the mayor"


# -- speakers and channels ----------------------------------------------------------------
def test_pronoun_resolves_to_last_named_subject(analyze):
    text = ("President Emmanuel Macron met Chancellor Olaf Scholz in Berlin. Foreign Minister "
            "Andrii Sybiha noted that Kyiv had warned its allies. \"Listen to Ukraine,\" he "
            "said on X.")
    quote = only(analyze(text), "direct")
    assert quote.speaker.name == "Andrii Sybiha"
    assert text[slice(*quote.speaker.span)] == "he"  # the evidence stays the pronoun
    assert quote.channel == "X"


def test_pronoun_resolves_to_unnamed_official(analyze):
    text = ("While a senior defence official did not confirm the strike, he said that the "
            "base had been evacuated.")
    quote = with_cue(analyze(text), "said")
    assert quote.speaker.name == "senior defence official"


def test_definite_description_resolves_to_named_person(analyze):
    text = ("Pentagon spokesperson Sabrina Singh briefed reporters on Monday. The troops are "
            "moving south, the spokesperson said.")
    quote = with_cue(analyze(text), "said")
    assert quote.speaker.name == "Sabrina Singh"


def test_channel_statement_and_told(analyze):
    document = analyze("The ministry said in a statement that the talks had failed. "
                       "The general told VOA that the troops were ready.")
    assert with_cue(document, "said").channel == "a statement"
    assert with_cue(document, "told").channel == "VOA"


def test_scare_quotes_are_not_quotations(analyze):
    document = analyze('The so-called "peace plan" was published on Monday.')
    assert document.quotes == []


# -- the example article --------------------------------------------------------------
def test_example_article_quotes(example_doc):
    """Nine quotations: four direct quotes and five quoted phrases, each inside the
    indirect quote that reports it."""
    text = example_doc.text
    quoted = [(q, s) for q in example_doc.quotes
              for s in (q.segments if q.kind == "direct" else q.quoted)]
    assert all(q.kind in ("direct", "indirect") for q, _ in quoted)
    got = [(q.speaker.name if q.speaker else None, text[s[0]:s[1]][:20]) for q, s in quoted]
    assert got == [
        ("Joe Biden", "very dangerous"),
        ("Sabrina Singh", "Some of these soldie"),
        ("Kremlin", "fake news"),
        ("Putin", "direct involvement b"),
        ("Sabrina Singh", "They are likely movi"),
        ("Andrii Sybiha", "The bottom line: lis"),
        ("Mark Rutte", "growing desperation"),
        ("Andriy Yermak", "weapons and a clear "),
        ("Andriy Yermak", "The enemy understand"),
    ]
    assert quoted[2][0].status == "denied"
    assert not any(q.kind == "partial" for q in example_doc.quotes)


def test_example_article_statuses(example_doc):
    def status_of(cue: str, speaker_part: str) -> set[str]:
        return {q.status for q in example_doc.quotes
                if q.cue and q.cue.text == cue and q.speaker and speaker_part in q.speaker.name}

    assert status_of("dismissed", "Kremlin") == {"denied"}
    assert status_of("refute", "Putin") == {"not_denied"}
    assert status_of("confirm", "official") == {"not_confirmed"}
    assert status_of("suggested", "official") == {"conditional"}
    assert status_of("confirming", "Pentagon") == {"not_confirmed"}


def test_quoted_name_after_a_comma_is_no_quotation(analyze):
    document = analyze("She became a voice for gun control after the shooting at a screening of "
                       "her film, “Trainwreck.”")
    assert [q for q in document.quotes if q.kind == "direct"] == []


def test_parenthetical_cue_reports_the_whole_sentence(analyze):
    text = ("Senator Jim Risch spoke after the vote. An ambassador's job, he said, should be to "
            "counter lies with hard data.")
    quote = with_cue(analyze(text), "said")
    assert quote.kind == "indirect"
    assert quote.text.startswith("An ambassador's job") and quote.text.endswith("hard data")
    assert quote.speaker is not None and quote.speaker.name == "Jim Risch"


def test_raised_passive_without_agent(analyze):
    quote = with_cue(analyze("Trump is expected to deliver a victory speech later tonight."),
                     "expected")
    assert quote.text == "Trump is expected to deliver a victory speech later tonight"
    assert quote.speaker is None


@pytest.mark.parametrize("text", [
    "The delegate lead for Hillary Clinton continues to grow after a big win.",
    "The communications major did not find a job in her field.",
    "Marley Dias launched a reading campaign called #1000BlackGirlBooks last year.",
])
def test_cue_verbs_that_report_nothing(analyze, text):
    assert [q.text for q in analyze(text).quotes if q.kind == "indirect"] == []


def test_reported_clause_stops_at_a_direct_quote(analyze):
    text = ("Asked whether Cuba would sue, Senator Marco Rubio fired back: “If they sue us in "
            "a court in Miami, they’re going to lose,” he said.")
    direct = only(analyze(text), "direct")
    assert direct.text.startswith("If they sue us")
    assert direct.speaker is not None and direct.speaker.name == "Marco Rubio"
    asked = with_cue(analyze(text), "Asked")
    assert "Miami" not in asked.text


def test_quotation_after_a_verb_and_comma_is_direct(analyze):
    text = ("Hillary Clinton thanked her home state and then boomed, “Today, you proved once "
            "again, there’s no place like home.”")
    quote = only(analyze(text), "direct")
    assert quote.text.startswith("Today, you proved")


def test_long_appositive_source_before_the_cue(analyze):
    text = ("“Both Donald Trump and Ted Cruz scare me,” Harry Bond, 30, of Raleigh, N.C., who "
            "was among those polled, said in a follow-up interview.")
    quote = only(analyze(text), "direct")
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker is not None and quote.speaker.name == "Harry Bond"


def test_continuation_after_a_title_in_the_cue_sentence(analyze):
    text = ("Ben Carson spoke on Sunday. “I have always said that I expect to be vetted,” he said "
            "on “Meet the Press.” “But this is different.”")
    document = analyze(text)
    quote = only(document, "direct")  # one quotation; the show's title is no quote
    assert document.text[slice(*quote.segments[-1])] == "But this is different."
    assert len(quote.segments) == 2 and quote.speaker.name == "Ben Carson"


def test_passive_with_agent_reports_its_subject(analyze):
    quote = with_cue(analyze("Martin O’Malley’s move was first reported by Politico on Monday."),
                     "reported")
    assert quote.text == "Martin O’Malley’s move"
    assert quote.speaker is not None and quote.speaker.name == "Politico"


def test_asked_whether_reports_the_question(analyze):
    quote = with_cue(analyze("Pollsters asked voters whether they planned to attend the caucuses."),
                     "asked")
    assert quote.text == "whether they planned to attend the caucuses"


def test_possessed_stance_noun_with_object(analyze):
    quote = with_cue(analyze("Senator Elizabeth Warren repeated her criticism of the trade deal "
                             "on Tuesday."), "criticism")
    assert quote.text == "the trade deal"
    assert quote.speaker is not None and quote.speaker.name == "Elizabeth Warren"


def test_seem_reports_subject_and_complement(analyze):
    quote = with_cue(analyze("The secure fax machine appears to have been broken for weeks."),
                     "appears")
    assert quote.text == "The secure fax machine appears to have been broken for weeks"
    assert quote.status == "hedged"


def test_asked_clause_stops_before_the_next_speaker(analyze):
    document = analyze("Asked what characteristics the nominee should have, Sheldon Adelson "
                       "said that they must be able to win.")
    asked = with_cue(document, "Asked")
    assert asked.text == "what characteristics the nominee should have"
    said = with_cue(document, "said")
    assert said.speaker is not None and said.speaker.name == "Sheldon Adelson"


def test_lowercase_quote_after_a_comma_is_partial(analyze):
    text = ("Senator Bob Casey said he rarely asks surrogates to stump for him, “except for "
            "people I am very close to.”")
    assert [q for q in analyze(text).quotes if q.kind == "direct"] == []


def test_quotation_inside_a_that_clause_is_partial(analyze):
    text = ("Senator Barbara Boxer said that after 44 male presidents, “It is time for a woman "
            "to lead this country.”")
    document = analyze(text)
    assert [q for q in document.quotes if q.kind == "direct"] == []
    quote = with_cue(document, "said")
    assert quote.speaker is not None and quote.speaker.name == "Barbara Boxer"


def test_learned_that_and_spoke_about(analyze):
    learned = with_cue(analyze("The Washington Post has learned that the campaign ditched its "
                               "police escort."), "learned")
    assert learned.text == "that the campaign ditched its police escort"
    spoke = with_cue(analyze("Senator Bernie Sanders spoke about the power of super PACs."),
                     "spoke about")
    assert spoke.text == "the power of super PACs"


@pytest.mark.parametrize(("text", "content"), [
    # the parser hangs the that-clause on "statement"
    ("The Wisconsin Republican says in a statement that the president's steps are certain "
     "to be challenged in the courts.",
     "that the president's steps are certain to be challenged in the courts"),
    # the parser ends the sentence right after "says"
    ("He says Americans don't need any more “emotional, condescending lectures that are "
     "completely devoid of facts.”",
     "Americans don't need any more “emotional, condescending lectures that are completely "
     "devoid of facts"),
])
def test_a_clause_the_parser_detached_from_its_cue_is_reported(analyze, text, content):
    quote = with_cue(analyze(text), "says")
    assert quote.kind == "indirect"
    assert quote.text == content


# -- a speaker is never the previous quote's by default (Wikinews, CC BY 2.5) -----------
def test_quote_paragraph_does_not_borrow_the_previous_speaker(analyze):
    text = ('Regarding Trump\'s phone call, former federal prosecutor Elie Honig said via '
            'Twitter: "If I got a transcript like the Trump-Ukraine call in a regular criminal '
            'case for bribery or extortion, I\'d think, \'Wow, I\'m surprised they\'re '
            'discussing this so openly and clearly.\' "\n\n\n"The only conclusion I can reach '
            'after reading that devastating call summary is that Trump\'s White House staff '
            'want him to resign or be impeached," tweeted former thinktank executive Ken Gude. '
            '"That\'s the only explanation I can come up with for why they would release this '
            'call summary."')
    quotes = [q for q in analyze(text).quotes if q.kind == "direct"]
    assert [q.speaker.name for q in quotes] == ["Elie Honig", "Ken Gude"]


def test_quote_after_a_closed_paragraph_stays_without_a_speaker(analyze):
    text = ('One of the children said, "Sometimes I still have nightmares of things that had '
            'happened such as my siblings being chained up or getting beaten." However, this '
            'person also said that they still love their parents and had partially forgiven '
            'them.\n\n\n"We will appeal."')
    last = analyze(text).quotes[-1]
    assert last.kind == "direct" and last.text == "We will appeal."
    assert last.speaker is None  # no cue, a new paragraph: not the previous quote's speaker


def test_quote_continuing_its_cue_sentence_keeps_the_speaker(analyze):
    text = ('“Russia, unfortunately, does not have a good record of living up to ceasefires,” '
            'Pifer said. “We saw what happened between 2014 and 2021 in Donbas.”')
    quotes = [q for q in analyze(text).quotes if q.kind == "direct"]
    assert quotes and all(q.speaker is not None and q.speaker.name == "Pifer" for q in quotes)


def test_quote_paragraph_announced_by_a_colon_keeps_the_speaker(analyze):
    quote = only(analyze('Senator Maria Lopez told reporters:\n\n"The bill is dead."'), "direct")
    assert quote.speaker.name == "Maria Lopez"


# -- speakers are sources: sentences from VOA stories of the dev set's tuning half -------
@pytest.mark.parametrize(("text", "speaker"), [
    ("U.S. Air Force Chief of Staff, General Dave Goldfein said the plane was an E-11A "
     "equipped with the Battlefield Airborne Communications Node.", "Dave Goldfein"),
    ("The court's president, Judge Joan Donoghue, rejected Kenya's request to brief it before "
     "the start of Monday's opening. \"The court regrets the decision of Kenya not to "
     "participate in the oral proceedings,\" she said.", "Joan Donoghue"),
    ("According to NISA, “The operation dealt a significant blow to al-Shabab, eliminating key "
     "members of the group.” Somali government soldiers, supported by local clan militias, "
     "are conducting operations against al-Shabab.", "NISA"),
    ("\"Enemy intelligence aircraft crashed in Sado Khelo area of Deh Yak district. Wreckage & "
     "dead bodies laying [sic] at crash site,” Taliban spokesman Zabihullah Mujahid tweeted "
     "in English.", "Zabihullah Mujahid"),
])
def test_quote_speaker_is_the_named_source(analyze, text, speaker):
    quotes = analyze(text).quotes
    quote = next((q for q in quotes if q.kind == "direct"), quotes[0])
    assert quote.speaker is not None and quote.speaker.name == speaker


# speakers on sentences from VOA stories and Wikinews articles of the tuning half
@pytest.mark.parametrize(("text", "cue", "speaker"), [
    # a definite role description with no role given before: the person last named as a
    # source
    ("Former top European Union official Michel Barnier, who led the bloc\u2019s fraught "
     "Brexit negotiations, says immigration to France should stop for three to five years. "
     "The former French foreign minister told France Television, \u201cWe need to take some "
     "time and suspend immigration.\u201d", "told", "Michel Barnier"),
    ("Speaking at a United Nations Security Council meeting on Afghanistan this week, "
     "Pakistan's permanent representative to the United Nations, Munir Akram, said Kabul was "
     "failing to rein in Baloch separatists. \"The Kabul authorities have failed to address "
     "the threat,\" the Pakistani envoy said Monday.", "said", "Munir Akram"),
    # a role described in full is someone new, not the last source
    ("Former top European Union official Michel Barnier, who led the bloc\u2019s Brexit "
     "negotiations, says immigration to France should stop. The ambassador of Hungary said "
     "the remarks were ironic.", "said", "ambassador"),
    # a name modifying a noun is no antecedent for "he"
    ("Michel Barnier says immigration to France should stop for three to five years. "
     "Barnier, too, was a strong advocate of Schengen and during Brexit negotiations he "
     "emphasized that the single market\u2019s \u201cfour freedoms\u201d are indivisible.",
     "emphasized", "Barnier"),
    # a surname the tagger missed after the full name
    ("\"The timing is not good,\" said Thomas Countryman, a former senior State Department "
     "official. Countryman sees the move as reflecting new foreign policy priorities for the "
     "United States under President Joe Biden. He said the news did not surprise him.",
     "said", "Thomas Countryman"),
    # the issuer of a document behind its topic or from a body
    ("A 2020 report on human rights by the U.S. State Department said corruption in Albania "
     "is \"pervasive in all branches of government.\"", "said", "State Department"),
    ("Another report from the Mexican government during the weekend said eight Mexicans died "
     "in the attack.", "said", "Mexican government"),
    # the parser's demonstrative subject ("This Wednesday") is not the speaker
    ("This Wednesday Greek Foreign Minister George Katrougalos emphasized the requirement of "
     "approval by UNESCO.", "emphasized", "George Katrougalos"),
    # the object of "told" after a quotation is the hearer, not an inverted source
    ("\u201cSo this is a very, very positive thing, and I'm very proud of Secretary Rubio, "
     "also Mike Waltz, national security adviser,\u201d Republican Representative Derrick Van "
     "Orden, told VOA.", "told", "Derrick Van Orden"),
    # a possessor in the pronoun's own sentence is a last resort (tuning-half Wikinews)
    ("Emily Spanton met officers Antoine Quirin and Nicolas Redouane at an Irish pub. "
     "Quirin denied any sexual activity, but upon learning his DNA was on Spanton's "
     "underwear he claimed sex had been consensual.", "claimed", "Quirin"),
    # a group named by its participle
    ("The aid group, known by its French acronym MSF, reports the population of northeast "
     "Nigeria is being victimized by all sides in the Boko Haram conflict.", "reports",
     "MSF"),
    # a quoted subject the parser gave the verb besides the named one
    ("\u201cWe now find ourselves \u2014 our very own identity, our very own self \u2014 "
     "being given to someone else by a made-up policy without asking us,\u201d Evenor told "
     "VOA, adding that there could be no historical link between the Chagos Islands and "
     "Mauritius.", "adding", "Evenor"),
])
def test_speaker_names_the_source(analyze, text, cue, speaker):
    quote = [q for q in analyze(text).quotes if q.cue is not None and q.cue.text == cue][-1]
    assert quote.speaker is not None and speaker in quote.speaker.name


def test_according_to_after_a_closed_quotation_is_the_next_sentences(analyze):
    text = ("\u201cThis effectively denies recognition to several long-standing religious "
            "communities in Syria, including the Yazidis and Druze,\u201d Badrakhan said. "
            "\u201cOver time, this provision could also be interpreted as a means to exclude "
            "the Ismaili and Alawite sects from formal recognition.\u201d According to the CIA "
            "World Factbook, Arabs constitute 50% of Syria\u2019s nearly 24 million people.")
    second = next(q for q in analyze(text).quotes if q.text.startswith("This"))
    assert second.cue is not None and second.cue.text == "said"
    assert all("Over time" not in q.text or q.cue is None or q.cue.text != "According"
               for q in analyze(text).quotes)


def test_the_report_is_the_one_just_reported(analyze):
    text = ("However, CMGM, an outlet covering China news, reported in January 2021 that he "
            "received advertisement contracts within 15 days for a mobile game. The companies "
            "paid about $11,000 for each ad, according to the report.")
    quote = next(q for q in analyze(text).quotes if q.text.startswith("The companies"))
    assert quote.speaker is not None and quote.speaker.name == "CMGM"


def test_a_report_nobody_reported_before_names_no_speaker(analyze):
    text = ("The companies paid about $11,000 for each ad, according to the report. Kowal "
            "said he was proud.")
    quote = next(q for q in analyze(text).quotes if q.text.startswith("The companies"))
    assert quote.speaker is None


def test_hearers_of_a_passive_tell_are_no_speaker(analyze):
    text = ("The exiled Chagossians have been told that under the terms of the deal with "
            "Mauritius, they would be able to return to outer islands.")
    quote = next(q for q in analyze(text).quotes if q.cue is not None and q.cue.text == "told")
    assert quote.speaker is None


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("Senator Marco Rubio blamed the administration for the collapse of the talks.",
     "blamed", "the administration for the collapse of the talks"),
    ("The foreign ministry accused Washington of meddling in the election.",
     "accused", "Washington of meddling in the election"),
    # "during" says when, not what was praised
    ("The governor praised the rescue crews for their work during the floods.",
     "praised", "the rescue crews for their work"),
])
def test_object_content_keeps_what_the_parser_hung_on_the_verb(analyze, text, cue, content):
    assert with_cue(analyze(text), cue).text == content


def test_the_when_of_the_saying_is_not_content(analyze):
    quote = with_cue(analyze("The senator criticized the trade deal on Tuesday."), "criticized")
    assert quote.text == "the trade deal"


def test_headline_attributes_with_a_colon(analyze):
    document = analyze("Zelenskyy: Russia is preparing a new offensive in the east\n\n"
                       "Kyiv, Ukraine - Ukraine's president warned on Sunday of new attacks.")
    quote = with_cue(document, ":")
    assert quote.kind == "indirect"
    assert quote.text == "Russia is preparing a new offensive in the east"
    assert quote.speaker is not None and quote.speaker.name == "Zelenskyy"


@pytest.mark.parametrize("text", [
    "Update: The bridge reopened to traffic on Monday morning after repairs\n\nMore text.",
    "Watch: Firefighters battle a blaze in the hills above the city\n\nMore text.",
])
def test_a_colon_after_a_label_is_no_attribution(analyze, text):
    assert [q for q in analyze(text).quotes if q.cue and q.cue.text == ":"] == []


def test_a_colon_in_a_long_paragraph_is_no_headline(analyze):
    text = ("Zelenskyy: " + "the talks went on for hours in the capital and " * 6
            + "nothing was agreed.\n\nMore text.")
    assert [q for q in analyze(text).quotes if q.cue and q.cue.text == ":"] == []


# speaker names on sentences of tuning-half VOA stories (eval/attribution_voa)
def test_the_group_with_its_name_speaks_as_the_name(analyze):
    text = ("The Islamist militant group al-Shabab immediately claimed responsibility for the "
            "attack. In a statement, the group said it had killed more than 10 people.")
    quote = with_cue(analyze(text), "said")
    assert quote.speaker.name == "al-Shabab"


def test_a_possessor_in_reported_content_is_no_antecedent(analyze):
    text = ("Ochieng said IS Sahel\u2019s strategy appears increasingly focused on exploiting "
            "security gaps beyond their core Sahelian strongholds. Andrew Lebovich of the Dutch "
            "international affairs think tank Clingendael said these disrupted plots are "
            "indicative of IS Sahel's broader ambitions. \"It does suggest an ongoing effort to "
            "increase operations in different ways in other countries,\u201d he said.")
    quote = only(analyze(text), "direct")
    assert quote.speaker.name == "Andrew Lebovich"


def test_a_name_the_tagger_missed_is_kept_whole(analyze):
    text = ("The charity Doctors Without Borders says insecurity caused by the Boko Haram "
            "conflict has put more than a million Nigerians beyond the reach of humanitarian "
            "workers.")
    quote = with_cue(analyze(text), "says")
    assert quote.speaker.name == "Doctors Without Borders"


def test_inverted_cue_takes_the_name_after_it(analyze):
    text = ("Revisions to the maritime safety law will add support for Chinese claims in the "
            "South China Sea and the East China Sea, where the government contests a chain of "
            "islets with Japan and Taiwan, said Andrew Yang, secretary-general of the Chinese "
            "Council of Advanced Policy Studies think tank.")
    quote = with_cue(analyze(text), "said")
    assert quote.speaker.name == "Andrew Yang"


def test_a_statement_someone_issued_is_theirs(analyze):
    text = ("Meanwhile, U.S. Secretary of State Antony Blinken issued a statement Tuesday saying "
            "the United States is \u201cdeeply disappointed\u201d by the approval of the "
            "legislative bill.")
    quote = with_cue(analyze(text), "saying")
    assert quote.speaker.name == "Antony Blinken"
    assert quote.channel is not None and "statement" in quote.channel


def test_a_person_of_an_organisation_speaks_when_the_parse_breaks(analyze):
    # "think tank" is parsed as a verb, which leaves the think tank as the subject of "said"
    text = ("Andrew Lebovich of the Dutch international affairs think tank Clingendael said these "
            "disrupted plots are indicative of IS Sahel's broader ambitions.")
    quote = with_cue(analyze(text), "said")
    assert quote.speaker.name == "Andrew Lebovich"


# -- speakers named through titles, adjuncts and documents (tuning-half texts) ----------
def test_a_title_names_its_holder_and_the_title_refers_back(analyze):
    text = ("On Sunday in Argentina's National Congress, President of Argentina Alberto "
            "Fern\u00e1ndez announced he is to send a bill to the congress in the next ten days "
            "which aims to legalise abortion of human pregnancy.  The president had previously "
            "called it \"a matter of public health\".")
    document = analyze(text)
    assert "Fern\u00e1ndez" in with_cue(document, "announced").speaker.name
    assert "Fern\u00e1ndez" in with_cue(document, "called").speaker.name


def test_a_person_closing_a_coordinated_subject_speaks(analyze):
    text = ("The United States' National Institute of Allergy and Infectious Disease's "
            "director, Dr. Anthony Fauci, said of the outbreak, \"[b]ottom line, it's going to "
            "get worse.\"")
    assert "Fauci" in with_cue(analyze(text), "said").speaker.name


def test_the_object_of_a_speaking_adjunct_is_not_the_pronoun(analyze):
    text = ("The previous day, television broadcaster PBS revealed that in December, Crown "
            "Prince Mohammad bin Salman of Saudi Arabia accepted responsibility for the murder "
            "of journalist Jamal Khashoggi.  Speaking to Martin Smith of PBS, he said, \"It "
            "happened under my watch.\"")
    speaker = with_cue(analyze(text), "said").speaker
    assert "Salman" in speaker.name and not speaker.unresolved


def test_a_participle_cue_shares_the_subject_of_the_verb_beside_it(analyze):
    text = ("Agn\u00e8s Callamard, a UN rapporteur who had investigated the case, cautioned "
            "justice does not come swiftly. \"True justice takes time and I know it's painful, "
            "but that's the reality of the world we live in,\" she said, asking Cengiz to be "
            "\"patient and resilient.\"")
    speaker = with_cue(analyze(text), "asking").speaker
    assert speaker is None or "Callamard" in speaker.name  # never the one asked


def test_the_report_is_the_named_document_just_cited(analyze):
    text = ("According to the Global Terrorism Index 2025 released last week, Pakistan "
            "experienced a 45% increase in terrorism deaths last year, compared to 2023. That is "
            "the largest year-to-year rise in more than a decade. The BLA emerged as one of the "
            "top two militant groups driving the increase. According to the report, the "
            "separatist group and its ideological allies launched 504 attacks.")
    quotes = [q for q in analyze(text).quotes if q.text.startswith("the separatist group")]
    assert quotes and quotes[0].speaker is not None
    assert "Global Terrorism Index" in quotes[0].speaker.name


def test_a_pronoun_takes_a_speaker_name_the_tagger_missed(analyze):
    text = ("Equiluz says the Nigerian army does not allow humanitarian agencies to go to these "
            "areas. \"These counterterrorism laws prevent humanitarian actors to negotiate with "
            "all actors,\" he said.")
    speaker = with_cue(analyze(text), "said").speaker
    assert speaker.name == "Equiluz" and not speaker.unresolved


def test_a_participle_hung_on_a_thing_belongs_to_the_source_described(analyze):
    text = ("An eyewitness described for news agency PA Media how the attack unfolded, stating, "
            "\"I was crossing the road when I saw a man with a machete. The man was then "
            "shot.\"")
    assert with_cue(analyze(text), "stating").speaker.name == "eyewitness"


def test_an_unnamed_spokesman_speaks_for_the_named_body(analyze):
    text = ("A spokesman for the Russian Foreign Ministry later tweeted that there were no "
            "indications the plane went down because of enemy fire.")
    speaker = with_cue(analyze(text), "tweeted").speaker
    assert "Foreign Ministry" in speaker.name and speaker.role == "spokesman"


def test_a_spokesman_for_a_person_stays_a_description(analyze):
    text = ("A spokesman for Afghan President Ashraf Ghani said there were no indications the "
            "plane went down because of enemy fire.")
    assert with_cue(analyze(text), "said").speaker.name == "spokesman"


def test_the_statement_is_issued_by_whoever_issued_it(analyze):
    text = ("The Argentinian government issued a statement on Sunday. The statement said about "
            "350 thousand illegal abortions are carried out in the country each year.")
    speaker = with_cue(analyze(text), "said").speaker
    assert speaker is not None and "government" in speaker.name


def test_a_body_s_chief_is_the_head_named_before(analyze):
    text = ("Rafael Grossi, head of the International Atomic Energy Agency, visited the plant "
            "on Monday.\n\nThe agency's chief said the plant was safe.")
    assert with_cue(analyze(text), "said").speaker.name == "Rafael Grossi"


def test_the_group_is_the_organisation_in_the_last_speaker_s_title(analyze):
    text = ("Amnesty International researcher Jane Doe said the evidence was clear. The rights "
            "group called for an investigation.")
    assert with_cue(analyze(text), "called for").speaker.name == "Amnesty International"


# -- where an indirect content starts and ends -----------------------------------------
def test_an_as_clause_reports_the_clause_it_hangs_from(analyze):
    text = ("As the Washington Post reported on Friday, the inspector general issued subpoenas "
            "to the foundation.")
    quote = with_cue(analyze(text), "reported")
    assert quote.kind == "indirect"
    assert quote.text == "the inspector general issued subpoenas to the foundation"
    assert "Post" in quote.speaker.name


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The union endorsed Maria Lopez, a teacher who has never held elected office.",
     "endorsed", "Maria Lopez"),
    ("The mayor praised the volunteers, who worked through the night to clear the roads.",
     "praised", "the volunteers"),
])
def test_a_noun_content_ends_before_the_writer_s_description(analyze, text, cue, content):
    assert with_cue(analyze(text), cue).text == content


def test_a_name_in_apposition_stays_in_the_content(analyze):
    text = "The senator praised her predecessor, Anna Berg, for the reform."
    assert "Anna Berg" in with_cue(analyze(text), "praised").text


def test_a_warning_of_something_reports_it(analyze):
    text = ("The party chairman warned of a bitter battle that could split the party before "
            "the convention.")
    quote = with_cue(analyze(text), "warned")
    assert quote.text.startswith("a bitter battle that could split the party")


def test_agreeing_with_someone_reports_whom(analyze):
    text = "Most of the delegates agreed with the governor on the budget."
    quote = with_cue(analyze(text), "agreed with")
    assert quote.text.startswith("the governor")


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The embassy warned against travel to the border region.", "warned against",
     "travel to the border region"),
    ("The opposition leader asked for an independent inquiry into the shooting.", "asked for",
     "an independent inquiry into the shooting"),
])
def test_a_cue_with_its_preposition_reports_the_object(analyze, text, cue, content):
    assert with_cue(analyze(text), cue).text == content


def test_a_poll_opening_the_sentence_reports_its_finding(analyze):
    text = ("In a Reuters/Ipsos poll released on Monday, the governor led his rival by eight "
            "points among likely voters.")
    quote = with_cue(analyze(text), "In")
    assert quote.text.startswith("the governor led his rival by eight points")
    assert quote.channel is not None and "poll" in quote.channel
    assert quote.attribution_kind == "report"


def test_a_poll_under_a_reporting_verb_is_left_to_the_verb(analyze):
    text = "In a statement on Monday, the ministry said the poll was flawed."
    assert not any(q.cue.text == "In" for q in analyze(text).quotes if q.cue)
