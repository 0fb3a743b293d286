"""What a manager does with a project's webhooks. Every change forgets this process's cached
subscriptions of the project (outbox.py), so its next event sees the change."""

import base64
import secrets

from django.db import transaction

from ..errors import Problem, Refused
from . import outbox
from .events import EVENT_TYPES
from .models import Webhook
from .targets import TargetRefused, check_url

EDITABLE = ("url", "events", "description", "is_active")


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def create_webhook(*, project, url: str, events: list[str], description: str = "", is_active=True, by=None) -> Webhook:
    """The new webhook; its `secret` is shown to the caller this once."""
    _check(url=url, events=events)
    with transaction.atomic():
        webhook = Webhook.objects.create(
            project=project,
            url=url,
            events=_unique(events),
            description=description,
            is_active=is_active,
            secret=new_secret(),
            created_by=by,
        )
        _changed(webhook)
    return webhook


def update_webhook(*, webhook: Webhook, **fields) -> Webhook:
    fields = {name: value for name, value in fields.items() if name in EDITABLE}
    _check(url=fields.get("url"), events=fields.get("events"))
    if "events" in fields:
        fields["events"] = _unique(fields["events"])
    with transaction.atomic():
        for name, value in fields.items():
            setattr(webhook, name, value)
        webhook.save(update_fields=[*fields, "updated_at"])
        _changed(webhook)
    return webhook


def rotate_secret(*, webhook: Webhook) -> Webhook:
    """A new secret, shown this once; deliveries from now on are signed with it."""
    with transaction.atomic():
        webhook.secret = new_secret()
        webhook.save(update_fields=["secret", "updated_at"])
    return webhook


def delete_webhook(*, webhook: Webhook) -> None:
    with transaction.atomic():
        webhook.delete()
        _changed(webhook)


def _changed(webhook: Webhook) -> None:
    outbox.forget_subscriptions(webhook.project_id)
    transaction.on_commit(lambda: outbox.forget_subscriptions(webhook.project_id))


def _unique(events: list[str]) -> list[str]:
    return list(dict.fromkeys(events))


def _check(*, url: str | None, events: list[str] | None) -> None:
    problems = []
    if url is not None:
        try:
            check_url(url)
        except TargetRefused as exc:
            problems.append(Problem("url", "target", str(exc)))
    if events is not None:
        if not events:
            problems.append(Problem("events", "required", "subscribe to at least one event"))
        for index, name in enumerate(events):
            if name not in EVENT_TYPES:
                problems.append(Problem(f"events[{index}]", "choice", f"{name!r} is not an event"))
    if problems:
        raise Refused(problems, detail="Webhook refused: " + "; ".join(f"{p.field}: {p.message}" for p in problems))
