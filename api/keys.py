"""API keys: made at random, stored only as SHA-256 digests, and checked in constant time.

A keys file has one digest (64 hex digits) a line; `#` starts a comment and blank lines are
skipped. The service never sees a key at rest: a leaked keys file does not give access.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from triage import SettingFileError

KEY_BYTES = 32
"""Random bytes in a new key (256 bits), written as URL-safe base64 by `secrets.token_urlsafe`."""

_DIGEST = re.compile(r"[0-9a-f]{64}")


def new_key() -> str:
    """A new random API key."""
    return secrets.token_urlsafe(KEY_BYTES)


def digest_of(key: str) -> str:
    """The SHA-256 hex digest of a key: what a keys file holds."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class KeyRing:
    """The digests of the keys that may call the service."""

    digests: tuple[str, ...]

    def match(self, presented: str) -> str | None:
        """The digest of a presented key when it is one of the ring's, else None.

        Every digest is compared, with `hmac.compare_digest`, whether or not one has matched, so
        that the time taken says nothing about which digest, or how much of one, matched.
        """
        candidate = digest_of(presented)
        found = None
        for digest in self.digests:
            if hmac.compare_digest(candidate, digest):
                found = digest
        return found


def read_key_ring(path: Path) -> KeyRing:
    """The key ring in a keys file; raises SettingFileError naming the file and the bad line's number.

    A bad line is reported by its number only: it might be a key pasted by mistake.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingFileError(
            f"cannot read the API keys file {path}: {type(error).__name__}"
        ) from None
    digests = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if not _DIGEST.fullmatch(entry):
            raise SettingFileError(
                f"line {number} of the API keys file {path} is not a SHA-256 hex digest "
                "(64 hex digits); `triage keys new` prints a key and its line"
            )
        digests.append(entry)
    if not digests:
        raise SettingFileError(
            f"the API keys file {path} holds no key digest, so no caller could call"
        )
    return KeyRing(tuple(dict.fromkeys(digests)))
