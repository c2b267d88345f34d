"""Who may drive the served app: the rules, as plain functions with no server in them.

A person's back-pain log must not open to anyone else by accident:
- any web page they visit may try `ws://127.0.0.1:PORT/ws` (browsers let a page open a
  WebSocket to any origin), so the websocket refuses an `Origin` that is not the page's
  own, and a missing one;
- a page on a name that resolves to 127.0.0.1 (DNS rebinding) sends its own name as
  `Host`, so a server on loopback answers only loopback names;
- every request needs the key made at start, given once in the printed address and
  then kept by the browser as an HttpOnly, SameSite=Strict cookie.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost."})
HOST_HEADER = re.compile(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")
TOKEN_PARAMETER = "token"

# The page's own script and the terminal's script, styles and font, from this server only.
# xterm.js adds <style> elements as it draws, hence 'unsafe-inline' for styles (not scripts).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def new_token() -> str:
    """The key for one run of the server: held in memory only, never written."""
    return secrets.token_urlsafe(32)


def host_name(host_header: str) -> str:
    """The name in a `Host` header, without its port: 'localhost:8000' -> 'localhost',
    '[::1]:8000' -> '::1'. An empty string if the header is malformed (a user part such
    as 'evil.example@127.0.0.1' included: a Host header has none)."""
    if not HOST_HEADER.fullmatch(host_header):
        return ""
    try:
        parts = urlsplit(f"//{host_header}")
        return (parts.hostname or "").lower()
    except ValueError:
        return ""


def is_loopback_name(name: str) -> bool:
    """127.0.0.0/8, ::1 and 'localhost': the names that only reach this machine."""
    if name in LOOPBACK_NAMES:
        return True
    try:
        return plain_address(ipaddress.ip_address(name)).is_loopback
    except ValueError:
        return False


def plain_address(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """An IPv4 address written as IPv6 (::ffff:127.0.0.1) judged as the IPv4 it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def cookie_name(port: int) -> str:
    """One cookie per port: browsers share cookies between the ports of one host."""
    return f"backcoach-{port}"


@dataclass(frozen=True)
class Guard:
    """The checks for one server: its key, and whether it listens on loopback only."""

    token: str = field(repr=False)
    loopback_only: bool
    port: int

    def host_allowed(self, host_header: str | None) -> bool:
        """On loopback, only loopback names (any port: an SSH tunnel may change it)."""
        if not host_header:
            return False
        name = host_name(host_header)
        if not name:
            return False
        return is_loopback_name(name) if self.loopback_only else True

    @staticmethod
    def origin_allowed(origin: str | None, host_header: str, *, required: bool) -> bool:
        """The page's own origin only: `http://` and the very host it asked for."""
        if origin is None:
            return not required
        return origin.lower() == f"http://{host_header}".lower()

    def token_matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    @property
    def cookie(self) -> str:
        return cookie_name(self.port)

    def refusal(
        self,
        *,
        path: str,
        host: str | None,
        origin: str | None,
        query_token: str | None,
        cookie_token: str | None,
    ) -> str | None:
        """Why this request is refused (for a 403), or None if it may go on."""
        if not self.host_allowed(host):
            return "This server answers only to this machine's own address."
        assert host is not None
        keyed = self.token_matches(cookie_token) or (
            path == "/" and self.token_matches(query_token)
        )
        if not keyed:
            return (
                "Open the full address that `coach serve` printed: it holds the key to this page."
            )
        if not self.origin_allowed(origin, host, required=path == "/ws"):
            return "Requests from other web pages are refused."
        return None
