"""Fetch one page by URL (the analyze form, `ingest --allow-urls`), never to loopback or
private ranges.

Each hop (the URL and every redirect) is checked by
:func:`check_url`, then the connection goes to the
address that was checked (the Host header and TLS server name stay the
original name), so a second DNS answer cannot point the request inward.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import httpx


class UnsafeURLError(ValueError):
    pass


Resolver = Callable[[str, int], list[str]]


def resolve_host(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, resolver: Resolver = resolve_host) -> list[str]:
    """Refuse URLs that are not http(s) or that reach loopback, private or reserved addresses.

    Every address the name resolves to must be public; returns them. Callers
    connect to one of these addresses, not to a second lookup of the name.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise UnsafeURLError(f"only http and https URLs are fetched, not {parts.scheme!r}")
    if parts.username or parts.password:
        raise UnsafeURLError("URLs with credentials are not fetched")
    host = parts.hostname
    if not host:
        raise UnsafeURLError("the URL has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURLError(f"bad port: {exc}") from None
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise UnsafeURLError(f"cannot resolve {host!r}: {exc}") from None
    if not addresses:
        raise UnsafeURLError(f"{host!r} has no address")
    for address in addresses:
        try:
            public = _public(address)
        except ValueError:
            public = False
        if not public:
            raise UnsafeURLError(f"{host!r} resolves to {address}, a loopback, private or "
                                 "reserved address: not fetched")
    return addresses


def is_safe_url(url: str, resolver: Resolver = resolve_host) -> bool:
    try:
        check_url(url, resolver)
    except UnsafeURLError:
        return False
    return True


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
