"""`coach serve`: the same app in a browser, for following a hold on a phone.

The database and the content are checked first, as `coach` checks them, and the
address is bound before it is printed: a problem is one line and nothing listens.
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys
from pathlib import Path
from typing import TextIO

from coach import locations
from coach.errors import CoachError, UsageError
from coach.launch import prepare
from coach.plain import safe_text

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def parse_port(text: str | None) -> int:
    if text is None:
        return DEFAULT_PORT
    # Digits only: int() would also take " 80", "+0", "1_0000" and other scripts' digits.
    port = int(text) if text.isascii() and text.isdigit() and len(text) <= 5 else -1
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {text!r}: give a port from 1 to 65535 (0: any free port)")
    return port


def url_host(address: str) -> str:
    """An address as it goes in a URL: IPv6 in brackets."""
    return f"[{address}]" if ":" in address else address


def network_address() -> str:
    """This machine's address on its network, for a phone to reach: the one the system
    would send from (a UDP socket that connects sends nothing), else its name."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed like any outside address
            address = str(probe.getsockname()[0])
        except OSError:
            address = ""
    if address and not ipaddress.ip_address(address).is_loopback and address != "0.0.0.0":
        return address
    return socket.gethostname()


def serve_command(args: argparse.Namespace, out: TextIO) -> int:
    import gc

    gc.enable()  # a server lives on: the collector, off for a shell command, runs again
    from coach.web.guard import Guard, new_token, plain_address
    from coach.web.server import ASSETS, ServeConfig, app_command, listening_socket, run_server

    port = parse_port(args.port)
    host = DEFAULT_HOST if args.host is None else args.host.strip()
    prepare(args)  # the same checks as the app: a damaged file is refused here, once
    db = locations.db_path(args.db).absolute()
    content = [str(Path(folder).absolute()) for folder in args.content]
    try:
        sock = listening_socket(host, port)
    except socket.gaierror:
        raise UsageError(f"--host {host!r}: no such address on this machine") from None
    except OSError as error:
        raise CoachError(
            f"cannot listen on {safe_text(url_host(host), single_line=True)}:{port}: "
            f"{error.strerror or error}"
        ) from None
    bound, port = sock.getsockname()[:2]
    address = plain_address(ipaddress.ip_address(bound))
    loopback = address.is_loopback
    guard = Guard(token=new_token(), loopback_only=loopback, port=port)
    shown = network_address() if address.is_unspecified else str(address)
    url = f"http://{url_host(shown)}:{port}/?token={guard.token}"
    if loopback:
        print("Back Coach is served to this computer only. Open this address here:", file=out)
    else:
        print(
            "Warning: your back-pain log is private, and this address crosses the network "
            "unencrypted. Anyone who gets the address can read and change the log: serve "
            "it only on a network you trust, such as your home Wi-Fi.",
            file=sys.stderr,
        )
        print("Back Coach is served to your network. Open this address on your phone:", file=out)
    print(f"  {url}", file=out)
    print(f"The log: {safe_text(str(db), single_line=True)}. Press ctrl+c to stop.", file=out)
    out.flush()
    page = (ASSETS / "page.html").read_text(encoding="utf-8")
    command = app_command(db, content, mouse=not args.no_mouse)
    config = ServeConfig(command=command, guard=guard, page=page)
    run_server(config, sock, out)
    print("Stopped.", file=out, flush=True)
    return 0
