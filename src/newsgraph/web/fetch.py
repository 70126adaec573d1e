"""Fetch one article by URL, only when allowed, never to loopback or private ranges.

Each hop (the URL and every redirect) is checked by
:func:`~newsgraph.web.security.check_url`, then the connection goes to the
address that was checked (the Host header and TLS server name stay the
original name), so a second DNS answer cannot point the request inward.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx

from newsgraph.web.security import Resolver, UnsafeURLError, check_url, resolve_host

MAX_BYTES = 4 * 1024 * 1024
MAX_REDIRECTS = 3
TIMEOUT = 10.0


class FetchError(ValueError):
    pass


def _pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    netloc = literal + (f":{parts.port}" if parts.port else "")
    host_header = host + (f":{parts.port}" if parts.port else "")
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return parts._replace(netloc=netloc).geturl(), {"Host": host_header}, extensions


def fetch(url: str, *, resolver: Resolver = resolve_host, client: httpx.Client | None = None
          ) -> tuple[str, str]:
    """Return (final URL, decoded body) or raise FetchError / UnsafeURLError."""
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            addresses = check_url(url, resolver)
            target, headers, extensions = _pinned(url, addresses[0])
            request = client.build_request("GET", target, headers={
                **headers, "User-Agent": "newsgraph", "Accept": "text/html,text/plain"},
                extensions=extensions)
            response = client.send(request, stream=True)
            try:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError("redirect without a Location")
                    url = urljoin(url, location)
                    continue
                if response.status_code != 200:
                    raise FetchError(f"the server answered {response.status_code}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise FetchError(f"the page is over {MAX_BYTES:,} bytes")
                return url, bytes(body).decode(response.encoding or "utf-8", "replace")
            finally:
                response.close()
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")
    except httpx.HTTPError as exc:
        raise FetchError(f"fetch failed: {type(exc).__name__}") from None
    finally:
        if own:
            client.close()


__all__ = ["FetchError", "UnsafeURLError", "fetch"]
