"""Moved to tests/world.py; kept so branches written before the move still import. Import from tests.world."""

from tests.world import FORGED_TOKEN, ROLES, SIGNED_IN_ROLES, World, build_world, client_for

__all__ = ["FORGED_TOKEN", "ROLES", "SIGNED_IN_ROLES", "World", "build_world", "client_for"]
