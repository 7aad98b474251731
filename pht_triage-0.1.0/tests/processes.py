"""The processes of a running server, read from /proc: for the tests that kill one."""

from __future__ import annotations

import os
import time
from pathlib import Path


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        found.setdefault(parent, []).append(int(entry.name))
    return found


def _command(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, children first."""
    children = _children()
    found: list[int] = []
    queue = [pid]
    while queue:
        below = children.get(queue.pop(0), [])
        found.extend(below)
        queue.extend(below)
    return found


def screening_processes(server: int) -> list[int]:
    """The screening worker processes under a server: its leaves that are not a resource tracker
    or a uvicorn worker (which has children of its own)."""
    children = _children()
    return [
        pid
        for pid in descendants(server)
        if not children.get(pid) and "resource_tracker" not in _command(pid)
    ]


def wait_for_screening_processes(server: int, timeout: float = 30) -> list[int]:
    """The screening processes, once at least one runs."""
    deadline = time.monotonic() + timeout
    while not (found := screening_processes(server)):
        assert time.monotonic() < deadline, "no screening process started"
        time.sleep(0.05)
    return found


def rss_mib(pid: int) -> float:
    """A process's resident memory, in MiB."""
    for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def alive(pid: int) -> bool:
    """Whether a process exists (and is not a zombie)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z" and os.path.exists(f"/proc/{pid}")


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in (Path("/proc") / str(pid) / "fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _tcp_sockets(pid: int, port: int, state: str) -> int:
    inodes = _socket_inodes(pid)
    found = 0
    for table in ("tcp", "tcp6"):
        for line in (Path("/proc/net") / table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rpartition(":")[2], 16)
            if local_port == port and fields[3] == state and fields[9] in inodes:
                found += 1
    return found


def connections_held(pid: int, port: int) -> int:
    """How many established TCP connections to `port` the process `pid` holds open."""
    return _tcp_sockets(pid, port, "01")


def listens(pid: int, port: int) -> bool:
    """Whether the process `pid` has a socket listening on `port`."""
    return _tcp_sockets(pid, port, "0A") > 0
