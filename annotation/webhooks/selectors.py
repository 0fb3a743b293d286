"""Reading webhooks and their delivery log."""

from .models import Webhook, WebhookDelivery


def webhooks_of(project):
    return Webhook.objects.filter(project=project).order_by("id")


def webhook_by_id(webhook_id) -> Webhook | None:
    return Webhook.objects.select_related("project").filter(pk=webhook_id).first()


def deliveries_of(webhook):
    """Newest first, with each delivery's event."""
    return WebhookDelivery.objects.filter(webhook=webhook).select_related("event").order_by("-created_at", "-id")


def delivery_by_id(delivery_id) -> WebhookDelivery | None:
    return WebhookDelivery.objects.select_related("webhook__project", "event").filter(pk=delivery_id).first()
