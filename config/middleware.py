"""Content-Security-Policy for the pages the server renders (the browser app's index.html, the
API docs, the admin). Django 5.2 has no setting for it; CONTENT_SECURITY_POLICY holds the policy
("" sends none). JSON, images and files need no policy: a browser applies it to documents."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and response.get("Content-Type", "").startswith("text/html"):
            response.setdefault("Content-Security-Policy", policy)
        return response
