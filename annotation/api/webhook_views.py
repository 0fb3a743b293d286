"""Webhooks over HTTP (managers of the project): a project's webhooks, one webhook (read, change,
pause, delete), its secret rotated, a test event, its delivery log and redelivery. Thin over
`annotation.webhooks`."""

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation.models import Role
from annotation.permissions import project_for, require_role
from annotation.webhooks import delivery, services
from annotation.webhooks.selectors import deliveries_of, delivery_by_id, webhook_by_id, webhooks_of

from .webhook_serializers import (
    WebhookDeliverySerializer,
    WebhookSerializer,
    WebhookWithSecretSerializer,
    WebhookWriteSerializer,
)

TAGS = ["webhooks"]


def webhook_for(user, webhook_id):
    webhook = webhook_by_id(webhook_id)
    if webhook is None:
        raise Http404("No such webhook.")
    require_role(user, webhook.project, Role.MANAGER)
    return webhook


class ProjectWebhooksView(generics.ListAPIView):
    serializer_class = WebhookSerializer

    @extend_schema(tags=TAGS, summary="The project's webhooks (manager)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return webhooks_of(project_for(self.request.user, self.kwargs["project_id"], Role.MANAGER)).select_related(
            "created_by"
        )

    @extend_schema(
        tags=TAGS,
        summary="Add a webhook (manager); the answer holds its secret, shown this once",
        description=(
            "Deliveries follow Standard Webhooks: a POST of `{type, timestamp, data}` with the headers `webhook-id`, "
            "`webhook-timestamp` and `webhook-signature` (HMAC-SHA256 with the secret). A URL whose host resolves "
            "to a loopback, private, link-local or metadata address is a 400."
        ),
        request=WebhookWriteSerializer,
        responses={201: WebhookWithSecretSerializer},
        examples=[
            OpenApiExample(
                "a batch-complete hook",
                request_only=True,
                value={
                    "url": "https://ci.example.org/hooks/imagepref",
                    "events": ["group.completed", "snapshot.ready"],
                },
            )
        ],
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        body = WebhookWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        webhook = services.create_webhook(project=project, by=request.user, **body.validated_data)
        return Response(WebhookWithSecretSerializer(webhook).data, status=status.HTTP_201_CREATED)


class WebhookDetailView(APIView):
    @extend_schema(tags=TAGS, summary="A webhook (manager)", responses={200: WebhookSerializer})
    def get(self, request, webhook_id):
        return Response(WebhookSerializer(webhook_for(request.user, webhook_id)).data)

    @extend_schema(
        tags=TAGS,
        summary="Change a webhook's URL, events or description, or pause it (`is_active: false`) (manager)",
        request=WebhookWriteSerializer(partial=True),
        responses={200: WebhookSerializer},
    )
    def patch(self, request, webhook_id):
        webhook = webhook_for(request.user, webhook_id)
        body = WebhookWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        webhook = services.update_webhook(webhook=webhook, **body.validated_data)
        return Response(WebhookSerializer(webhook).data)

    @extend_schema(tags=TAGS, summary="Delete a webhook and its delivery log (manager)", responses={204: None})
    def delete(self, request, webhook_id):
        services.delete_webhook(webhook=webhook_for(request.user, webhook_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookRotateSecretView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="A new signing secret, shown in this answer only (manager)",
        request=None,
        responses={200: WebhookWithSecretSerializer},
    )
    def post(self, request, webhook_id):
        webhook = services.rotate_secret(webhook=webhook_for(request.user, webhook_id))
        return Response(WebhookWithSecretSerializer(webhook).data)


class WebhookTestView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Send a `webhook.test` event to this webhook (manager)",
        description="Queued like any delivery; follow it in the delivery log.",
        request=None,
        responses={202: WebhookDeliverySerializer},
    )
    def post(self, request, webhook_id):
        sent = delivery.send_test(webhook=webhook_for(request.user, webhook_id), by=request.user)
        return Response(WebhookDeliverySerializer(sent).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveriesView(generics.ListAPIView):
    serializer_class = WebhookDeliverySerializer

    @extend_schema(
        tags=TAGS,
        summary="The webhook's delivery log, newest first: status, response code, duration, attempts, last error "
        "(manager)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return deliveries_of(webhook_for(self.request.user, self.kwargs["webhook_id"]))


class WebhookRedeliverView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Send a delivery's event again, as a new delivery with the same webhook-id (manager)",
        request=None,
        responses={202: WebhookDeliverySerializer},
    )
    def post(self, request, delivery_id):
        original = delivery_by_id(delivery_id)
        if original is None:
            raise Http404("No such delivery.")
        require_role(request.user, original.webhook.project, Role.MANAGER)
        again = delivery.redeliver(delivery=original)
        return Response(WebhookDeliverySerializer(again).data, status=status.HTTP_202_ACCEPTED)
