"""Fixtures for the loader tests: local servers and a guard against real network use.

The guard makes any connection or DNS lookup to something other than 127.0.0.1/::1
fail loudly, so no test in this folder can send a packet off the machine even when
the code under test has a bug.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest
from local_http import RecordingServer, running_server

_LOCAL = {"127.0.0.1", "::1", "localhost"}


class ExternalNetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_external_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Record every outgoing TCP connect; refuse any that is not to loopback."""
    real_connect = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo
    connects: list[tuple[str, int]] = []

    def guarded_connect(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        host, port = address[0], address[1]
        connects.append((host, port))
        if not ipaddress.ip_address(host).is_loopback:
            raise ExternalNetworkUsed(f"test tried to connect to {host}:{port}")
        return real_connect(address, *args, **kwargs)

    def guarded_getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in _LOCAL and host is not None:
            try:
                if ipaddress.ip_address(host).is_loopback:
                    return real_getaddrinfo(host, *args, **kwargs)
            except ValueError:
                pass
            raise ExternalNetworkUsed(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return connects


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    with running_server() as srv:
        yield srv
