"""Content-Security-Policy for the pages the server renders (the browser app's index.html, the
API docs, the admin). Django 5.2 has no setting for it; CONTENT_SECURITY_POLICY holds the policy
("" sends none). JSON, images and files need no policy: a browser applies it to documents.

With images in a bucket (STORAGE_URL), the app loads them from the bucket's origin (presigned
URLs), which the policy's img-src then allows as well."""

from django.conf import settings
from django.core.files.storage import storages

from .presign import image_origin
from .storage import describe


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and response.get("Content-Type", "").startswith("text/html"):
            response.setdefault("Content-Security-Policy", allow_images_from(policy, _bucket_origin()))
        return response


def allow_images_from(policy: str, origin: str | None) -> str:
    """The policy with `origin` added to its img-src (to default-src when it has none)."""
    if not origin:
        return policy
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    names = [d.split()[0].lower() for d in directives]
    target = "img-src" if "img-src" in names else "default-src" if "default-src" in names else None
    if target is None:
        return policy  # no img-src and no default-src: images are allowed from anywhere already
    index = names.index(target)
    sources = directives[index].split()[1:]
    if origin not in sources and "*" not in sources:
        directives[index] = " ".join([target, *[s for s in sources if s != "'none'"], origin])
    return "; ".join(directives)


def _bucket_origin() -> str | None:
    try:
        return image_origin(storages["default"])
    except Exception as exc:
        # Missing credentials: the page still loads, and next-task's 503 names the settings.
        if describe(exc) is None:
            raise
        return None
