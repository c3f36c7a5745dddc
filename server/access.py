"""Secrets and identities: chair keys and per-browser participant tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_COOKIE = "floor_token"
OWNER_COOKIE = "floor_owner"  # the browser that made meetings, to list them on `/`


def new_chair_key() -> str:
    """A long random secret (192 bits), safe in a URL."""
    return secrets.token_urlsafe(24)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def key_matches(given: str | None, expected: str | None) -> bool:
    """Compare a presented chair key in constant time."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def participant_id(slug: str, token: str) -> str:
    """The participant's id in one meeting, derived from their browser token.

    Nothing maps tokens to people: the id is a hash, so the token itself is
    never stored or shown, and one browser is one participant per meeting.
    """
    digest = hashlib.blake2b(f"{slug}\0{token}".encode(), digest_size=8).hexdigest()
    return f"p{digest}"


def owner_id(token: str) -> str:
    """Who made a meeting, as the store keeps it: a hash of the browser's cookie."""
    return hashlib.blake2b(f"owner\0{token}".encode(), digest_size=16).hexdigest()
