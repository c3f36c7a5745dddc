"""The links Floor prints and shows: on the venue's network, never the projector's localhost.

The room screen's QR code and join text, the meeting card and "your meetings"
use FLOOR_PUBLIC_URL when it is set, else the address `floor serve` printed
(FLOOR_SERVED_URL, which it sets for its workers), and only failing both the
address the page itself was loaded from.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlsplit

from starlette.requests import HTTPConnection

SERVED_URL = "FLOOR_SERVED_URL"


def public_base(request: HTTPConnection) -> str:
    for name in ("FLOOR_PUBLIC_URL", SERVED_URL):
        value = os.environ.get(name, "").strip()
        if value:
            return value.rstrip("/")
    return str(request.base_url).rstrip("/")


def is_loopback(base: str) -> bool:
    """Is the link's host this machine alone (localhost, 127.0.0.1, ::1)?"""
    host = urlsplit(base).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    """This machine's address on the local network, or None if it has none but loopback.

    Connecting a UDP socket sends nothing: it only asks the system which of its
    addresses would be used to reach another network.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            address = str(probe.getsockname()[0])
        except OSError:
            address = ""
    if address and not ipaddress.ip_address(address).is_loopback:
        return address
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return None
    return None if ipaddress.ip_address(address).is_loopback else address
