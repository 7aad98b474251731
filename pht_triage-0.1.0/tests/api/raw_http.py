"""Raw HTTP/1.1 over a socket, for the tests that send a request slowly, partly or not at all."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

from tests.api.support import Served


def connect(served: Served) -> socket.socket:
    """A raw TCP connection to the server, with a read timeout that fails a hung test."""
    address = urlsplit(served.base)
    return socket.create_connection((address.hostname, address.port), timeout=15)


def log_text(served: Served) -> str:
    """What the server has logged so far, after a moment for the last line to be written."""
    time.sleep(0.3)
    return served.log.read_text(encoding="utf-8")


def read_until_closed(connection: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def read_response(connection: socket.socket) -> bytes:
    """One whole HTTP/1.1 response (headers and a `Content-Length` body) from the connection."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        if not chunk:
            return received
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def status_of(response: bytes) -> int:
    """The status code of a raw HTTP/1.1 response."""
    return int(response.split(b" ", 2)[1])
