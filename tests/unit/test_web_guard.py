"""Who may drive `coach serve`: the rules on their own, with no server."""

from __future__ import annotations

import pytest

from coach.web.guard import Guard, cookie_name, host_name, is_loopback_name, new_token

LOOPBACK = Guard(token="k" * 43, loopback_only=True, port=8000)
NETWORK = Guard(token="k" * 43, loopback_only=False, port=8000)


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("LOCALHOST:9000", "localhost"),
        ("[::1]:8000", "::1"),
        ("192.168.1.20", "192.168.1.20"),
        ("evil.example:8000", "evil.example"),
        ("[not-closed:80", ""),
        ("evil.example@127.0.0.1:8000", ""),  # a Host header has no user part
        ("127.0.0.1:8000/path", ""),
        ("127.0.0.1 :8000", ""),
    ],
)
def test_the_name_in_a_host_header(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(
    "name", ["127.0.0.1", "127.8.9.1", "::1", "localhost", "localhost.", "::ffff:127.0.0.1"]
)
def test_loopback_names(name: str) -> None:
    assert is_loopback_name(name)


@pytest.mark.parametrize("name", ["192.168.1.20", "0.0.0.0", "evil.example", "localhost.evil", ""])
def test_names_that_reach_further(name: str) -> None:
    assert not is_loopback_name(name)


def test_on_loopback_only_loopback_names_are_answered_on_any_port() -> None:
    assert LOOPBACK.host_allowed("127.0.0.1:8000")
    assert LOOPBACK.host_allowed("localhost:9123")  # an SSH tunnel's own port
    assert not LOOPBACK.host_allowed("rebound.evil.example:8000")  # DNS rebinding
    assert not LOOPBACK.host_allowed(None)
    assert not LOOPBACK.host_allowed("")
    assert NETWORK.host_allowed("192.168.1.20:8000")


def test_only_the_pages_own_origin() -> None:
    assert Guard.origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000", required=True)
    assert not Guard.origin_allowed("http://evil.example", "127.0.0.1:8000", required=True)
    assert not Guard.origin_allowed("http://127.0.0.1:9999", "127.0.0.1:8000", required=True)
    assert not Guard.origin_allowed("https://127.0.0.1:8000", "127.0.0.1:8000", required=True)
    assert not Guard.origin_allowed("null", "127.0.0.1:8000", required=False)
    assert not Guard.origin_allowed(None, "127.0.0.1:8000", required=True)
    assert Guard.origin_allowed(None, "127.0.0.1:8000", required=False)


def test_the_key() -> None:
    one, two = new_token(), new_token()
    assert one != two and len(one) >= 40
    guard = Guard(token=one, loopback_only=True, port=1)
    assert guard.token_matches(one)
    assert not guard.token_matches(two)
    assert not guard.token_matches("")
    assert not guard.token_matches(None)
    assert one not in repr(guard)  # never printed by accident


def test_every_refusal_has_a_reason_and_the_key_opens_only_the_page() -> None:
    good = {"host": "127.0.0.1:8000", "origin": None, "query_token": None}
    assert LOOPBACK.refusal(path="/", cookie_token=None, **good) is not None
    assert LOOPBACK.refusal(path="/", cookie_token="k" * 43, **good) is None
    page_with_key = {**good, "query_token": "k" * 43}
    assert LOOPBACK.refusal(path="/", cookie_token=None, **page_with_key) is None
    # The key in an address opens the page only; the assets and the socket need the cookie.
    assert LOOPBACK.refusal(path="/static/js/textual.js", cookie_token=None, **page_with_key)
    assert LOOPBACK.refusal(path="/ws", cookie_token=None, **page_with_key)
    # The socket needs an Origin, and the right one.
    assert LOOPBACK.refusal(path="/ws", cookie_token="k" * 43, **good)
    ws = {**good, "origin": "http://127.0.0.1:8000"}
    assert LOOPBACK.refusal(path="/ws", cookie_token="k" * 43, **ws) is None
    evil = {**good, "origin": "http://evil.example"}
    assert LOOPBACK.refusal(path="/ws", cookie_token="k" * 43, **evil)


def test_cookies_differ_by_port() -> None:
    assert cookie_name(8000) != cookie_name(8001)


def test_server_log_lines_are_one_short_line_once_a_minute() -> None:
    import logging

    from coach.web.quiet import OncePerKind, OneLine

    record = logging.LogRecord(
        "aiohttp.server",
        logging.ERROR,
        "x",
        1,
        "Error handling request from %s",
        ("\x1b]0;t\x07",),
        None,
    )
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = OneLine().format(record)
    assert "\n" not in line and "\x1b" not in line and "Traceback" not in line
    assert line.startswith("coach serve: Error handling request from ")
    once = OncePerKind()
    assert once.filter(record) and not once.filter(record)  # the same kind, again: dropped
