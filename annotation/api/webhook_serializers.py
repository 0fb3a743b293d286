"""Serializers of the webhook endpoints: a webhook (its secret only in the answers that create
or rotate it) and its delivery log."""

from rest_framework import serializers

from annotation.webhooks.events import EVENT_TYPES
from annotation.webhooks.models import Webhook, WebhookDelivery


def events_field(**options) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPES),
        max_length=len(EVENT_TYPES),
        help_text="the events this webhook receives",
        **options,
    )


class WebhookSerializer(serializers.ModelSerializer):
    events = events_field()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Webhook
        fields = [
            "id",
            "project",
            "url",
            "description",
            "events",
            "is_active",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class WebhookWithSecretSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="the signing secret (Standard Webhooks, whsec_...): shown in this answer only; rotate it if lost",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookWriteSerializer(serializers.Serializer):
    url = serializers.CharField(
        max_length=2000, help_text="http(s) URL on a public address (WEBHOOK_ALLOW_PRIVATE_TARGETS allows others)"
    )
    events = events_field(allow_empty=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, help_text="false pauses the webhook")


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event_type = serializers.CharField(source="event.type", read_only=True)
    event_id = serializers.IntegerField(source="event.pk", read_only=True)
    webhook_message_id = serializers.SerializerMethodField(help_text="the `webhook-id` header of every attempt")
    payload = serializers.SerializerMethodField(help_text="the event as sent: {type, timestamp, data}")

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "webhook",
            "event_id",
            "event_type",
            "webhook_message_id",
            "status",
            "attempts",
            "response_code",
            "duration_ms",
            "last_error",
            "next_attempt_at",
            "created_at",
            "finished_at",
            "payload",
        ]
        read_only_fields = fields

    def get_webhook_message_id(self, delivery) -> str:
        return f"msg_{delivery.event.message_id.hex}"

    def get_payload(self, delivery) -> dict:
        event = delivery.event
        return {"type": event.type, "timestamp": event.created_at.isoformat(), "data": event.data}
