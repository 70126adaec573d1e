"""Guards of the web server: binding, token, body size, headers, outbound URLs."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable
from urllib.parse import parse_qs, parse_qsl, quote, urlencode, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# the SSRF guard of outbound requests is shared with `ingest --allow-urls`; its names
# stay importable from here
from newsgraph.ingest.fetch import Resolver as Resolver
from newsgraph.ingest.fetch import UnsafeURLError as UnsafeURLError
from newsgraph.ingest.fetch import check_url as check_url
from newsgraph.ingest.fetch import is_safe_url as is_safe_url
from newsgraph.ingest.fetch import resolve_host as resolve_host
from newsgraph.settings import default, env_name

DEFAULT_MAX_BODY = int(default("max_body"))
TOKEN_COOKIE = "newsgraph_token"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# Scripts and styles only from this server; nothing may frame the page or be
# posted elsewhere. Inline SVG is markup, not script, so it is allowed.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; "
       "connect-src 'self'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # not no-referrer: under it a browser sends "Origin: null" on its own form POSTs, which
    # the same-origin check must refuse; same-origin still sends nothing to other sites
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class UnsafeBindError(ValueError):
    pass


def is_loopback_host(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond loopback without a token."""
    if not is_loopback_host(host) and not token:
        raise UnsafeBindError(
            f"refusing to listen on {host!r} without a token: anyone who can reach it "
            f"could read the database. Pass --token (or {env_name('token')}), or bind 127.0.0.1.")
    if token is not None and len(token) < 16:
        raise UnsafeBindError("the token is too short: use at least 16 characters "
                              "(e.g. python -c 'import secrets; print(secrets.token_urlsafe())')")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, b"cookie") or ""
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


async def _send_text(send: Send, status: int, text: str,
                     extra: Iterable[tuple[bytes, bytes]] = ()) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *HEADERS, *extra]})
    await send({"type": "http.response.body", "body": body})


def same_origin(scope: Scope) -> bool:
    """A state-changing request from this server's own pages, or from a client that is not
    a browser (no Origin, no Referer). Browsers send Origin on every cross-site POST, so
    another page open in the analyst's browser cannot submit the analyze form here."""
    host = (_header(scope, b"host") or "").lower()
    origin = _header(scope, b"origin")
    if origin is not None:
        return origin.strip().lower() != "null" and urlsplit(origin.strip()).netloc == host
    referer = _header(scope, b"referer")
    if referer is not None:
        return urlsplit(referer.strip()).netloc.lower() == host
    return True


class GuardMiddleware:
    """Host check, token check, body size limit and security headers, as one ASGI layer.

    * Host: only the names the server was bound for are answered, so a web page
      that rebinds its DNS name to 127.0.0.1 cannot read the API from a browser.
    * Token: ``Authorization: Bearer T``, or the cookie set by visiting any page
      once with ``?token=T`` (compared in constant time).
    * Origin: a POST whose Origin (or Referer) is another site gets 403 (CSRF).
    * Body: a declared or streamed body over ``max_body`` bytes gets 413.
    """

    def __init__(self, app: ASGIApp, *, token: str | None = None,
                 max_body: int = DEFAULT_MAX_BODY,
                 allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    def _host_ok(self, scope: Scope) -> bool:
        if self.allowed_hosts is None:
            return True
        host = (_header(scope, b"host") or "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in self.allowed_hosts or name.strip("[]") in self.allowed_hosts

    def _token_ok(self, scope: Scope) -> tuple[bool, bool]:
        """(authorized, came from the query string)."""
        if self.token is None:
            return True, False
        expected = self.token.encode()
        auth = _header(scope, b"authorization") or ""
        if auth.lower().startswith("bearer ") and hmac.compare_digest(
                auth[7:].strip().encode(), expected):
            return True, False
        cookie = _cookie(scope, TOKEN_COOKIE)
        if cookie and hmac.compare_digest(cookie.encode(), expected):
            return True, False
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.get("token") or [""])[0]
        if given and hmac.compare_digest(given.encode(), expected):
            return True, True
        return False, False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self._host_ok(scope):
            await _send_text(send, 400, "unknown Host header")
            return
        authorized, from_query = self._token_ok(scope)
        if authorized and from_query and scope.get("method") in ("GET", "HEAD"):
            # trade the token in the URL for a cookie, and drop it from the address bar
            await _send_text(send, 303, "token accepted", [
                (b"location", _without_token(scope).encode("latin-1")),
                (b"set-cookie", self._cookie().encode())])
            return
        if not authorized:
            await _send_text(send, 401, "a token is required: send 'Authorization: Bearer "
                             "TOKEN' or open the page once with ?token=TOKEN",
                             [(b"www-authenticate", b"Bearer")])
            return
        if scope.get("method") not in SAFE_METHODS and not same_origin(scope):
            await _send_text(send, 403, "cross-site request refused: the Origin (or Referer) "
                             "is not this server")
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _send_text(send, 400, "bad Content-Length")
                return
            if int(declared) > self.max_body:
                await _send_text(send, 413, f"request body over {self.max_body:,} bytes")
                return
        elif scope.get("method") in ("POST", "PUT", "PATCH"):
            # no declared length (chunked): read up to the limit before the app sees it
            body = await self._read_bounded(receive)
            if body is None:
                await _send_text(send, 413, f"request body over {self.max_body:,} bytes")
                return
            receive = _replay(body)
        await self.app(scope, self._limited(receive), self._decorated(send, from_query))

    async def _read_bounded(self, receive: Receive) -> bytes | None:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _limited(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        return wrapped

    def _cookie(self) -> str:
        return f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"

    def _decorated(self, send: Send, set_cookie: bool) -> Send:
        token = self.token

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [h for h in HEADERS if h[0] not in present]
                if set_cookie and token:
                    headers.append((b"set-cookie", self._cookie().encode()))
                message = {**message, "headers": headers}
            await send(message)

        return wrapped


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _without_token(scope: Scope) -> str:
    """The request's path and query, less the token (a relative URL: no open redirect)."""
    query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                          keep_blank_values=True) if k != "token"]
    path = quote(scope.get("path", "/")) or "/"
    path = "/" + path.lstrip("/")  # never "//host": that would leave the site
    return path + (f"?{urlencode(query)}" if query else "")


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"request body over {limit:,} bytes")
        self.limit = limit
