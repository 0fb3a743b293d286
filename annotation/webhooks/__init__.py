"""Per-project webhooks, signed as Standard Webhooks (https://www.standardwebhooks.com/).

- `events`: the event names and the payloads of the annotation app's events.
- `models`: the webhooks, the outbox of events and the log of deliveries.
- `targets`: which URLs and addresses a webhook may reach.
- `outbox`: `record(...)`, called by services inside the transaction of what happened.
- `delivery`: fan-out of an event to the webhooks subscribed to it, one delivery per webhook,
  signed and sent with retries; the sweep that sends what a lost broker message left behind.
- `services` and `selectors`: what managers do with webhooks, and what they read.

This module imports nothing, so `annotation.models` can load the models module."""
