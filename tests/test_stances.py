"""Sourced stances that are not (only) quotations: refusals, denials, confirmations,
hedges and conditions, on real sentences."""

from __future__ import annotations

import pytest

from newsgraph.ingest import RawArticle
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Document, Stance, check_spans


@pytest.fixture(scope="module")
def analyze():
    pipe = Pipeline(extractors=("entities", "quotes", "sources", "stances"))

    def run(text: str) -> Document:
        document = pipe.analyze(RawArticle(id="t", text=text))
        assert check_spans(document) == []
        return document

    return run


def only_stance(document: Document) -> Stance:
    assert len(document.stances) == 1, [(s.status, s.text) for s in document.stances]
    return document.stances[0]


@pytest.mark.parametrize(("text", "status", "holder", "cue"), [
    ("The Department of Homeland Security did not immediately respond to a request for "
     "comment.", "no_comment", "Department of Homeland Security", "respond"),
    ("The company has yet to comment on the lawsuit.", "no_comment", "company",
     "has yet to comment"),
    ("Officials declined to discuss the matter.", "no_comment", "Officials",
     "declined to discuss"),
    ("John Smith could not be reached for comment.", "no_comment", "John Smith", "reached"),
    ("The three men pleaded not guilty to murder charges.", "denied", "three men",
     "pleaded not guilty"),
    ("The Islamic State group claimed responsibility for the attack.", "confirmed",
     "Islamic State group", "claimed responsibility"),
    ("The ministry later confirmed that two soldiers had died.", "confirmed", "ministry",
     "confirmed"),
    ("Russia denied the allegations.", "denied", "Russia", "denied"),
    ("President Vladimir Putin did not deny that troops were there.", "not_denied",
     "Vladimir Putin", "deny"),
    ("The Pentagon refrained from confirming the presence of the troops.", "not_confirmed",
     "Pentagon", "confirming"),
    ("The spokesman called the report baseless.", "denied", "spokesman", "called"),
])
def test_sourced_stance(analyze, text, status, holder, cue):
    stance = only_stance(analyze(text))
    assert stance.status == status
    assert stance.holder is not None and stance.holder.name == holder
    assert stance.cue is not None and stance.cue.text == cue


# sentences from VOA stories of the dev set's tuning half (public domain) and wire usage
@pytest.mark.parametrize(("text", "status", "holder", "cue"), [
    ("Although officials have made no comment, analysts point out that India backs the "
     "continuation of the military base.", "no_comment", "officials", "made no comment"),
    ("Malawi's education authorities refused to comment.", "no_comment",
     "Malawi's education authorities", "refused to comment"),
    ("The embassy declined comment.", "no_comment", "embassy", "declined comment"),
    ("Neither the White House nor the State Department responded to requests for comment.",
     "no_comment", "White House", "responded"),
    ("The foreign ministry has so far remained silent on the matter.", "no_comment",
     "foreign ministry", "remained silent"),
    ("Reuters could not immediately reach the ministry for comment.", "no_comment",
     "ministry", "reach"),
    # silence as news words it (sentences of PolNeAR train, political news 2015-16)
    ("Pittman could not immediately be contacted for comment.", "no_comment", "Pittman",
     "contacted"),
    ("Davis did not immediately return a request seeking comment.", "no_comment", "Davis",
     "return"),
    ("Eksili did not respond to attempts to reach him.", "no_comment", "Eksili", "respond"),
    ("Brainard declined to be interviewed for this article.", "no_comment", "Brainard",
     "declined to be interviewed"),
    ("The campaign would not say if Sullivan has been interviewed by the FBI.", "no_comment",
     "campaign", "say"),
    ("Cook declined to say whether it was a violation of Pentagon email policies.",
     "no_comment", "Cook", "declined to say"),
    ("Mook refused to speculate on the events following the election.", "no_comment", "Mook",
     "refused to speculate"),
    ("A spokeswoman for the Israeli Defense Ministry declined to comment.", "no_comment",
     "Israeli Defense Ministry", "declined to comment"),
    ("Hope Hicks, a spokeswoman for Trump, did not respond to a request for comment.",
     "no_comment", "Hope Hicks", "respond"),
    ("The foundation has no comment on the actions of that person.", "no_comment",
     "foundation", "has no comment"),
    ("Others did not return calls and emails seeking comment.", "no_comment", "Others",
     "return"),
    # a tuning-half Wikinews sentence: a press office speaks for its owner
    ("Wikinews approached the NTSB regarding their decision not to visit the site, but as of "
     "today the board's press office did not respond.", "no_comment", "board", "respond"),
    ("However, neither Britain nor Mauritius have confirmed any details, and the agreement "
     "is yet to be finalized.", "not_confirmed", "Britain", "confirmed"),
    ("It's a hypothesis raised by another lawyer of the victims, but dismissed by ambassador "
     "Simon as a conspiracy theory.", "denied", "Simon", "dismissed"),
    ("Treasury Secretary Scott Bessent dismissed concerns about Trump's threat to impose "
     "bigger tariffs on European spirits.", "denied", "Scott Bessent", "dismissed"),
    ("India rejected the accusation, calling it \"absurd and motivated.\"", "denied", "India",
     "rejected"),
    ("Sayed Abdul Wajeed Sadat told VOA five people had likely been killed in the crash.",
     "hedged", "Sayed Abdul Wajeed Sadat", "likely"),
    ("But the leader of the Bring Back Our Girls (BBOG) movement, Florence Ozor, said the "
     "battle is not won if school children can still be attacked or kidnapped.",
     "conditional", "Florence Ozor", "if"),
])
def test_stance_rules_from_the_tuning_half(analyze, text, status, holder, cue):
    stance = only_stance(analyze(text))
    assert stance.status == status
    assert stance.holder is not None and stance.holder.name == holder
    assert stance.cue is not None and stance.cue.text == cue


def test_verdict_inside_a_quotation_is_the_speakers_denial(analyze):
    document = analyze("“The constitution says there is separation between government "
                       "branches, but that is clearly false,” said Sarbast Nabi, professor of "
                       "political philosophy at Koya University.")
    stance = only_stance(document)
    assert (stance.status, stance.cue.text, stance.holder.name) == ("denied", "false",
                                                                    "Sarbast Nabi")


@pytest.mark.parametrize(("text", "cue"), [
    ("Five people had likely been killed in the crash.", "likely"),
    ("Apparently passengers were over-keen to board first.", "Apparently"),
    ("The alleged coup plotters were arrested on Sunday.", "alleged"),
])
def test_writer_hedge_words(analyze, text, cue):
    stance = only_stance(analyze(text))
    assert (stance.status, stance.cue.text, stance.holder) == ("hedged", cue, None)


def test_denial_inside_a_relative_clause(analyze):
    document = analyze("Sikh leaders accused India of the killing, a charge New Delhi quickly "
                       "rejected.")
    denial = next(s for s in document.stances if s.status == "denied")
    assert denial.holder.name == "New Delhi"
    assert denial.proposition is not None and denial.proposition.text == "a charge"


@pytest.mark.parametrize(("text", "cue", "proposition"), [
    ("Ivanov was allegedly behind the plot.", "allegedly", "Ivanov was allegedly behind the plot"),
    ("The rebels are believed to have withdrawn from the town.", "believed",
     "The rebels are believed to have withdrawn from the town"),
    ("The missile may have been fired from Iran.", "may",
     "The missile may have been fired from Iran"),
])
def test_writer_hedge_has_no_holder(analyze, text, cue, proposition):
    stance = only_stance(analyze(text))
    assert (stance.status, stance.cue.text, stance.holder) == ("hedged", cue, None)
    assert stance.proposition.text == proposition


def test_condition_qualifies_the_main_clause(analyze):
    stance = only_stance(analyze("If convicted, they face up to 20 years in prison."))
    assert stance.status == "conditional"
    assert stance.proposition.text == "they face up to 20 years in prison"


@pytest.mark.parametrize("text", [
    "The minister rejected the proposal.",
    "Israel denied him entry.",
    "He accused them of not responding effectively.",
    "The army did not respond to the attack.",
    "Even if it rains, the march goes ahead.",
    "He was admitted to hospital on Monday.",
    # quotes lend no hedge, condition or silence: the stance rules read those in context
    "Rubio is expected to have a pull-aside meeting with the Japanese foreign minister.",
    "Kenya has refused to attend a weeklong hearing by the United Nations' highest court.",
    "Hassan Mudane says sanctions may be imminent.",
    # if-clauses that condition the telling, not the claim; a bracketed aside
    "If I look at historical patterns, what's happening is not new and was expected.",
    "“I would say it's spotty at best, but if it comes to dental, yes,” he said.",
    "The struggle doesn't augur well for when (and if) the member states strike an agreement.",
    # a stance nobody holds; a purpose; at a loss rather than silent
    "No one has taken responsibility for the carnage in Dasht-e-Barchi.",
    "Canos-Donnay and others worked closely to verify that many events actually occurred.",
    "I think China was not expecting it, didn't know quite how to respond.",
    "On arrival Rome's normally crowded airport was eerily deserted and silent.",
    # refusals that withhold no words (PolNeAR train): anonymity, an act, a claim not made
    "\u201cPaul\u2019s knowledge, such as it is, is about 20 years old,\u201d said a longtime "
    "adviser to Trump, who declined to be identified and is not in the Lewandowski camp.",
    "First, she and other Democrats on the stage refused to say the words \"radical "
    "Islam.\"",
    "He declined to run for reelection after voting for Obamacare.",
    "During the hearing, the judge said he and his staff had been threatened by unnamed "
    "individuals, but he did not elaborate.",
])
def test_no_stance(analyze, text):
    assert analyze(text).stances == []


# silence and refusal worded as PolNeAR train words it (sentences from its texts)
@pytest.mark.parametrize(("text", "holder", "cue"), [
    ("Lewandowski, who did not respond to a request for comment, has denied that he was "
     "working on a book.", "Lewandowski", "respond"),
    ("(Neither company would comment on those reports.)", "company", "comment"),
    ("\u201cI think you could write a whole history book on that,\u201d said Guardian, who "
     "declined to say who he plans to vote for.", "Guardian", "declined to say"),
    ("She declined to weigh in, however, on the debate over Internet encryption and "
     "terrorism.", "She", "declined to weigh"),
    ("The agency declined to publicly detail the investigation's \"specific focus, scope or "
     "potential targets.\"", "agency", "declined to publicly detail"),
    ("A spokesman for Platte River declined to address the FBI's report specifically.",
     "Platte River", "declined to address"),
    # refusals to give words: what is withheld is a figure or details
    ("Lou declined to offer his own figure for layoffs.", "Lou", "declined to offer"),
    ("His campaign confirmed that Trump would be meeting with top Republican officials but "
     "would not offer details of the attendees or the agenda.", "Trump", "offer"),
    # a quoted statement's formula: the foundation's silence
    ("Tracy Martin, Trayvon's father, issued a statement Thursday, saying a foundation in "
     "his son's name is focusing on ending senseless gun violence and \"has no comment on "
     "the actions of that person that murdered Trayvon.\"", "foundation", "has no comment"),
])
def test_silence_as_polnear_words_it(analyze, text, holder, cue):
    stance = next(s for s in analyze(text).stances if s.status == "no_comment")
    assert stance.holder is not None and stance.holder.name == holder
    assert stance.cue is not None and stance.cue.text == cue


@pytest.mark.parametrize("text", [
    # PolNeAR train: no silence in a thing not reached, a document not disclosed, a
    # quotation's "not", a retaliation withheld, an address to the nation
    "This is the point of convergence among the players from Raqqa to Mosul, but no final "
    "agreements have been reached yet among the players.",
    "The emails will not be disclosed as part of an ongoing release of Clinton's email "
    "correspondence.",
    "Absolutely not,\" Clinton responded, remarking that she is \"looking for a team.\"",
    "Trump, again, did not respond in kind.",
    # the example article: sanctions that would not address an involvement
    "Officials said that sanctions alone would not adequately address North Korean "
    "involvement.",
])
def test_no_silence(analyze, text):
    assert not any(s.status == "no_comment" for s in analyze(text).stances)


def test_no_response_is_the_silence_of_whom_was_asked(analyze):
    # a tuning-half Wikinews article
    document = analyze("UpGuard reportedly sent an email to Cultura Colectiva on January 10, "
                       "and again on January 14, but received no response.")
    stance = next(s for s in document.stances if s.status == "no_comment")
    assert stance.holder is not None and stance.holder.name == "Cultura Colectiva"


def test_nobody_at_a_body_is_its_silence(analyze):
    stance = only_stance(analyze("Nobody at the embassy was available to comment."))
    assert stance.status == "no_comment"
    assert stance.holder is not None and stance.holder.name == "embassy"


def test_quoted_no_comment_is_the_speakers_silence(analyze):
    document = analyze("When asked about Sanders' absence on the trail, Canova said, "
                       "\"No comment.\"")
    stance = only_stance(document)
    assert stance.status == "no_comment" and stance.holder is not None
    assert stance.holder.name == "Canova"


def test_example_article_stances(example_doc):
    got = {(s.holder.name if s.holder else None, s.cue.text, s.status)
           for s in example_doc.stances}
    assert ("Kremlin", "dismissed", "denied") in got
    assert ("Putin", "refute", "not_denied") in got
    assert ("Pentagon", "confirming", "not_confirmed") in got
    assert not any(s.status == "no_comment" for s in example_doc.stances)


# silence PolNeAR train words with a curly apostrophe, a confirm-or-deny refusal, an
# unnamed spokesperson, "kept mum", "tight-lipped", "had no response" (its sentences)
@pytest.mark.parametrize(("text", "holder", "cue"), [
    ("Patrick wouldn\u2019t comment.", "Patrick", "comment"),
    ("McConnell spokesman Don Stewart wouldn\u2019t say when, or if, the Senate will vote "
     "to confirm the next judicial nominees on the list.", "Don Stewart", "say"),
    ("An FBI spokesman did not immediately respond to a request for comment.", "FBI",
     "respond"),
    ("Though the White House kept mum about the timing, all signs pointed to Obama "
     "endorsing Clinton on Thursday.", "White House", "kept mum"),
    ("A spokesman for Bloomberg had no response.", "Bloomberg", "had no response"),
    ("Trump has not yet responded to Calderon\u2019s remarks, although he did keep up his "
     "fiery rhetoric over the weekend on Twitter.", "Trump", "responded"),
])
def test_silence_in_more_polnear_wordings(analyze, text, holder, cue):
    stance = next(s for s in analyze(text).stances if s.status == "no_comment")
    assert stance.holder is not None and stance.holder.name == holder
    assert stance.cue is not None and stance.cue.text == cue


def test_tight_lipped_is_silence(analyze):
    # PolNeAR train
    document = analyze("When I met with Mr. VandeHei and Mr. Allen, they were tight-lipped "
                       "about their next venture.")
    stance = next(s for s in document.stances if s.status == "no_comment")
    assert stance.cue is not None and stance.cue.text.endswith("tight-lipped")


@pytest.mark.parametrize("text", [
    # PolNeAR train: counterfactual "could/might have" (after a condition with "had" put
    # first, or the writer's own "could have" of what did not happen), comparisons of
    # chances
    "But it could have been worse.",
    "Had the authorities found the posts years ago, they might have kept her out of the "
    "country.",
    "With such a razor-thin margin, Sanders could have requested a recount.",
    "It could have been prevented.",
    "\u201cI certainly could have answered the question better,\u201d Hassan said.",
    "Two in three said they are less likely to vote Republican in November because of "
    "Trump\u2019s views on immigration, and nearly three in five said they are much less "
    "likely.",
    # tuning-half Wikinews: questions, a ruling-out, a statistic, an
    # embedded "if" (whether), an attributive "confirmed"
    "Are we be likely to find more instances of planet formation in the near future?",
    "Because the scheme here did not aim to obtain money or property, Baroni and Kelly "
    "could not have violated the federal-program fraud or wire fraud laws.",
    "One could argue that the reason for this association is that gun households differ "
    "systematically from non-gun households in that they are more likely to have youth "
    "with depression and therefore youth who are more likely to attempt suicide.",
    "If you had access to more recent data than that from 2004, what would you hypothesize "
    "the difference might be, if any?",
    "The Vatican is to decide within a month if an investigation is required, and the "
    "investigation ordinarily has to be completed in three months.",
    "According to Chief Superintendent Graciano Mijares of the police of the Autonomous "
    "Region in Muslim Mindanao, the confirmed deaths are fourteen civilians, five Armed "
    "Forces personnel, and one member of the Coast Guard.",
])
def test_no_hedge_condition_or_confirmation(analyze, text):
    assert not any(s.status in ("hedged", "conditional", "confirmed")
                   for s in analyze(text).stances)


def test_counterfactual_is_a_condition_not_a_hedge(analyze):
    # PolNeAR train: "might have" under an if-clause is the condition's, not a guess
    got = [s.status for s in analyze(
        "\u201cThat might have changed the outcome, if there were evidence that, oh, a CIA "
        "source got killed as a result of sloppiness or an operation had to be aborted,"
        "\u201d Aftergood said.").stances]
    assert got == ["conditional"]
    # tuning-half Wikinews: a speaker's own "could have" after a condition
    got = [s.status for s in analyze(
        "If we had been, I could have made efforts to secure the scene.").stances]
    assert got == ["conditional"]


def test_neither_confirm_nor_deny_is_one_silence(analyze):
    # the wire formula (no text here words it): one refusal, not a confirmation and a denial
    stance = only_stance(analyze("The ministry would neither confirm nor deny the report."))
    assert stance.status == "no_comment"
    assert stance.cue is not None and stance.cue.text == "confirm nor deny"


def test_hedges_that_stay(analyze):
    # PolNeAR train: an epistemic "may have" is a hedge
    got = [s.status for s in analyze(
        "Reid (D-Nev.) told reporters that Donald Trump \"may have violated the law\" by "
        "calling on Russia to hack Hillary Clinton to find a trove of deleted emails.").stances]
    assert "hedged" in got


@pytest.mark.parametrize("text", [
    # PolNeAR train and a tuning-half VOA story: the writer's own forecast is no source's
    # hedge ("likely to", "will likely" about what is to come, outside any attribution)
    "Clinton is likely to cement her dominance and put the nomination further out of "
    "Sanders' reach on Tuesday.",
    "His remarks are likely to be seized on by nationalist populists.",
    "Obama will probably be remembered by historians as a liberal champion.",
])
def test_a_writers_forecast_is_no_hedge(analyze, text):
    assert not any(s.status == "hedged" for s in analyze(text).stances)


@pytest.mark.parametrize("text", [
    # a forecast a source makes stays its hedge: under a cue verb no quotation was found
    # for (a tuning-half Wikinews sentence), inside a quotation (PolNeAR train)
    "The estimated cost is six billion euros, but the saturation of the gas markets and "
    "competition from liquid natural gas (LNG) terminals are likely to keep private "
    "investors away, he noted.",
    "\u201cWhat I can\u2019t get out of my head is that while Donald Trump will likely be "
    "defeated, that\u2019s not going to make these people go away,\u201d he said.",
])
def test_a_sources_forecast_stays_hedged(analyze, text):
    assert [s.status for s in analyze(text).stances].count("hedged") == 1


def test_a_sources_could_have_stays_hedged(analyze):
    # PolNeAR train: "could have" reported from a source is its guess
    text = ("In addition, Republican opponents have said that Democratic presidential "
            "candidate Hillary Clinton\u2019s use of a private email server when she was "
            "secretary of state could have exposed classified information to foreign "
            "governments.")
    assert [s.status for s in analyze(text).stances].count("hedged") == 1


@pytest.mark.parametrize("text", [
    # PolNeAR train: names or advice withheld, an anonymous source's "not authorized to
    # speak publicly", a failed move or effort that asked nobody
    "Breitbart News\u2019 Michael Patrick Leahy previously reported, The Clinton Foundation "
    "refused to release the names of 1,076 foreign donors.",
    "Asked whether he would counsel Clinton to ask Sanders to join her ticket, Reid said he "
    "would not give her advice.",
    "Rossroads is combing through digital archives and poll testing for spots that may "
    "begin next year, according to a Crossroads official who wasn't authorized to speak "
    "publicly.",
    "But the move to ban him was unsuccessful.",
    "Elias's efforts there were unsuccessful.",
    # the wire formulas' look-alikes: a deal not reached, the record, a name, a quiet city
    "Attempts to reach a deal failed.",
    "Local officials declined to speak on the record.",
    "The police officer declined to give his name.",
    "The city was quiet on Sunday.",
])
def test_no_silence_in_refusals_of_other_things(analyze, text):
    assert not any(s.status == "no_comment" for s in analyze(text).stances)


# the wire formulas of silence (no text here words them): an attempt that failed, a source
# not reachable, requests turned down, silence kept in public, the press refused
@pytest.mark.parametrize(("text", "holder"), [
    ("Attempts to reach the company for comment were unsuccessful.", "company"),
    ("Repeated attempts to contact the family failed.", "family"),
    ("The embassy was not reachable on Sunday.", "embassy"),
    ("The ministry turned down requests for comment.", "ministry"),
    ("The president has not spoken publicly about the arrests.", "president"),
    ("The ministry has not publicly addressed the allegations.", "ministry"),
    ("The company declined to talk to reporters.", "company"),
    ("The army declined to give further details about the operation.", "army"),
])
def test_silence_in_wire_formulas(analyze, text, holder):
    stance = only_stance(analyze(text))
    assert stance.status == "no_comment"
    assert stance.holder is not None and stance.holder.name == holder


@pytest.mark.parametrize(("text", "cue"), [
    # tuning-half Wikinews: a hedging passive with a state, with "of", after a conjunction
    ("Five people, who were all crew, were rescued while the rest are presumed dead.",
     "presumed"),
    ("The man from Japan who was suspected of dying from the virus was the first foreign "
     "death.", "suspected"),
    ("The victim, eighteen-years-old and a high school student, was taken to the hospital "
     "for emergency surgery and is reported to be in critical condition.", "reported"),
])
def test_hedging_passives(analyze, text, cue):
    hedges = [s for s in analyze(text).stances if s.status == "hedged"]
    assert [s.cue.text for s in hedges if s.cue is not None] == [cue]


@pytest.mark.parametrize(("text", "holder"), [
    # a tuning-half VOA story and PolNeAR train: a claim of responsibility in the passive
    ("Past attacks were claimed by Islamic State.", "Islamic State"),
    ("Both incidents were claimed by the so-called Islamic State, sparking nationwide fear "
     "and panic.", "Islamic State"),
])
def test_an_attack_claimed_by_a_group_is_its_confirmation(analyze, text, holder):
    stance = next(s for s in analyze(text).stances if s.status == "confirmed")
    assert stance.holder is not None and holder in stance.holder.name
