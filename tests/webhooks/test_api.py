"""The webhook endpoints: a manager adds, reads, pauses and deletes webhooks, sees a secret only
when it is made, sends a test event, reads the delivery log and redelivers; what a webhook may
not target is refused with the field named."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient
from standardwebhooks import Webhook as Verifier

from annotation.webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db

PUBLIC_URL = "http://93.184.215.14/hooks"  # a literal public address: no DNS in the tests


@pytest.fixture
def api(manager):
    client = APIClient()
    client.force_authenticate(manager)
    return client


def add(api, project, **body):
    return api.post(
        f"/api/v1/projects/{project.pk}/webhooks/",
        {"url": PUBLIC_URL, "events": ["group.completed"], **body},
        format="json",
    )


def test_a_new_webhook_shows_its_secret_once(api, project):
    created = add(api, project, description="CI")

    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    Verifier(secret)  # the library reads it
    listed = api.get(f"/api/v1/projects/{project.pk}/webhooks/").json()["results"]
    assert [w["id"] for w in listed] == [created.json()["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in api.get(f"/api/v1/webhooks/{listed[0]['id']}/").json()


def test_rotating_gives_a_new_secret(api, project):
    created = add(api, project).json()

    rotated = api.post(f"/api/v1/webhooks/{created['id']}/rotate-secret/")

    assert rotated.status_code == 200
    assert rotated.json()["secret"] not in ("", created["secret"])
    assert Webhook.objects.get().secret == rotated.json()["secret"]


def test_a_manager_pauses_and_resumes_a_webhook(api, project):
    created = add(api, project).json()

    paused = api.patch(f"/api/v1/webhooks/{created['id']}/", {"is_active": False}, format="json")
    assert paused.status_code == 200 and paused.json()["is_active"] is False
    resumed = api.patch(f"/api/v1/webhooks/{created['id']}/", {"is_active": True}, format="json")
    assert resumed.json()["is_active"] is True


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "ftp://93.184.215.14/hook",
        "http://user:pw@93.184.215.14/hook",
    ],
)
def test_private_and_odd_targets_are_refused(api, project, url):
    refused = add(api, project, url=url)

    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["url"]
    assert not Webhook.objects.exists()


def test_the_setting_allows_private_targets_but_never_metadata(api, project, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True

    assert add(api, project, url="http://127.0.0.1:8000/hook").status_code == 201
    assert add(api, project, url="http://169.254.169.254/latest/").status_code == 400


def test_an_unknown_event_is_refused(api, project):
    refused = add(api, project, events=["group.completed", "group.exploded"])

    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["events[1]"]


def test_a_test_event_and_a_redelivery_appear_in_the_log_with_one_webhook_id(api, project):
    created = add(api, project).json()

    sent = api.post(f"/api/v1/webhooks/{created['id']}/test/")
    assert sent.status_code == 202
    assert sent.json()["event_type"] == "webhook.test"
    again = api.post(f"/api/v1/webhook-deliveries/{sent.json()['id']}/redeliver/")
    assert again.status_code == 202

    log = api.get(f"/api/v1/webhooks/{created['id']}/deliveries/").json()["results"]
    assert [d["id"] for d in log] == [again.json()["id"], sent.json()["id"]]
    assert {d["webhook_message_id"] for d in log} == {sent.json()["webhook_message_id"]}
    assert {d["status"] for d in log} == {"pending"}  # no worker in this test
    assert set(log[0]) >= {"status", "response_code", "duration_ms", "attempts", "last_error"}


def test_deleting_a_webhook_deletes_its_log(api, project):
    created = add(api, project).json()
    api.post(f"/api/v1/webhooks/{created['id']}/test/")

    assert api.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 204
    assert not Webhook.objects.exists() and not WebhookDelivery.objects.exists()


def test_the_webhook_endpoints_are_described_without_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(urlconf="annotation.api.webhook_urls").get_schema(request=None, public=True)
    assert set(schema["paths"]) == {
        "/projects/{project_id}/webhooks/",
        "/webhooks/{webhook_id}/",
        "/webhooks/{webhook_id}/rotate-secret/",
        "/webhooks/{webhook_id}/test/",
        "/webhooks/{webhook_id}/deliveries/",
        "/webhook-deliveries/{delivery_id}/redeliver/",
    }
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    GENERATOR_STATS.reset()
