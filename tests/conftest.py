"""Shared test setup. Tests use the database DATABASE_URL names (PostgreSQL in CI, see .ci/run);
without it they run on SQLite and the PostgreSQL-only tests say they were skipped."""

import os

import pytest

# `s3_endpoint` and `bucket`: an S3-compatible server for the object-storage tests (tests/s3.py).
pytest_plugins = ["tests.s3"]

# pyproject.toml (pytest settings) selects config.test_settings, which keeps media, exports, checkpoints and the
# broker of a test run in a temporary folder, away from data/.


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://... (make test does in CI)")
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Factories hash passwords; the default hasher costs about a second per user on CI's cores.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_traffic_beyond_this_machine(monkeypatch):
    """Tests talk to servers on this machine only: a webhook target that is not a loopback
    address (a public one in a test of the address rules, or one the fuzzer makes up) is never
    resolved through DNS nor connected to; such a delivery fails as a connection error would."""
    import ipaddress
    import socket

    from annotation.webhooks import delivery, targets

    real_getaddrinfo, real_pool = targets.socket.getaddrinfo, delivery._pool

    def getaddrinfo(host, *args, **kwargs):
        try:
            ipaddress.ip_address(str(host).strip("[]"))
        except ValueError:
            if host != "localhost":
                raise socket.gaierror(socket.EAI_NONAME, "tests resolve no names beyond this machine") from None
        return real_getaddrinfo(host, *args, **kwargs)

    def pool(target, address):
        if not ipaddress.ip_address(address).is_loopback:
            raise OSError(f"tests connect to nothing beyond this machine ({address})")
        return real_pool(target, address)

    monkeypatch.setattr(targets.socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(delivery, "_pool", pool)
