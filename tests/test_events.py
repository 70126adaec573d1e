"""PLOVER events on real text: type, actor and target codes, time, status and source."""

from __future__ import annotations

import pytest


def _events(doc, type_, **fields):
    found = [e for e in doc.events if e.type == type_
             and all(getattr(e, k) == v for k, v in fields.items())]
    assert found, f"no {type_} {fields} among {[(e.type, e.text, e.status) for e in doc.events]}"
    return found


def test_deployment_reported_by_nato(example_doc):
    event = _events(example_doc, "MOBILIZE", status="reported", source="NATO")[0]
    assert event.actor_code == "PRKMIL"
    assert "Russia" in (event.target or "") and event.target_code == "RUS"


def test_kursk_presence_not_confirmed_by_pentagon(example_doc):
    event = _events(example_doc, "MOBILIZE", status="not_confirmed", source="Pentagon")[0]
    assert event.location == "Kursk"
    assert event.actor_code == "PRKMIL"


def test_kremlin_denial_and_putin_not_denying(example_doc):
    _events(example_doc, "MOBILIZE", status="denied", source="Kremlin")
    _events(example_doc, "MOBILIZE", status="not_denied", source="Putin")


def test_june_pact(example_doc):
    _events(example_doc, "AGREE", time="2024-06")


def test_putin_warning(example_doc):
    event = _events(example_doc, "THREATEN", actor="Putin")[0]
    assert event.actor_code == "RUSGOV" and event.target_code == "USA"


def test_event_spans_are_exact(example_doc):
    from newsgraph.schema import check_spans

    assert check_spans(example_doc) == []


@pytest.fixture(scope="module")
def coded(pipeline):
    from newsgraph.ingest import read_text_article

    text = ("Syria said it will not accept any more refugees. "
            "Israeli troops attacked Palestinian homes in Gaza on Sunday. "
            "The United States demanded that North Korea abandon its nuclear program. "
            "Japan will provide emergency food aid to Sudan. "
            "Azerbaijan threatened to break relations with Russia.")
    return pipeline.analyze(read_text_article(text, id="coded", published="2024-03-05"))


@pytest.mark.parametrize(("type_", "actor_code", "target_code"), [
    ("REJECT", "SYRGOV", None),
    ("ASSAULT", "ISRMIL", "PSE"),
    ("REQUEST", "USA", "PRK"),
    ("AGREE", "JPN", "SDN"),
    ("THREATEN", "AZE", "RUS"),
])
def test_plover_rules(coded, type_, actor_code, target_code):
    event = _events(coded, type_)[0]
    assert (event.actor_code or "").startswith(actor_code[:3])
    if target_code:
        assert (event.target_code or "").startswith(target_code)


def test_actor_dictionary_is_extensible(tmp_path, monkeypatch):
    from newsgraph.events.actors import ENV_VAR, load_actors

    assert load_actors().code(["Wakanda"]) is None
    extra = tmp_path / "more.tsv"
    extra.write_text("Wakanda\tWAK\tGOV\tcountry\nWakandan\tWAK\t\tdemonym\n", "utf-8")
    assert str(load_actors(extra).code(["Wakandan", "troops"], head=1)) == "WAKMIL"
    monkeypatch.setenv(ENV_VAR, str(extra))
    assert str(load_actors().code(["Wakanda"])) == "WAKGOV"


def test_shipped_dictionary_codes():
    from newsgraph.events.actors import load_actors

    actors = load_actors()
    assert str(actors.code("North Korean military units".split(), head=3)) == "PRKMIL"
    assert str(actors.code(["Pentagon"])) == "USAMIL"
    assert actors.code(["French"]).code == "FRA"  # not a territory that shares the demonym
    assert actors.codes("Hungarian and Romanian officials".split()) == ["HUN", "ROU"]
    assert actors.code(["us"]) is None  # the pronoun is not the country


def test_gsr_loader_and_scores(data_dir):
    from newsgraph.eval.events import GSR_FILE, load_gsr, run_gsr

    if not (data_dir / GSR_FILE).exists():
        pytest.skip("PLOVER gold records absent")
    records = load_gsr(data_dir / GSR_FILE)
    assert len(records) == 322 and all(r.type != "DOCUMENT" for r in records)
    tallies, _ = run_gsr(data_dir, None, None)
    overall = tallies["all"]
    # floors a little under the measured figures (see README): regressions fail here
    assert overall.correct / overall.total >= 0.68
    assert overall.actor.f1 >= 0.70
    assert overall.target.f1 >= 0.65
    held = tallies["held-out half (hash)"]
    assert held.total == 159 and held.correct / held.total >= 0.65


def test_a_stretch_of_time_is_not_a_target(example_doc):
    # "alerting allies about the impending deployment for weeks"
    targets = [e.target for e in example_doc.events if e.target]
    assert targets and not any(t.lower() in ("weeks", "days", "months") for t in targets)


def test_cooperation_between_two_parties(example_doc):
    # "the strengthening military cooperation between Russia and North Korea"
    event = _events(example_doc, "COOPERATE", actor="Russia")[0]
    assert event.actor_code.startswith("RUS") and event.target_code.startswith("PRK")


@pytest.mark.parametrize(("text", "type_", "actor"), [
    ("The militant group that attacked the convoy in Kabul is based in Pakistan.",
     "ASSAULT", "militant group"),
    ("Police, who arrested three men on Monday, said more raids would follow.",
     "COERCE", "Police"),
])
def test_a_relative_pronoun_acts_for_its_noun(pipeline, text, type_, actor):
    from newsgraph.ingest import read_text_article

    doc = pipeline.analyze(read_text_article(text, id="rel", published="2024-03-05"))
    assert _events(doc, type_)[0].actor == actor


def test_a_relative_pronoun_target_is_its_noun(pipeline):
    from newsgraph.ingest import read_text_article

    text = "Rebels seized the town which the army had shelled for weeks."
    doc = pipeline.analyze(read_text_article(text, id="rel", published="2024-03-05"))
    assert _events(doc, "ASSAULT", actor="army")[0].target == "town"


def test_strikes_an_order_asks_for_are_no_assault(example_doc):
    # '"... lift restrictions on our long-range strikes against Russia now," he said on X.':
    # the minister asks for the strikes, he does not strike
    assert not [e for e in example_doc.events if e.type == "ASSAULT" and e.actor == "Andrii Sybiha"]


def test_an_accusation_of_someone_unnamed_is_not_aimed_at_the_accuser(example_doc):
    # "Kyiv had been alerting allies ... and accused them of not responding effectively"
    event = _events(example_doc, "ACCUSE", actor="Kyiv")[0]
    assert event.target_code != "UKR"


def _analyze(pipeline, text):
    from newsgraph.ingest import read_text_article

    return pipeline.analyze(read_text_article(text, id="arg", published="2024-03-05"))


def test_possessor_of_a_detention_is_detained(pipeline):
    doc = _analyze(pipeline, "A court ordered Zamora's detention in Guatemala City on Monday.")
    # coded on the order or on the detention noun: either way Zamora is the one detained
    detentions = [e for e in doc.events if e.type == "COERCE"]
    assert detentions and all(e.target == "Zamora" and e.actor != "Zamora" for e in detentions)


def test_a_light_verbs_party_is_its_noun_events_target(pipeline):
    doc = _analyze(pipeline, "Beijing made demands on Australia last week.")
    assert _events(doc, "REQUEST", actor="Beijing")[0].target == "Australia"


def test_an_object_that_is_no_party_stands_for_its_owner(pipeline):
    doc = _analyze(pipeline, "McGurk criticized Trump's decision on Monday.")
    assert _events(doc, "ACCUSE", actor="McGurk")[0].target == "Trump"


def test_a_noun_the_trigger_holds_is_a_mention_of_it(pipeline):
    doc = _analyze(pipeline, "Rubio and other senior U.S. officials held talks with "
                             "Russian officials in Riyadh on Feb. 18.")
    event = _events(doc, "CONSULT")[0]
    assert [m.text for m in event.mentions] == ["talks"]


def test_plover_held_out_half_is_fixed_by_record_id():
    from newsgraph.eval.events import held_out

    # the half depends on the id alone, not on file order
    assert held_out("PLOVER-GSR01-AGREE-0001") == held_out("PLOVER-GSR01-AGREE-0001")
    ids = [f"PLOVER-GSR01-AGREE-{n:04d}" for n in range(1, 201)]
    assert 70 < sum(held_out(i) for i in ids) < 130


@pytest.mark.parametrize("text", [
    "Donald Trump delivered a speech in Ohio on Tuesday.",  # a speech is not aid
    "The new law gives the company permission to drill.",
    "She helps my mom every week.",
    "On Tuesday they attacked.",  # a weekday and a bare pronoun are nobody
    "What they provide is stability.",
    "Analysts say the rebels could seize the town next year.",  # a possibility
    "Police have been unable to question the suspect.",  # an aim that did not happen
])
def test_verbs_that_are_not_events(pipeline, text):
    from newsgraph.ingest import read_text_article

    doc = pipeline.analyze(read_text_article(text, id="not", published="2024-03-05"))
    assert [(e.type, e.text) for e in doc.events] == []


def test_aid_with_something_given_and_a_recipient(pipeline):
    from newsgraph.ingest import read_text_article

    text = "Germany sent air defense systems and ammunition to Ukraine on Monday."
    doc = pipeline.analyze(read_text_article(text, id="aid", published="2024-03-05"))
    event = _events(doc, "AID")[0]
    assert event.actor == "Germany" and event.target == "Ukraine"


def test_participants_are_the_articles_entities(example_doc):
    ids = {e.id: e.name for e in example_doc.entities}
    event = _events(example_doc, "THREATEN", actor="Putin")[0]
    assert ids[event.actor_entity_id] == "Putin" or "Putin" in ids[event.actor_entity_id]
    for e in example_doc.events:
        for span in (e.actor_span, e.target_span):
            if span is not None:
                assert 0 <= span[0] < span[1] <= len(example_doc.text)
    assert all(e.actor or e.target for e in example_doc.events)


def test_unanchored_events_only_on_request(pipeline, monkeypatch):
    from newsgraph.extract.events import KEEP_UNANCHORED_ENV
    from newsgraph.ingest import read_text_article

    text = "The deployment was reported last week."
    article = read_text_article(text, id="bare", published="2024-03-05")
    assert pipeline.analyze(article).events == []
    monkeypatch.setenv(KEEP_UNANCHORED_ENV, "1")
    kept = pipeline.analyze(article).events
    assert kept and all(e.confidence is not None and e.confidence <= 0.1 for e in kept)


def test_interview_answers_are_not_event_reports(pipeline):
    from newsgraph.ingest import read_text_article

    text = ("A scientist spoke to us about her work.\n\n"
            "((WN))  What do you provide to students?\n\n"
            "((Jane Doe))  We provide them lessons and we attack the problem together.\n\n"
            "((WN))  Did you meet them often?\n\n((Jane Doe))  We met them every week.\n\n"
            "((WN))  Thanks.\n\n((Jane Doe))  Thank you.\n")
    doc = pipeline.analyze(read_text_article(text, id="qa", title="Wikinews interviews "
                                             "a scientist", published="2024-03-05"))
    assert doc.genre == "interview" and doc.events == []


def test_place_is_a_gazetteer_entry(example_doc):
    event = _events(example_doc, "MOBILIZE", status="not_confirmed", source="Pentagon")[0]
    assert event.location == "Kursk" and event.location_id == "538560"
    assert 51 < event.latitude < 52 and 36 < event.longitude < 37


def test_place_from_the_dateline_and_none_when_unstated(pipeline):
    from newsgraph.events.places import lookup
    from newsgraph.ingest import read_text_article

    assert lookup("Atlantis-on-Sea") is None
    text = ("KABUL, March 3 - Taliban fighters attacked a police checkpoint on Monday, "
            "officials said.\n\nLater, government troops arrested five men, police said.")
    doc = pipeline.analyze(read_text_article(text, id="dl", published="2024-03-05"))
    attack = _events(doc, "ASSAULT")[0]
    assert attack.location == "Kabul" and attack.location_id == "1138958"
    arrest = _events(doc, "COERCE")[0]
    assert arrest.location is None and arrest.latitude is None


def test_one_happening_mentioned_twice_is_one_event(pipeline):
    from newsgraph.ingest import read_text_article

    text = ("Russian forces shelled Kharkiv on Tuesday. "
            "Russian forces shelled Kharkiv for hours, and the city lost power.")
    doc = pipeline.analyze(read_text_article(text, id="twice", published="2024-03-05"))
    [event] = _events(doc, "ASSAULT")
    assert len(event.mentions) == 1
    assert doc.text[slice(*event.mentions[0].span)] == event.mentions[0].text == "shelled"


def test_genre_rules_on_titles_and_transcripts():
    from newsgraph.events.genre import article_genre, transcript_ranges

    assert article_genre("Q&A: Former official says China is wrong", "Text.") == "interview"
    assert article_genre("How to renew a passport", "Text.") == "howto"
    assert article_genre("Reporter's Notebook: a long road", "Text.") == "opinion"
    assert article_genre("Retailer acquires rival chain", "Text.") == "business"
    assert article_genre("Rebels attack town", "Rebels attacked the town.") == "news"
    text = "Intro line.\n((WN))  Why?\nBecause.\n"
    assert [text[s:e] for s, e in transcript_ranges(text)] == ["((WN))  Why?", "Because."]


def test_eval_reads_the_judged_sample_and_genre_gold(data_dir):
    from newsgraph.eval.events import JUDGED_SAMPLE, genre_rows, judged_rows

    if not JUDGED_SAMPLE.exists():
        pytest.skip("eval/ gold absent (installed package)")
    rows, _ = judged_rows()
    assert rows[0].support == 200 and 0.0 < rows[0].precision < 1.0
    if not (data_dir / "voa").exists():
        pytest.skip("shared articles absent")
    rows, _ = genre_rows(data_dir)
    assert rows[0].support == 372 and rows[0].accuracy >= 0.9  # 384 less the 12 reserved


@pytest.mark.parametrize("text", [
    "A plane crash near the airport killed seven people on Sunday.",
    "The ministry released a statement on Friday.",
])
def test_mishaps_and_statements_are_not_events(pipeline, text):
    from newsgraph.ingest import read_text_article

    doc = pipeline.analyze(read_text_article(text, id="mishap", published="2024-03-05"))
    assert [(e.type, e.text) for e in doc.events] == []


def test_freeing_people_is_still_an_event(pipeline):
    from newsgraph.ingest import read_text_article

    text = "Rebels freed 20 hostages in Mali on Monday."
    doc = pipeline.analyze(read_text_article(text, id="freed", published="2024-03-05"))
    assert _events(doc, "RETREAT")[0].actor == "Rebels"


def _analyze(pipeline, text):
    from newsgraph.ingest import read_text_article

    return pipeline.analyze(read_text_article(text, id="t", published="2024-03-05"))


def test_an_officials_country_is_not_the_one_acted_on(pipeline):
    # a PLOVER record (held-in half): the president threatens Russia, he is not Russia
    doc = _analyze(pipeline, "President Bush has threatened further action against Russia "
                             "in an international television program beamed by satellite "
                             "to more than 50 countries.")
    event = _events(doc, "THREATEN")[0]
    assert event.actor == "Bush" and not (event.actor_code or "").startswith("RUS")
    assert event.target_code == "RUS"


@pytest.mark.parametrize("text", [
    # shared VOA and Wikinews sentences (not reserved): nobody did it
    "Thai officials initially claimed that no other country had offered to take in the "
    "Uyghurs.",
    "The Taliban are known to inflate casualty numbers and Mujahid offered no evidence for "
    "his claims.",
    "Sanders called Biden a decent man but did not immediately offer a full endorsement.",
])
def test_an_act_nobody_did_is_no_event(pipeline, text):
    assert [(e.type, e.text) for e in _analyze(pipeline, text).events
            if e.text.startswith("offer")] == []


def test_roles_read_from_the_parse(pipeline):
    # shared VOA sentences (tuning half of the event dev set)
    doc = _analyze(pipeline, "The court's president, Judge Joan Donoghue, rejected Kenya's "
                             "request to brief it before the start of Monday's opening.")
    assert _events(doc, "REJECT")[0].target == "Kenya"  # who asked, not the request
    doc = _analyze(pipeline, "The Alliance of Democracies, headquartered in Copenhagen, was "
                             "sanctioned by Beijing earlier this year.")
    event = _events(doc, "SANCTION")[0]
    assert event.actor == "Beijing" and "Alliance of Democracies" in event.target
    doc = _analyze(pipeline, "The Afghan army chief said on Saturday his forces had also "
                             "killed and injured 1,000 Taliban fighters in the past week.")
    assert _events(doc, "ASSAULT", text="killed")[0].target == "Taliban fighters"


def test_talks_abroad_give_no_party_the_venues_country(pipeline):
    doc = _analyze(pipeline, "Secretary of State Marco Rubio led more than eight hours of "
                             "peace talks with Ukrainian officials in Jeddah, Saudi Arabia, "
                             "to reach the agreement.")
    event = _events(doc, "CONSULT")[0]
    assert event.actor == "Marco Rubio" and not (event.actor_code or "").startswith("SAU")
    assert event.target == "Ukrainian officials"
    assert event.location == "Jeddah"  # the place its clause names


def test_a_place_inside_another_event_is_not_this_ones(pipeline):
    doc = _analyze(pipeline, "Two Ivorian soldiers and a mercenary from Belarus stand accused "
                             "of the 2004 bombing of the French army base near Bouake.")
    assert all(e.location is None for e in doc.events if e.type == "ACCUSE")


@pytest.mark.parametrize("text", [
    # shared Wikinews sentences (not reserved): a private return, a question
    "Following a week-long stay in a Belgian hospital, he returned to Oman in the middle of "
    "December, although there was no official information on what treatment he had "
    "received.",
    "Pierce said he was embarrassed about the questions politicians asked to tech leaders.",
    # how things stand, or what one prefers, is no happening
    "The PKK is banned in Turkey.",
    "\u201cWe prioritize negotiations and understanding,\u201d Akhundzada said Sunday.",
])
def test_private_acts_and_questions_are_no_events(pipeline, text):
    assert [(e.type, e.text) for e in _analyze(pipeline, text).events] == []


def test_a_standing_relation_is_no_event(pipeline):
    doc = _analyze(pipeline, "They had asked Hong Kong Chief Executive Carrie Lam, who is "
                             "supported by the mainland Chinese government, to resign from "
                             "her position.")
    assert [e.type for e in doc.events if e.type == "SUPPORT"] == []


@pytest.mark.parametrize("text", [
    # shared Wikinews sentences (not reserved): an opinion shared, a promise with no party,
    # a ticket chosen
    "The candidates agreed on many issues with varied nuances.",
    "The new governor of the region just offered to diversify the economy.",
    "The party finally settled on the Collins/Parker ticket later that month.",
])
def test_agree_needs_a_commitment_between_parties(pipeline, text):
    assert [e.text for e in _analyze(pipeline, text).events if e.type == "AGREE"] == []


def test_agree_to_an_act_or_for_people_stays(pipeline):
    doc = _analyze(pipeline, "Russia agreed to withdraw its troops from the border. Australia, "
                             "Canada and the United States all offered to resettle the "
                             "Uyghurs.")
    assert [e.actor for e in doc.events if e.type == "AGREE"] == ["Russia", "Australia"]


@pytest.mark.parametrize("text", [
    "Today, as Hurricane Lorenzo hit the Azores, Met \u00c9ireann, the national "
    "meteorological service for Ireland, issued weather alerts.",
    "The government of Egypt ordered the killing of over 300,000 pigs.",
    "Baker found early success with rhythm and blues band The Graham Bond Organisation "
    "where he met bassist Jack Bruce.",
    "The President's impromptu visit to Walter Reed Hospital last November raised questions.",
    "The group also opposes Chinese investment in Balochistan.",
    "Trump denied the effect of climate change on the intensity of the fires.",
    "Doug Ford said he was charging 25% more for electricity sent to U.S. customers.",
])
def test_arguments_that_do_not_fit_the_type_are_no_event(pipeline, text):
    assert [(e.type, e.text) for e in _analyze(pipeline, text).events] == []


def test_the_freed_are_released_not_releasing(pipeline):
    doc = _analyze(pipeline, "Hamas released 20 hostages on Sunday. Mech Dara was released "
                             "after apologizing to Senate head Hun Sen.")
    released = [e for e in doc.events if e.type == "RETREAT"]
    # PLOVER codes a release of persons as RETREAT; nobody named as freeing Dara: no event
    assert [(e.actor, e.target) for e in released] == [("Hamas", "hostages")]


def test_a_venue_is_no_target(pipeline):
    doc = _analyze(pipeline, "Thousands of people rallied at Freedom Plaza on Saturday "
                             "against the election result.")
    protests = _events(doc, "PROTEST")
    assert protests[0].target is None and protests[0].location == "Freedom Plaza"


def test_a_demand_hung_on_a_reported_clause_is_the_reporters(pipeline):
    doc = _analyze(pipeline, "The working group has determined that Zamora's detention is "
                             "arbitrary and called for his release.")
    assert _events(doc, "REQUEST")[0].actor == "working group"


def test_who_characterizes_a_deployment_did_not_deploy(example_doc):
    # "Zelenskiy characterized the deployment as an escalation by Russia"
    assert not [e for e in example_doc.events if e.type == "MOBILIZE"
                and e.actor and "Zelenskiy" in e.actor]


@pytest.mark.parametrize(("text", "type_"), [
    # senses from PLOVER's definitions, read off the object
    ("Swiss doctors handed over 500 kg of medicine to the Red Cross.", "AID"),
    ("The rebels handed over their weapons to the army.", "RETREAT"),
    ("Police prevented the demonstration outside parliament.", "COERCE"),
    ("The army violated the ceasefire agreement on Sunday.", "ASSAULT"),
    ("The court cancelled restrictions on foreign media.", "CONCEDE"),
    ("Teachers called off their strike after talks with the government.", "CONCEDE"),
    ("Kenya received a team of inspectors from the agency.", "RETREAT"),
    # "for" hung on the clause, not the verb, is still a call for it
    ("The opposition called for the government to resign.", "REQUEST"),
    # calling for hostile acts against a party rallies opposition to it
    ("The archbishop called for sanctions against Nigeria.", "ACCUSE"),
    # a possible sanction held over a condition is a threat
    ("The European Union may halt trade talks if the violence continues.", "THREATEN"),
    # a row may hold several conditions: the particle and the object together
    ("The union called off the strike on Friday.", "CONCEDE"),
    ("The two governments called off the deal.", "REJECT"),
    ("Police broke up a terrorist cell in Rabat.", "COERCE"),
])
def test_the_main_event_type(nlp, text, type_):
    from newsgraph.events.coding import find_triggers, main_trigger

    doc = nlp(text)
    main = main_trigger([t for sent in doc.sents for t in find_triggers(sent)])
    assert main is not None and main.type == type_, (text, main and main.token.text)


def test_a_meeting_that_broke_up_is_no_coercion(nlp):
    from newsgraph.events.coding import lexical_type

    doc = nlp("The meeting broke up without agreement.")
    assert lexical_type(next(t for t in doc if t.lemma_ == "break")) is None
