"""Webhooks end to end in one process: an event recorded with what caused it, fanned out after
the commit, signed as Standard Webhooks and checked by a receiver with the `standardwebhooks`
library; retries, the sweep after a broker outage, and the targets a webhook may not reach."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError
from standardwebhooks import Webhook as Verifier

from annotation.services.submission import submit_annotation
from annotation.webhooks import delivery, outbox, services
from annotation.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from tests.annotation.helpers import submit_kwargs
from tests.factories import make_group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private")]


def hook(project, url, events=("annotation.created", "group.completed"), **fields):
    return services.create_webhook(project=project, url=url, events=list(events), **fields)


def submit(group, annotator, capture):
    with capture(execute=True):
        return submit_annotation(annotator=annotator, **submit_kwargs(group)).annotation


def only_delivery():
    (row,) = WebhookDelivery.objects.all()
    return row


def make_due(row):
    WebhookDelivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())


def test_a_submission_reaches_the_receiver_signed_as_standard_webhooks(
    project, group, annotator, receiver, eager_celery, django_capture_on_commit_callbacks
):
    webhook = hook(project, receiver.url, events=["annotation.created"])

    annotation = submit(group, annotator, django_capture_on_commit_callbacks)

    (request,) = receiver.received
    payload = Verifier(webhook.secret).verify(request.body, request.headers)
    assert payload["type"] == "annotation.created"
    assert set(payload) == {"type", "timestamp", "data"}
    assert payload["data"]["annotation_id"] == annotation.pk
    assert payload["data"]["annotator"] == "ann"
    assert request.headers["webhook-id"] == f"msg_{WebhookEvent.objects.get().message_id.hex}"
    row = only_delivery()
    assert (row.status, row.attempts, row.response_code) == (DeliveryStatus.SUCCEEDED, 1, 200)
    assert row.duration_ms is not None


def test_a_signature_with_another_secret_is_refused_by_the_receiver_library(
    project, group, annotator, receiver, eager_celery, django_capture_on_commit_callbacks
):
    hook(project, receiver.url)
    submit(group, annotator, django_capture_on_commit_callbacks)

    request = receiver.received[0]
    with pytest.raises(Exception, match="No matching signature"):
        Verifier(services.new_secret()).verify(request.body, request.headers)


def test_the_last_annotation_of_a_group_sends_group_completed_from_one_insert(
    project, group, annotator, django_capture_on_commit_callbacks
):
    hook(project, "http://127.0.0.1:9/never-called")
    outbox.subscribed_types(project.pk)  # the per-process cache is warm, as in a running server

    with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as queries:
        submit_annotation(annotator=annotator, **submit_kwargs(group))

    inserts = [q["sql"] for q in queries if "INSERT" in q["sql"] and "webhook" in q["sql"]]
    assert len(inserts) == 1
    assert sorted(WebhookEvent.objects.values_list("type", flat=True)) == ["annotation.created", "group.completed"]


def test_a_group_that_needs_more_annotations_is_not_completed(project, annotator, django_capture_on_commit_callbacks):
    hook(project, "http://127.0.0.1:9/never-called", events=["group.completed"])
    group = make_group(project, k=2, needed=2)

    submit(group, annotator, lambda **kw: django_capture_on_commit_callbacks(execute=False))

    assert not WebhookEvent.objects.exists()


def test_a_project_without_an_active_webhook_writes_and_reads_nothing_of_webhooks_on_submit(
    project, group, annotator, django_capture_on_commit_callbacks
):
    hook(project, "http://127.0.0.1:9/paused", is_active=False)
    outbox.subscribed_types(project.pk)

    with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as queries:
        submit_annotation(annotator=annotator, **submit_kwargs(group))

    assert not [q["sql"] for q in queries if "webhook" in q["sql"]]
    assert not WebhookEvent.objects.exists()


def test_a_500_is_retried_after_the_backoff_and_then_succeeds(
    project, group, annotator, receiver, eager_celery, django_capture_on_commit_callbacks
):
    receiver.answer(500, 200)
    hook(project, receiver.url, events=["annotation.created"])

    submit(group, annotator, django_capture_on_commit_callbacks)

    row = only_delivery()
    assert (row.status, row.attempts, row.response_code) == (DeliveryStatus.PENDING, 1, 500)
    assert "HTTP 500" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert delivery.deliver(delivery_id=row.pk) is None  # not due yet: a duplicate message does nothing
    make_due(row)
    with django_capture_on_commit_callbacks(execute=True):
        row = delivery.deliver(delivery_id=row.pk)
    assert (row.status, row.attempts, row.response_code, row.last_error) == (DeliveryStatus.SUCCEEDED, 2, 200, "")
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1  # the receiver can de-duplicate


def test_a_delivery_fails_after_its_last_attempt(
    project, group, annotator, receiver, settings, eager_celery, django_capture_on_commit_callbacks
):
    receiver.answer(503)
    hook(project, receiver.url, events=["annotation.created"])
    submit(group, annotator, django_capture_on_commit_callbacks)
    row = only_delivery()

    delays = []
    while row.status == DeliveryStatus.PENDING:
        delays.append(round((row.next_attempt_at - timezone.now()).total_seconds() / 60))
        make_due(row)
        with django_capture_on_commit_callbacks(execute=True):
            row = delivery.deliver(delivery_id=row.pk)

    assert (row.status, row.attempts, len(receiver.received)) == (DeliveryStatus.FAILED, 5, 5)
    assert delays == [1, 5, 15, 40]  # exponential-ish backoff over about an hour
    assert row.finished_at is not None


def test_a_receiver_slower_than_the_timeout_is_retried(
    project, group, annotator, receiver, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver.answer((200, 2.0, {}))
    hook(project, receiver.url, events=["annotation.created"])

    submit(group, annotator, django_capture_on_commit_callbacks)

    row = only_delivery()
    assert (row.status, row.attempts, row.response_code) == (DeliveryStatus.PENDING, 1, None)
    assert "timed out" in row.last_error.lower()
    assert row.duration_ms < 1900


def test_an_event_raised_while_the_broker_is_down_is_sent_by_the_sweep(
    project, group, annotator, receiver, eager_celery, django_capture_on_commit_callbacks
):
    webhook = hook(project, receiver.url, events=["annotation.created"])
    broken = mock.Mock()
    broken.signature.return_value.apply_async.side_effect = OperationalError("Error 111 connecting to redis")

    with mock.patch("annotation.dispatch.current_app", broken):
        annotation = submit(group, annotator, django_capture_on_commit_callbacks)

    assert annotation.pk  # the submission committed whatever the broker did
    assert WebhookEvent.objects.get().fanned_out_at is None
    assert receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        swept = delivery.sweep(now=timezone.now() + timedelta(minutes=2))
    assert swept["events"] == 1
    (request,) = receiver.received
    assert Verifier(webhook.secret).verify(request.body, request.headers)["data"]["annotation_id"] == annotation.pk
    assert only_delivery().status == DeliveryStatus.SUCCEEDED


def test_the_sweep_sends_again_a_delivery_whose_message_was_lost(
    project, receiver, eager_celery, django_capture_on_commit_callbacks
):
    webhook = hook(project, receiver.url, events=["annotation.created"])
    with mock.patch("annotation.dispatch.current_app"), django_capture_on_commit_callbacks(execute=True):
        sent = delivery.send_test(webhook=webhook)  # its message goes nowhere
    assert WebhookDelivery.objects.get(pk=sent.pk).status == DeliveryStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        delivery.sweep(now=timezone.now() + timedelta(minutes=2))

    assert WebhookDelivery.objects.get(pk=sent.pk).status == DeliveryStatus.SUCCEEDED
    assert json.loads(receiver.received[0].body)["type"] == "webhook.test"


def test_redirects_are_not_followed(project, receiver, eager_celery, django_capture_on_commit_callbacks):
    receiver.answer((302, 0.0, {"location": "/somewhere-else"}))
    webhook = hook(project, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        sent = delivery.send_test(webhook=webhook)

    row = WebhookDelivery.objects.get(pk=sent.pk)
    assert (row.response_code, row.status) == (302, DeliveryStatus.PENDING)
    assert "not followed" in row.last_error
    assert [r.path for r in receiver.received] == ["/hooks/imagepref"]


def test_the_address_is_checked_again_at_delivery_time(
    project, receiver, settings, eager_celery, django_capture_on_commit_callbacks
):
    webhook = hook(project, receiver.url)  # allowed when saved
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    with django_capture_on_commit_callbacks(execute=True):
        sent = delivery.send_test(webhook=webhook)

    row = WebhookDelivery.objects.get(pk=sent.pk)
    assert "target refused" in row.last_error and "127.0.0.1" in row.last_error
    assert receiver.received == []


def test_a_paused_webhook_fails_a_pending_delivery_without_sending_it(
    project, group, annotator, receiver, django_capture_on_commit_callbacks
):
    webhook = hook(project, receiver.url, events=["annotation.created"])
    with django_capture_on_commit_callbacks(execute=False):  # no worker sends it
        submit_annotation(annotator=annotator, **submit_kwargs(group))
        delivery.fan_out(event_id=WebhookEvent.objects.get().pk)
    services.update_webhook(webhook=webhook, is_active=False)

    row = delivery.deliver(delivery_id=only_delivery().pk)

    assert (row.status, row.last_error) == (DeliveryStatus.FAILED, "the webhook is paused")
    assert receiver.received == []


def test_a_rotated_secret_signs_the_next_delivery(project, receiver, eager_celery, django_capture_on_commit_callbacks):
    webhook = hook(project, receiver.url)
    old = webhook.secret

    services.rotate_secret(webhook=webhook)
    with django_capture_on_commit_callbacks(execute=True):
        delivery.send_test(webhook=webhook)

    request = receiver.received[0]
    assert webhook.secret != old
    Verifier(webhook.secret).verify(request.body, request.headers)
    with pytest.raises(Exception, match="No matching signature"):
        Verifier(old).verify(request.body, request.headers)


def test_a_process_sends_one_fan_out_message_per_project_for_a_burst_of_events(
    project, annotator, django_capture_on_commit_callbacks
):
    hook(project, "http://127.0.0.1:9/never-called", events=["annotation.created"])
    groups = [make_group(project, k=2) for _ in range(3)]

    with mock.patch("annotation.dispatch.send") as send:
        for group in groups:
            submit(group, annotator, django_capture_on_commit_callbacks)

    send.assert_called_once_with("annotation.tasks.fan_out_webhook_events", project.pk, countdown=1.0)
    assert delivery.fan_out_project(project_id=project.pk) == 3  # the one message covers all three
    assert WebhookDelivery.objects.count() == 3
