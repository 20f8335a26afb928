"""Fixtures of the reliability and security fault suite (see RELIABILITY.md)."""

import pytest

from reliability_helpers import live_greenlets, socket_fds


@pytest.fixture
def baseline():
    """Socket descriptors and live greenlets before the test, for a leak check after."""
    return {'sockets': socket_fds(), 'greenlets': len(live_greenlets())}
