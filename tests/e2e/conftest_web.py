"""Compatibility name: the server/browser helpers live in ``e2e_server`` (a unique module name,
so importing them never collides with another directory's ``conftest``)."""
from e2e_server import CHROMIUM, CHROMIUM_ARGS, PASSWORD, ROLES, SCREENSHOTS, Server, free_port, login, server_env  # noqa: F401
