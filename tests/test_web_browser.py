"""The UI in a real headless Chromium (Debian chromium + chromium-driver, via selenium).

The example article is analyzed by the real pipeline and served by uvicorn on
127.0.0.1; the browser checks the highlighted quotations and their speakers,
the story page's revision and contradiction, and that a script inside an
article never runs. Screenshots go to the pytest tmp dir.

Needs /usr/bin/chromium and /usr/bin/chromedriver (scripts/setup-chromium.sh);
skipped without them, except under CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from newsgraph.schema import Document
from newsgraph.web import create_app, open_repository, pipeline_analyzer
from tests.conftest import EXAMPLE

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
HOSTILE_TEXT = (
    "MOSCOW — A spokesman said the claims were false. "
    "<script>window.__pwned = 1; document.title = 'pwned';</script> "
    '"<img src=x onerror=window.__pwned=2>," said spokesman Ivan Petrov on Tuesday.'
)

# The nine quotations of the example (marked with quotation marks) and who said them;
# matched on the surname so "Putin" and "Vladimir Putin" both count.
EXPECTED_SPEAKERS = {
    "very dangerous": "Biden",
    "Some of these soldiers have already moved closer": "Singh",
    "fake news": "Kremlin",
    "direct involvement by NATO": "Putin",
    "They are likely moving in that direction": "Singh",
    "The bottom line: listen to Ukraine": "Sybiha",
    "growing desperation": "Rutte",
    "weapons and a clear plan": "Yermak",
    "The enemy understands strength": "Yermak",
}


def _need_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not missing:
        return
    message = f"{', '.join(missing)} missing: run scripts/setup-chromium.sh"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def database(pipeline, example_text, tmp_path_factory) -> str:
    """The example and a hostile article ingested into a DuckDB store, as `ingest` does."""
    import json

    from newsgraph.crossdoc.linking import link_store
    from newsgraph.store import Store
    from newsgraph.store.ingest import ingest

    folder = tmp_path_factory.mktemp("store")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({
        "id": "hostile", "title": "<script>window.__pwned=3</script>Hostile",
        "published": "2024-10-29", "text": HOSTILE_TEXT}) + "\n", encoding="utf-8")
    db = str(folder / "news.duckdb")
    with Store.open(db) as store:
        stats = ingest(store, [str(EXAMPLE), str(hostile)], pipeline, published="2024-10-28")
        link_store(store)  # the server reads what linking stored
    assert stats.stored == 2, stats
    return db


@pytest.fixture(scope="module")
def server(database, pipeline):
    _need_browser()
    import uvicorn

    repo = open_repository(database)
    port = _free_port()
    app = create_app(repo, allowed_hosts={"127.0.0.1"},
                     analyzer=pipeline_analyzer(pipeline=pipeline))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", repo
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def example_doc(server, example_text) -> Document:
    """The example as the store gave it back to the server."""
    _, repo = server
    total, rows = repo.articles(q="Kursk", limit=10)
    docs = [repo.article(r.id) for r in rows]
    found = [d for d in docs if d is not None and "Sabrina Singh" in d.text]
    assert len(found) == 1, [r.id for r in rows]
    return found[0]


@pytest.fixture(scope="module")
def hostile_doc(server) -> Document:
    doc = server[1].article("hostile")
    assert doc is not None
    return doc


@pytest.fixture(scope="module")
def browser(server, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1400,1800",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(180)
    yield driver
    driver.quit()


def _screenshot(driver, tmp_path_factory, name: str) -> Path:
    folder = tmp_path_factory.mktemp("screenshots", numbered=False) \
        if not (tmp_path_factory.getbasetemp() / "screenshots").exists() \
        else tmp_path_factory.getbasetemp() / "screenshots"
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000
    if os.environ.get("NEWSGRAPH_SCREENSHOTS"):  # keep a copy to look at
        shutil.copy(path, Path(os.environ["NEWSGRAPH_SCREENSHOTS"]) / path.name)
    return path


def _wait(driver, condition, seconds: float = 60):
    """Wait for a page the browser navigates to (clicks return before it loads)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def _quote_marks(driver) -> dict[str, dict]:
    """Quotation marks in the page by mark id (a mark cut by nesting is one quotation)."""
    rows = driver.execute_script("""
        return Array.from(document.querySelectorAll('#article-text .mark.quote')).map(e => ({
            id: e.dataset.mark, kind: e.dataset.kind, status: e.dataset.status,
            speaker: e.dataset.speaker || null, text: e.textContent, title: e.title}));
    """)
    marks: dict[str, dict] = {}
    for row in rows:
        mark = marks.setdefault(row["id"], {**row, "text": ""})
        mark["text"] += row["text"]
    return marks


def _quotations(driver) -> dict[str, str | None]:
    """Words in quotation marks -> speaker: direct quotes (their pieces joined) and the
    quoted words of indirect quotes."""
    words = {m["text"]: m["speaker"] for m in _quote_marks(driver).values()
             if m["kind"] == "direct"}
    rows = driver.execute_script("""
        return Array.from(document.querySelectorAll('#article-text .mark.quoted')).map(e => ({
            id: e.dataset.mark, speaker: e.dataset.speaker || null, text: e.textContent}));
    """)
    pieces: dict[str, dict] = {}
    for row in rows:
        piece = pieces.setdefault(row["id"], {**row, "text": ""})
        piece["text"] += row["text"]
    words.update({p["text"]: p["speaker"] for p in pieces.values()})
    return words


def test_article_page_highlights_the_quotations(server, browser, example_doc,
                                                tmp_path_factory):
    from selenium.webdriver.common.by import By

    base, repo = server
    browser.get(f"{base}/articles/{example_doc.id}")
    assert "newsgraph" in browser.title
    marks = _quote_marks(browser)
    # every quotation the library found is highlighted once, with its speaker and status
    assert len(marks) == len(example_doc.quotes)
    for i, quote in enumerate(example_doc.quotes):
        mark = marks[f"quote-{i}"]
        # a split quotation is marked piece by piece: the cue between is not quoted
        assert mark["text"] == "".join(example_doc.text[s:e] for s, e in quote.segments)
        assert mark["status"] == quote.status and mark["kind"] == quote.kind
        assert mark["speaker"] == (quote.speaker.name if quote.speaker else None)
        assert f"status: {quote.status}" in mark["title"]
    # the nine quotations in quotation marks, with the right speakers
    quoted = _quotations(browser)
    assert len(quoted) == 9, sorted(quoted)
    for start, surname in EXPECTED_SPEAKERS.items():
        hits = [text for text in quoted if text.startswith(start)]
        assert len(hits) == 1, (start, sorted(quoted))
        assert surname in (quoted[hits[0]] or ""), (start, quoted[hits[0]])
    # the speaker names are links to their entity pages
    singh = next(i for i, q in enumerate(example_doc.quotes)
                 if q.speaker and "Singh" in q.speaker.name and q.speaker.span)
    link = browser.find_element(By.CSS_SELECTOR, f'[data-mark="speaker-{singh}"]')
    assert link.tag_name == "a"
    _screenshot(browser, tmp_path_factory, "article")
    link.click()
    _wait(browser, lambda d: "/entities/" in d.current_url)
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "Singh" in heading
    said = browser.find_elements(By.CSS_SELECTOR, "section.half")[0].text
    assert "Some of these soldiers" in said
    _screenshot(browser, tmp_path_factory, "entity")


def test_numbers_dates_events_are_marked(server, browser, example_doc):
    base, _ = server
    browser.get(f"{base}/articles/{example_doc.id}")
    counts = browser.execute_script("""
        const ids = sel => new Set(Array.from(document.querySelectorAll(sel))
                                        .map(e => e.dataset.mark)).size;
        return {q: ids('#article-text .mark.quantity'), t: ids('#article-text .mark.timex'),
                e: ids('#article-text .mark.event')};
    """)
    assert counts == {"q": len(example_doc.quantities), "t": len(example_doc.timexes),
                      "e": len(example_doc.events)}
    title = browser.execute_script(
        "return Array.from(document.querySelectorAll('.mark.quantity'))"
        ".map(e => e.title).join('\\n')")
    assert "10,000" in title and "revises: 3,000" in title


def test_story_page_shows_revision_and_contradiction(server, browser, example_doc,
                                                     tmp_path_factory):
    from selenium.webdriver.common.by import By

    base, repo = server
    story = repo.story_of(example_doc.id)
    browser.get(f"{base}/stories/{story}")
    revisions = browser.find_element(By.ID, "revisions").text
    assert "3,000" in revisions and "10,000" in revisions
    card = next(c for c in browser.find_elements(By.CSS_SELECTOR, ".card.revision")
                if "3,000" in c.text and "10,000" in c.text)
    values = [v.text for v in card.find_elements(By.CSS_SELECTOR, ".value")]
    assert values == ["3,000", "10,000"]
    contradictions = browser.find_elements(By.CSS_SELECTOR, ".card.contradiction")
    kremlin = [c for c in contradictions if "Kremlin" in c.text and "NATO" in c.text]
    assert kremlin, [c.text for c in contradictions]
    positions = kremlin[0].find_elements(By.CSS_SELECTOR, ".position")
    denied = [p.text for p in positions if "status-denied" in p.get_attribute("class")]
    assert any("Kremlin" in t and "fake news" in t for t in denied)
    nato = [p.text for p in positions if "NATO" in p.text
            and "status-denied" not in p.get_attribute("class")]
    assert nato, "the NATO report should stand against the Kremlin's denial"
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline rect.pt-number")
    _screenshot(browser, tmp_path_factory, "story")


def test_script_in_an_article_never_runs(server, browser, hostile_doc, tmp_path_factory):
    from selenium.webdriver.common.by import By

    base, _ = server
    for path in ("/articles/hostile", "/", "/search?q=script"):
        browser.get(base + path)
        assert browser.execute_script("return window.__pwned === undefined")
        assert browser.title != "pwned"  # the title shows the hostile text as text
        assert not browser.find_elements(By.CSS_SELECTOR, "main img, main script")
    browser.get(base + "/articles/hostile")
    text = browser.find_element(By.ID, "article-text").text
    assert "<script>window.__pwned = 1;" in text  # shown as text
    _screenshot(browser, tmp_path_factory, "hostile")


def test_search_box_and_analyze_form(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.get(base + "/")
    box = browser.find_element(By.CSS_SELECTOR, "form.search input[name=q]")
    box.send_keys("Rutte")
    box.submit()
    _wait(browser, lambda d: "/search" in d.current_url)
    hits = browser.find_element(By.TAG_NAME, "main").text
    assert "Rutte" in hits
    browser.get(base + "/analyze")
    assert browser.find_element(By.NAME, "url").get_attribute("disabled") is not None


def test_clicking_a_quote_opens_its_speaker(server, browser, example_doc):
    from selenium.webdriver.common.by import By

    base, repo = server
    i, quote = next((i, q) for i, q in enumerate(example_doc.quotes)
                    if q.kind == "direct" and q.speaker and q.speaker.entity_id)
    browser.get(f"{base}/articles/{example_doc.id}")
    browser.find_element(By.ID, f"quote-{i}").click()
    expected = repo.entity_of(example_doc.id, quote.speaker.entity_id)
    _wait(browser, lambda d: d.current_url.endswith(f"/entities/{expected}"))


def test_analyze_a_pasted_article(server, browser, example_text, tmp_path_factory):
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.get(base + "/analyze")
    browser.find_element(By.NAME, "title").send_keys("Pasted")
    browser.find_element(By.NAME, "published").send_keys("2024-10-28")
    browser.execute_script("document.querySelector('textarea[name=text]').value = arguments[0]",
                           example_text)
    browser.find_element(By.CSS_SELECTOR, "form.analyze button[type=submit]").click()
    # the first analysis loads the model in the server's analysis process: allow for it
    meta = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "article.doc .meta"),
                 seconds=180)
    assert "analyzed now, not stored" in meta[0].text
    quoted = _quotations(browser)
    assert "fake news" in quoted and len(quoted) == 9
    _screenshot(browser, tmp_path_factory, "analyzed")
