"""Lists, map and network in a real headless Chromium over the example store: each list
with a facet applied and its CSV download equal to the list; screenshots of every page
(home, article, entity, story, search, lists, map, network) in the test's output folder."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests.test_web_browser import _screenshot, _wait, browser, database, server  # noqa: F401


def _open(driver, url: str) -> None:
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def _table(driver) -> list[list[str]]:
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('#rows tbody tr'))
            .filter(tr => !tr.querySelector('td[colspan]'))
            .map(tr => Array.from(tr.cells).map(td => td.innerText.trim()));""")


def _apply_first_facet(driver, facet: str) -> str:
    """Click the first value of ``facet``; return the value."""
    from selenium.webdriver.common.by import By

    link = driver.find_element(By.CSS_SELECTOR, f'[data-facet="{facet}"] li a')
    value = link.text
    link.click()
    _wait(driver, lambda d: "applied" in d.page_source)
    return value


def _csv_of_page(driver) -> list[dict]:
    from selenium.webdriver.common.by import By

    href = driver.find_element(By.CSS_SELECTOR, "a.csv").get_attribute("href")
    response = httpx.get(href, timeout=60)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize(("path", "facet", "column", "cell"), [
    ("/quotes", "status", "text", 1),
    ("/entities", "type", "name", 0),
    ("/events", "type", "text", 6),
    ("/", "story", "title", 1),
])
def test_list_with_a_facet_and_its_csv(server, browser, tmp_path_factory,  # noqa: F811
                                       path, facet, column, cell):
    base, _ = server
    _open(browser, base + path)
    value = _apply_first_facet(browser, facet)
    assert f"{facet}={value.replace(' ', '_')}" in browser.current_url.replace("+", "_")
    shown = _table(browser)
    rows = _csv_of_page(browser)
    assert shown and len(rows) == len(shown)  # the download is the whole filtered list
    assert {r[facet] for r in rows} == {value.replace(" ", "_")}
    for row, cells in zip(rows, shown, strict=True):
        assert cells[cell].rstrip("…")[:40] == row[column][:len(cells[cell].rstrip("…"))][:40]
    _screenshot(browser, tmp_path_factory, f"list-{path.strip('/') or 'articles'}-{facet}")


def test_every_page_renders(server, browser, tmp_path_factory):  # noqa: F811
    base, repo = server
    _, stories = repo.stories(limit=1)
    _, entities = repo.entities(name="Putin", limit=1)
    _, articles = repo.articles(q="Kursk", limit=1)
    pages = {"home": "/", "article": f"/articles/{articles[0].id}",
             "entity": f"/entities/{entities[0].id}", "search": "/search?q=Kursk",
             "map": "/map", "network": "/network", "error": "/articles/bad"}
    if stories:
        pages["story"] = f"/stories/{stories[0].id}"
    for name, path in pages.items():
        _open(browser, base + path)
        assert "Traceback" not in browser.page_source
        _screenshot(browser, tmp_path_factory, f"page-{name}")
    _open(browser, base + "/map")
    places = browser.execute_script(
        "return Array.from(document.querySelectorAll('circle.place')).map(c => c.dataset.place)")
    assert "Kursk" in places or "Russia" in places
    _open(browser, base + "/network")
    relations = browser.execute_script(
        "return Array.from(document.querySelectorAll('line.edge')).map(l => l.dataset.relation)")
    assert "acts on" in relations
    cap = browser.execute_script("return document.getElementById('cap').textContent")
    assert "40 best-connected names" in cap  # the page says how it is capped
    _open(browser, base + "/articles/bad")
    assert "Not found" in browser.page_source


def test_event_actors_and_targets_link_to_their_entity_pages(server, browser,  # noqa: F811
                                                             tmp_path_factory):
    """The link follows the stored entity id of the participant (not a name search) and
    shows its actor code; the entity page it opens is that entity's."""
    from selenium.webdriver.common.by import By

    base, repo = server
    _, rows = repo.events(limit=10**6)
    linked = [(e, e.actor_entity) for e in rows if e.actor_entity] + \
        [(e, e.target_entity) for e in rows if e.target_entity]
    assert linked, "the example store has no event with a resolved actor or target"
    event, entity_id = linked[0]
    expected = repo.entity(entity_id).entity.name
    for page in ("/events?all=1", f"/articles/{event.article}", f"/entities/{entity_id}"):
        _open(browser, base + page)
        links = browser.find_elements(By.CSS_SELECTOR, f'a.party[data-entity="{entity_id}"]')
        assert links, f"{page}: no link to entity {entity_id}"
        assert all(a.get_attribute("href").endswith(f"/entities/{entity_id}") for a in links)
        if page.startswith("/events"):
            codes = browser.execute_script(
                "return Array.from(document.querySelectorAll('a.party')).map("
                "a => a.nextElementSibling && a.nextElementSibling.className)")
            assert "code" in codes  # actor codes shown beside the linked entities
            _screenshot(browser, tmp_path_factory, "events-linked-parties")
        links[0].click()
        _wait(browser, lambda d: d.current_url.endswith(f"/entities/{entity_id}"))
        heading = browser.find_element(By.CSS_SELECTOR, "h1").text
        assert heading.startswith(expected)
    _open(browser, base + "/events")  # events with neither actor nor target: not listed
    assert "? → ?" not in browser.page_source and "someone → someone" not in browser.page_source
