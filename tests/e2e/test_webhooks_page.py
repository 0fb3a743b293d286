"""The Webhooks page in a real Chromium: a manager adds a webhook, copies its secret, sends a test
event and sees it delivered in the log; the receiver checks the signature with the library."""

import pytest
from standardwebhooks import Webhook as Verifier

from annotation.webhooks import outbox
from config.celery import app as celery_app
from tests.factories import make_project, make_user
from tests.webhooks.receiver import start_receiver

from .demo import PASSWORD
from .helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.filterwarnings("ignore:No directory at")]


@pytest.fixture
def manager(transactional_db, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    outbox._subscribed.clear()
    boss = make_user("boss", password=PASSWORD)
    make_project(name="Hooks", members={boss: "manager"})
    # The live server sends the test event in its request (no worker in these tests).
    celery_app.conf.task_always_eager = True
    yield boss
    celery_app.conf.task_always_eager = False


@pytest.fixture
def receiver():
    receiver = start_receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def test_a_manager_adds_a_webhook_sends_a_test_event_and_sees_it_in_the_log(page, server, manager, receiver):
    sign_in(page, server, username="boss")
    page.get_by_role("link", name="Webhooks").click()
    page.get_by_role("heading", name="New webhook").wait_for()

    page.get_by_label("URL").fill(receiver.url)
    page.get_by_role("button", name="Add webhook").click()
    secret = page.get_by_test_id("webhook-secret").locator("code").inner_text()
    assert secret.startswith("whsec_")

    page.get_by_role("button", name="Send a test event").click()
    row = page.locator('tr[data-event-type="webhook.test"]')
    row.wait_for()
    page.locator('tr[data-delivery-status="succeeded"]').wait_for(timeout=15_000)
    assert "HTTP 200" in row.inner_text()

    (request,) = receiver.received
    assert Verifier(secret).verify(request.body, request.headers)["type"] == "webhook.test"
