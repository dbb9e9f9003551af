"""The no-network guard refuses anything but loopback."""

import socket

import pytest


def test_outside_connections_are_refused():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(RuntimeError, match="network"):
            sock.connect(("93.184.216.34", 80))
    finally:
        sock.close()


def test_loopback_is_allowed(live_server):
    import urllib.request

    with urllib.request.urlopen(live_server.url + "/healthz", timeout=5) as response:  # noqa: S310
        assert response.read() == b"ok"
