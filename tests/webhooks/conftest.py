import pytest

from annotation.webhooks import outbox
from config.celery import app as celery_app
from tests.factories import make_group, make_project, make_user
from tests.webhooks.receiver import start_receiver


@pytest.fixture(autouse=True)
def fresh_subscriptions():
    """Each test starts with no cached subscriptions and no fan-out message sent (SQLite
    reuses project ids)."""
    outbox._subscribed.clear()
    outbox._announced.clear()
    yield
    outbox._subscribed.clear()
    outbox._announced.clear()


@pytest.fixture
def receiver():
    receiver = start_receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def manager():
    return make_user("boss")


@pytest.fixture
def annotator():
    return make_user("ann")


@pytest.fixture
def project(manager, annotator):
    return make_project(members={manager: "manager", annotator: "annotator"}, annotations_per_group=1)


@pytest.fixture
def group(project):
    return make_group(project, k=3)
