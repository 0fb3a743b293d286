"""Throttles for signing in (auth/login/, auth/token/): each attempt costs a password hash, even
for an unknown username, so attempts are counted per username and per client address, in
Django's cache (Redis with CACHE_URL, so every web process shares the counts). Past the rate the
answer is 429 with Retry-After.

The rates are read from settings on every request (DRF reads its own rates once, at import),
so a deployment, or a test, changes them with settings alone; None turns a throttle off."""

import hashlib

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _SignInThrottle(SimpleRateThrottle):
    setting: str

    def get_rate(self):
        return getattr(settings, self.setting)

    def cache_key(self, ident: str) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SignInPerAddressThrottle(_SignInThrottle):
    scope = "sign_in_address"
    setting = "SIGN_IN_RATE_PER_ADDRESS"

    def get_cache_key(self, request, view):
        # REMOTE_ADDR, or the X-Forwarded-For entry NUM_PROXIES proxies back (REST_FRAMEWORK).
        return self.cache_key(self.get_ident(request))


class SignInPerUsernameThrottle(_SignInThrottle):
    scope = "sign_in_username"
    setting = "SIGN_IN_RATE_PER_USERNAME"

    def get_cache_key(self, request, view):
        data = request.data
        username = data.get("username") if hasattr(data, "get") else None
        if not isinstance(username, str) or not username.strip():
            return None  # the serializer refuses the body; nothing to hash
        # Hashed: a cache key holds no user input; case-folded: "Alice" and "alice" share one count.
        return self.cache_key(hashlib.sha256(username.strip().casefold().encode()).hexdigest())
