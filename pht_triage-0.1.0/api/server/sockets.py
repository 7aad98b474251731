"""One listening socket per worker process, so that the kernel spreads connections evenly.

With one socket shared by every worker, whichever worker wakes first accepts, and one worker takes
most connections: its connection cap fills while the others idle. With `SO_REUSEPORT`, each worker
listens on a socket of its own on the same port and the kernel hands each new connection to one of
them by a hash of its addresses. The supervisor binds the port (without listening on it, so that
no connection waits there) and passes a `ReusePortSocket`; unpickled in a worker, it becomes that
worker's own socket.
"""

from __future__ import annotations

import socket
from typing import Any


def listening_socket(host: str, port: int) -> socket.socket:
    """The supervisor's socket: host:port checked free of any other server, then bound for reuse.

    `SO_REUSEPORT` would also let a second `triage serve` on the same port share its connections
    without a word; a plain bind first fails, as it should, if anything listens there already.
    """
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
        port = probe.getsockname()[1]
    return reuse_port_socket(host, port)


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port with `SO_REUSEPORT`, not yet listening."""
    sock = ReusePortSocket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


class ReusePortSocket(socket.socket):
    """A socket that, sent to a worker process, arrives as a new socket on the same port."""

    def __reduce__(self) -> tuple[Any, ...]:
        host, port = self.getsockname()[:2]
        return (reuse_port_socket, (host, port))


def supported() -> bool:
    """Whether this system lets several sockets listen on one port (Linux, BSDs)."""
    return hasattr(socket, "SO_REUSEPORT")
