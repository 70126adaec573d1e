"""Server security (issue 9): binding, token, Host, body size, escaping, SSRF, SQL input."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.schema import Document, Entity, Mention, Quote, Speaker
from newsgraph.web import DocumentRepository, create_app
from newsgraph.web.fetch import FetchError, fetch
from newsgraph.web.highlight import render
from newsgraph.web.security import (
    TOKEN_COOKIE,
    UnsafeBindError,
    UnsafeURLError,
    _without_token,
    check_bind,
    check_url,
    is_loopback_host,
)
from tests.web_corpus import corpus, deployment_doc, hostile_doc

TOKEN = "s3cret-token-0123456789"


@pytest.fixture(scope="module")
def repo():
    return DocumentRepository(corpus())


@pytest.fixture()
def client(repo):
    return TestClient(create_app(repo))


# --- binding and tokens -----------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_binds_without_token(host):
    assert is_loopback_host(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.org"])
def test_other_binds_need_a_token(host):
    assert not is_loopback_host(host)
    with pytest.raises(UnsafeBindError, match="without a token"):
        check_bind(host, None)
    check_bind(host, TOKEN)


def test_short_tokens_are_refused():
    with pytest.raises(UnsafeBindError, match="too short"):
        check_bind("0.0.0.0", "abc")


def test_serve_refuses_public_bind_without_token(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(deployment_doc().model_dump_json() + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(path), "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 2
    assert "without a token" in result.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_end_to_end_with_a_token(tmp_path):
    """The real command on loopback: the token guards it, the Host check holds."""
    import time

    import httpx

    path = tmp_path / "docs.jsonl"
    path.write_text(deployment_doc().model_dump_json() + "\n", encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(path), "--port", str(port),
         "--token", TOKEN, "--no-analysis"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                first = httpx.get(f"{base}/api/articles", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert first.status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.get(f"{base}/api/articles", headers=auth).json()["total"] == 1
        rebound = httpx.get(f"{base}/api/articles", headers={**auth, "Host": "evil.example"})
        assert rebound.status_code == 400
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_token_required_when_set(repo):
    client = TestClient(create_app(repo, token=TOKEN))
    assert client.get("/api/articles").status_code == 401
    assert client.get("/").status_code == 401
    assert client.get("/api/articles", headers={"Authorization": "Bearer wrong"}
                      ).status_code == 401
    ok = client.get("/api/articles", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["total"] == 3


def test_token_in_query_sets_a_strict_cookie(repo):
    client = TestClient(create_app(repo, token=TOKEN))
    first = client.get(f"/quotes?token={TOKEN}&status=denied", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/quotes?status=denied"  # the token is dropped
    scope = {"path": "//evil.example/x", "query_string": f"token={TOKEN}&q=a".encode()}
    assert _without_token(scope) == "/evil.example/x?q=a"  # never a redirect off-site
    client = TestClient(create_app(repo, token=TOKEN))
    first = client.get(f"/search?q=NATO&token={TOKEN}")
    assert first.status_code == 200 and first.url.path == "/search"
    assert "token" not in str(first.url)
    cookie = first.history[0].headers["set-cookie"]
    assert cookie.startswith(f"{TOKEN_COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert client.get("/articles/a1").status_code == 200  # the cookie now authorizes


def test_unknown_host_header_is_refused(repo):
    client = TestClient(create_app(repo, allowed_hosts={"127.0.0.1", "localhost"}),
                        base_url="http://localhost:8765")
    assert client.get("/api/articles").status_code == 200
    rebound = client.get("/api/articles", headers={"Host": "attacker.example:8765"})
    assert rebound.status_code == 400


# --- request size -----------------------------------------------------------------------

def test_request_body_limit(repo):
    client = TestClient(create_app(repo, max_body=10_000, analyzer=lambda *a: None))
    big = {"text": "x" * 20_000}
    response = client.post("/api/analyze", json=big)
    assert response.status_code == 413
    form = client.post("/analyze", data={"text": "y" * 20_000})
    assert form.status_code == 413


def test_streamed_body_without_length_is_limited(repo):
    client = TestClient(create_app(repo, max_body=10_000, analyzer=lambda *a: None))

    def chunks():
        for _ in range(10):
            yield b'{"text": "' + b"z" * 5000

    response = client.post("/api/analyze", content=chunks(),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_security_headers(client):
    response = client.get("/articles/a1")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_no_external_asset_and_no_cdn_docs(client):
    page = client.get("/articles/a1").text
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert client.get("/docs").status_code == 404  # FastAPI's docs load a CDN: off
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


# --- escaping ---------------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("path", ["/articles/evil%3Cscript%3E", "/", "/search?q=script",
                                  "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
                                  "/stories/s2"])
def test_hostile_article_is_escaped_everywhere(client, path):
    response = client.get(path)
    assert response.status_code == 200
    scripts = [a for tag, a in _tags(response.text) if tag == "script"]
    assert scripts == [{"src": "/static/app.js", "defer": None}]
    assert not any(tag == "img" for tag, _ in _tags(response.text))
    assert not any(k.startswith("on") for _, attrs in _tags(response.text) for k in attrs)
    assert 'href="javascript:' not in response.text


def test_hostile_entity_page_is_escaped(client, repo):
    entity = repo.entity_of("evil<script>", "e1")
    response = client.get(f"/entities/{entity}")
    assert response.status_code == 200
    assert "<i>Mallory</i>" not in response.text and "&lt;img" in response.text
    assert [a for tag, a in _tags(response.text) if tag == "script"] == [
        {"src": "/static/app.js", "defer": None}]


def test_sql_like_input_is_just_text(client):
    """Filters reach the store only as bound parameters; here they are plain strings."""
    for value in ["'; DROP TABLE articles;--", "\" OR 1=1 --", "%", "_", "\\"]:
        for path in ("/api/articles", "/api/quotes", "/api/search"):
            key = {"/api/articles": "q", "/api/quotes": "speaker", "/api/search": "q"}[path]
            assert client.get(path, params={key: value}).status_code == 200
    assert client.get("/api/articles").json()["total"] == 3
    hits = client.get("/api/search", params={"q": "DROP TABLE"}).json()
    assert hits["total"] >= 1


# --- the highlighter never lets text become markup ---------------------------------------

class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and self.parts:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


_TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'\n/=x;")), min_size=1, max_size=60)


@st.composite
def _documents(draw) -> Document:
    text = draw(_TEXT)
    n = len(text)

    def span():
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        return a, b

    entities, quotes = [], []
    for i in range(draw(st.integers(0, 4))):
        a, b = span()
        entities.append(Entity(id=f"e{i}", name=text[a:b] or "x", type="PERSON",
                               mentions=[Mention(text=text[a:b], span=(a, b))]))
    for _ in range(draw(st.integers(0, 3))):
        a, b = span()
        s, t = span()
        quotes.append(Quote(text=text[a:b], span=(a, b), kind="direct",
                            speaker=Speaker(name=text[s:t] or "?", entity_id="e0",
                                            span=(s, t))))
    return Document(id="d", text=text, entities=entities, quotes=quotes)


@settings(max_examples=1000, deadline=None)
@given(_documents())
def test_highlight_keeps_the_text_and_adds_only_its_own_tags(doc):
    html = str(render(doc, lambda i: f"/entities/{i}" if i else None))
    visible = _visible_text(html)
    assert visible.replace("\n", "") == doc.text.replace("\n", "")
    assert sum(tag == "p" for tag, _ in _tags(html)) <= doc.text.count("\n") + 1
    assert {tag for tag, _ in _tags(html)} <= {"p", "span", "a"}
    for tag, attrs in _tags(html):
        assert not any(k.startswith("on") for k in attrs)
        if tag == "a":
            assert attrs["href"].startswith("/entities/")


def test_highlight_nests_overlaps_and_keeps_ids():
    doc = deployment_doc()
    html = str(render(doc, lambda i: None))
    marks = re.findall(r'data-mark="([^"]+)"', html)
    assert {f"quote-{i}" for i in range(len(doc.quotes))} <= set(marks)
    assert len(re.findall(r' id="quote-0"', html)) == 1


# --- SSRF -------------------------------------------------------------------------------

def _resolver(table):
    def resolve(host, port):
        if host not in table:
            raise OSError("unknown host")
        return table[host]
    return resolve


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8765/api", "http://[::1]/", "http://10.1.2.3/",
    "http://172.16.0.1/", "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://[fd00::1]/", "http://100.64.0.1/",
    "http://2130706433/", "http://0x7f000001/", "http://017700000001/", "http://127.1/",
])
def test_ssrf_guard_refuses_inward_addresses(url):
    with pytest.raises(UnsafeURLError):
        check_url(url)  # real resolution of literal addresses: no packet leaves


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x/", "ftp://example.org/",
                                 "javascript:alert(1)", "http://user:pw@example.org/",
                                 "http:///nohost", "http://example.org:99999/"])
def test_ssrf_guard_refuses_other_schemes_and_forms(url):
    with pytest.raises(UnsafeURLError):
        check_url(url, _resolver({"example.org": ["93.184.215.14"]}))


def test_ssrf_guard_checks_every_resolved_address():
    resolver = _resolver({"mixed.example": ["93.184.215.14", "10.0.0.7"],
                          "public.example": ["93.184.215.14"]})
    with pytest.raises(UnsafeURLError, match="10.0.0.7"):
        check_url("https://mixed.example/a", resolver)
    assert check_url("https://public.example/a", resolver) == ["93.184.215.14"]


def test_fetch_refuses_before_connecting():
    class NoNetwork:
        def build_request(self, *a, **k):
            raise AssertionError("no request may be built for an inward URL")

    with pytest.raises(UnsafeURLError):
        fetch("http://127.0.0.1:8765/", client=NoNetwork())  # type: ignore[arg-type]


def test_fetch_rechecks_redirects_and_pins_the_address():
    import httpx

    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers["host"]))
        return httpx.Response(302, headers={"location": "http://internal.example/admin"})

    resolver = _resolver({"news.example": ["93.184.215.14"], "internal.example": ["10.0.0.5"]})
    with httpx.Client(transport=httpx.MockTransport(handler)) as client, \
            pytest.raises(UnsafeURLError, match="10.0.0.5"):
        fetch("http://news.example/story", resolver=resolver, client=client)
    assert seen == [("http://93.184.215.14/story", "news.example")]


def test_fetch_limits_size():
    import httpx

    def handler(request):
        return httpx.Response(200, content=b"a" * (5 * 1024 * 1024))

    resolver = _resolver({"news.example": ["93.184.215.14"]})
    with httpx.Client(transport=httpx.MockTransport(handler)) as client, \
            pytest.raises(FetchError, match="over"):
        fetch("http://news.example/", resolver=resolver, client=client)


def test_analyze_form_never_fetches_unless_allowed(repo):
    calls = []
    app = create_app(repo, analyzer=lambda *a: calls.append(a) or deployment_doc())
    client = TestClient(app)
    response = client.post("/analyze", data={"url": "http://127.0.0.1:1/", "fetch": "yes"})
    assert response.status_code == 422 and "fetching URLs is off" in response.text
    allowed = TestClient(create_app(repo, analyzer=lambda *a: deployment_doc(),
                                    allow_fetch=True))
    refused = allowed.post("/analyze", data={"url": "http://169.254.169.254/", "fetch": "yes"})
    assert refused.status_code == 422 and "not fetched" in refused.text
    assert calls == []


def test_hostile_doc_fixture_is_consistent():
    from newsgraph.schema import check_spans

    assert check_spans(hostile_doc()) == []
