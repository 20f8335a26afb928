"""Fixtures for the legacy-app tests; plain helpers are in legacy_helpers.py."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from legacy_helpers import EXAMPLES  # noqa: E402


@pytest.fixture
def examples_path():
    """``examples/`` importable (line_server's LineHandler, ...)."""
    sys.path.insert(0, EXAMPLES)
    try:
        yield EXAMPLES
    finally:
        sys.path.remove(EXAMPLES)


@pytest.fixture
def servers():
    """Register servers here; each is closed after the test."""
    made = []
    yield made
    for server in made:
        if server.listening:
            server.close()
        server.stop(0)
