"""Which role a secret link's key opens: the chair's, or one of the team's."""

from __future__ import annotations

from floor.access import key_matches
from floor.domain.commands import TEAM_ROLES, Role
from floor.store.base import Store


async def role_of_key(store: Store, slug: str, key: str | None) -> Role | None:
    """The role whose link carries `key` (every key compared in constant time), or None."""
    if not key:
        return None
    found = Role.CHAIR if key_matches(key, await store.chair_key(slug)) else None
    for role in TEAM_ROLES:
        if key_matches(key, await store.team_key(slug, role.value)) and found is None:
            found = role
    return found
