"""The bytes a reminder writes for the terminal: the desktop notification's escape
sequence, its tmux wrapping, and the text made unable to end it early."""

from __future__ import annotations

from coach.alerts import desktop_notification

XTERM = {"TERM": "xterm-256color"}


def test_osc_9_by_default() -> None:
    assert (
        desktop_notification("Back Coach", "Walk now.", XTERM) == "\x1b]9;Back Coach: Walk now.\a"
    )


def test_osc_777_where_the_terminal_speaks_it() -> None:
    expected = "\x1b]777;notify;Back Coach;Walk now.\a"
    assert (
        desktop_notification("Back Coach", "Walk now.", {**XTERM, "VTE_VERSION": "7600"})
        == expected
    )
    assert desktop_notification("Back Coach", "Walk now.", {"TERM": "foot"}) == expected


def test_inside_tmux_it_is_wrapped_for_passthrough_with_each_escape_doubled() -> None:
    wrapped = desktop_notification("Back Coach", "Walk now.", {**XTERM, "TMUX": "/tmp/t,1,0"})
    assert wrapped == "\x1bPtmux;\x1b\x1b]9;Back Coach: Walk now.\a\x1b\\"


def test_never_on_the_linux_console() -> None:
    assert desktop_notification("Back Coach", "Walk now.", {"TERM": "linux"}) == ""


def test_text_cannot_end_the_sequence_or_drive_the_terminal() -> None:
    hostile = "a\x07b\x1b]0;title\x1b\\c\x9dd\u202ee\nf"
    sequence = desktop_notification("x;y", hostile, {**XTERM, "VTE_VERSION": "1"})
    body = sequence.removeprefix("\x1b]777;notify;").removesuffix("\a")
    assert body == "xy;ab]0;title\\cde f"  # the title lost its ';', the body its controls
    assert "\x1b" not in body and "\a" not in body and "\x9d" not in body


def test_a_long_text_is_cut_with_an_ellipsis() -> None:
    sequence = desktop_notification("T", "w" * 500, XTERM)
    assert len(sequence) < 220 and sequence.endswith("…\a")
