"""Webhooks, the outbox of their events and the log of deliveries.

An event row is written in the transaction of what caused it (the outbox): it exists exactly
when that change committed. After the commit it is fanned out to one delivery per subscribed
webhook; a sweep fans out what a lost broker message left behind (`fanned_out_at` empty)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Webhook(models.Model):
    project = models.ForeignKey("annotation.Project", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True, default="")
    # Event names (events.EVENT_TYPES) this webhook receives.
    events = models.JSONField(default=list)
    # "whsec_" + base64 of 32 random bytes, as Standard Webhooks libraries read it.
    secret = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["project", "is_active"])]


class WebhookEvent(models.Model):
    project = models.ForeignKey("annotation.Project", on_delete=models.CASCADE, related_name="webhook_events")
    # The `webhook-id` of every delivery of this event, retries and redeliveries included: the
    # receiver's key for de-duplication.
    message_id = models.UUIDField(default=uuid.uuid4, unique=True)
    type = models.CharField(max_length=50)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"], name="webhook_event_unsent_idx", condition=Q(fanned_out_at__isnull=True)
            )
        ]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class WebhookDelivery(models.Model):
    """One event sent to one webhook, with every attempt's outcome folded in (the last one's
    response code, duration and error)."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    # When a pending delivery is due; while an attempt is under way, when that attempt counts as
    # lost (the sweep sends it again after that).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["webhook", "-created_at"]),
            models.Index(
                fields=["next_attempt_at"], name="webhook_delivery_pending_idx", condition=Q(status="pending")
            ),
        ]
