import pytest
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Factories create many users; the default hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_for():
    """An API client signed in as the given user (None: anonymous)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def sweep_every_call(monkeypatch):
    """next_task sweeps the project's expired leases on every call (no SWEEP_SECONDS pause)."""
    from annotation.services import assignment

    monkeypatch.setattr(assignment, "SWEEP_SECONDS", 0.0)


@pytest.fixture
def sweep_paused(monkeypatch):
    """next_task's periodic sweep never falls due: expired leases are returned only when the
    queue comes up empty."""
    from annotation.services import assignment

    monkeypatch.setattr(assignment, "SWEEP_SECONDS", float("inf"))
