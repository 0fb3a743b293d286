"""Sending events: fan-out to the subscribed webhooks, one signed POST per delivery with retries,
and the sweep that re-sends what a lost broker message left behind.

Delivery is at least once: a receiver may get an event twice (a worker lost after the POST and
before recording it) and de-duplicates on `webhook-id`, the same for every attempt and
redelivery of one event. Each attempt:

- claims the delivery (due, pending) by moving `next_attempt_at` past the attempt's end, so a
  duplicate message for it finds nothing to do and the sweep re-sends it only once the attempt
  is surely lost;
- resolves the target and refuses it if any address is not allowed (targets.py), then connects
  to that checked address (the name is not resolved a second time);
- POSTs `{type, timestamp, data}`, signed with the webhook's secret by the `standardwebhooks`
  library, with a WEBHOOK_TIMEOUT_SECONDS budget, never following a redirect;
- records the outcome: a 2xx succeeds; anything else is retried after the next of
  WEBHOOK_RETRY_DELAYS, and fails once they are spent."""

import json
import time
from dataclasses import dataclass
from datetime import timedelta

import urllib3
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook as Signer

from .. import dispatch
from . import events
from .models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent
from .targets import TargetRefused, parse_target, resolve

ERROR_CHARS = 1000
SWEEP_BATCH = 500


@dataclass(frozen=True)
class Outcome:
    ok: bool
    response_code: int | None
    duration_ms: int
    error: str = ""


def attempts_allowed() -> int:
    return len(settings.WEBHOOK_RETRY_DELAYS) + 1


def fan_out(*, event_id: int) -> list[int]:
    """One pending delivery per active webhook subscribed to the event (once per event); returns
    their ids, queued after the commit."""
    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update().filter(pk=event_id, fanned_out_at__isnull=True).first()
        if event is None:
            return []
        hooks = [
            hook
            for hook in Webhook.objects.filter(project_id=event.project_id, is_active=True).order_by("id")
            if event.type in hook.events
        ]
        deliveries = WebhookDelivery.objects.bulk_create([WebhookDelivery(webhook=hook, event=event) for hook in hooks])
        event.fanned_out_at = timezone.now()
        event.save(update_fields=["fanned_out_at"])
        for delivery in deliveries:
            dispatch.deliver_webhook(delivery.pk)
    return [d.pk for d in deliveries]


def fan_out_project(*, project_id: int) -> int:
    """Fan out every event of the project that is not yet, in batches; how many."""
    done = 0
    while True:
        event_ids = list(
            WebhookEvent.objects.filter(project_id=project_id, fanned_out_at__isnull=True)
            .order_by("id")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        for event_id in event_ids:
            fan_out(event_id=event_id)
        done += len(event_ids)
        if len(event_ids) < SWEEP_BATCH:
            return done


def deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """One attempt of a due delivery; None when it is not due or not pending (a duplicate message)."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    # A paused webhook still takes test events: a manager checks a receiver before resuming it.
    if not delivery.webhook.is_active and delivery.event.type != events.TEST:
        return _finish(delivery, Outcome(False, None, 0, "the webhook is paused"), final=True)
    return _finish(delivery, send(delivery.webhook, delivery.event))


def _claim(delivery_id: int) -> WebhookDelivery | None:
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("webhook", "event")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        # A little slack: a countdown's message may arrive a moment before the row says it is due.
        if delivery is None or delivery.next_attempt_at > now + timedelta(seconds=2):
            return None
        delivery.next_attempt_at = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 60)
        delivery.save(update_fields=["next_attempt_at"])
    return delivery


def body_of(event: WebhookEvent) -> bytes:
    return json.dumps(
        {"type": event.type, "timestamp": event.created_at.isoformat(), "data": event.data},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


def message_id(event: WebhookEvent) -> str:
    return f"msg_{event.message_id.hex}"


def signed_headers(secret: str, event: WebhookEvent, body: bytes) -> dict[str, str]:
    now = timezone.now()
    msg_id = message_id(event)
    return {
        "content-type": "application/json",
        "user-agent": "imagepref-webhooks/1",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Signer(secret).sign(msg_id=msg_id, timestamp=now, data=body),
    }


def send(webhook: Webhook, event: WebhookEvent) -> Outcome:
    """POST the event to the webhook once; never raises."""
    started = time.monotonic()

    def took() -> int:
        return round(1000 * (time.monotonic() - started))

    body = body_of(event)
    try:
        target = parse_target(webhook.url)
        address = resolve(target)[0]
        pool = _pool(target, address)
        try:
            response = pool.urlopen(
                "POST",
                target.path,
                body=body,
                headers={**signed_headers(webhook.secret, event, body), "host": target.host_header},
                redirect=False,
                retries=False,
                assert_same_host=False,
                preload_content=False,
            )
            excerpt = response.read(ERROR_CHARS, decode_content=False)
            response.release_conn()
        finally:
            pool.close()
    except TargetRefused as exc:
        return Outcome(False, None, took(), f"target refused: {exc}")
    except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
        return Outcome(False, None, took(), f"{type(exc).__name__}: {exc}")
    if 200 <= response.status < 300:
        return Outcome(True, response.status, took())
    if 300 <= response.status < 400:
        where = response.headers.get("location", "")
        return Outcome(False, response.status, took(), f"redirect to {where!r} not followed")
    text = excerpt.decode("utf-8", "replace").strip()
    return Outcome(False, response.status, took(), f"HTTP {response.status}" + (f": {text}" if text else ""))


def _pool(target, address: str) -> urllib3.HTTPConnectionPool:
    timeout = urllib3.Timeout(total=settings.WEBHOOK_TIMEOUT_SECONDS)
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, retries=False, maxsize=1)


def _finish(delivery: WebhookDelivery, outcome: Outcome, *, final: bool = False) -> WebhookDelivery:
    now = timezone.now()
    with transaction.atomic():
        row = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        row.attempts += 1
        row.response_code = outcome.response_code
        row.duration_ms = outcome.duration_ms
        row.last_error = outcome.error[:ERROR_CHARS]
        if outcome.ok:
            row.status = DeliveryStatus.SUCCEEDED
            row.finished_at = now
        elif final or row.attempts >= attempts_allowed():
            row.status = DeliveryStatus.FAILED
            row.finished_at = now
        else:
            delay = settings.WEBHOOK_RETRY_DELAYS[row.attempts - 1]
            row.next_attempt_at = now + timedelta(seconds=delay)
            dispatch.deliver_webhook(row.pk, countdown=delay)
        row.save()
    row.webhook, row.event = delivery.webhook, delivery.event
    return row


def redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's event to its webhook again, as a new delivery with the same webhook-id."""
    with transaction.atomic():
        again = WebhookDelivery.objects.create(webhook=delivery.webhook, event=delivery.event)
        dispatch.deliver_webhook(again.pk)
    return again


def send_test(*, webhook: Webhook, by=None) -> WebhookDelivery:
    """A `webhook.test` event for this webhook alone."""
    with transaction.atomic():
        event = WebhookEvent.objects.create(
            project_id=webhook.project_id,
            type=events.TEST,
            data={
                "project_id": webhook.project_id,
                "webhook_id": webhook.pk,
                "sent_by": by.username if by is not None else None,
            },
            fanned_out_at=timezone.now(),
        )
        delivery = WebhookDelivery.objects.create(webhook=webhook, event=event)
        dispatch.deliver_webhook(delivery.pk)
    return delivery


def sweep(*, now=None) -> dict[str, int]:
    """Fan out events whose fan-out message was lost (the broker was down when they were
    recorded), and send again pending deliveries overdue by WEBHOOK_RESEND_SECONDS."""
    now = now or timezone.now()
    overdue = now - timedelta(seconds=settings.WEBHOOK_RESEND_SECONDS)
    event_ids = list(
        WebhookEvent.objects.filter(fanned_out_at__isnull=True, created_at__lt=overdue)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for event_id in event_ids:
        fan_out(event_id=event_id)
    delivery_ids = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lt=overdue)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for delivery_id in delivery_ids:
        dispatch.deliver_webhook(delivery_id)
    return {"events": len(event_ids), "deliveries": len(delivery_ids)}
