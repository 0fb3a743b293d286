from django.urls import path

from .webhook_views import (
    ProjectWebhooksView,
    WebhookDeliveriesView,
    WebhookDetailView,
    WebhookRedeliverView,
    WebhookRotateSecretView,
    WebhookTestView,
)

urlpatterns = [
    path("projects/<int:project_id>/webhooks/", ProjectWebhooksView.as_view(), name="project-webhooks"),
    path("webhooks/<int:webhook_id>/", WebhookDetailView.as_view(), name="webhook-detail"),
    path("webhooks/<int:webhook_id>/rotate-secret/", WebhookRotateSecretView.as_view(), name="webhook-rotate-secret"),
    path("webhooks/<int:webhook_id>/test/", WebhookTestView.as_view(), name="webhook-test"),
    path("webhooks/<int:webhook_id>/deliveries/", WebhookDeliveriesView.as_view(), name="webhook-deliveries"),
    path("webhook-deliveries/<int:delivery_id>/redeliver/", WebhookRedeliverView.as_view(), name="webhook-redeliver"),
]
