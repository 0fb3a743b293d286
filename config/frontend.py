"""The browser app's entry page. Vite builds frontend/ into frontend/dist (assets under /static/,
served by WhiteNoise); this view answers dist/index.html for "/" and for every client-side route
under "/app/", so a reload or a link into the app works. It sets the CSRF cookie on the way, so
the app's first write needs no extra round trip."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import re_path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

_NOT_BUILT = """<!doctype html><html lang="en"><meta charset="utf-8"><title>App not built</title>
<p>The browser app is not built yet: run <code>make frontend</code> (or <code>cd frontend &amp;&amp;
npm ci &amp;&amp; npm run build</code>) and reload. The API is at <a href="/api/v1/docs/">/api/v1/docs/</a>.</p>
</html>"""

_cache: dict = {}


def _index_html() -> str | None:
    path = settings.FRONTEND_DIST / "index.html"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    if _cache.get("mtime") != mtime:
        _cache.update(mtime=mtime, html=path.read_text(encoding="utf-8"))
    return _cache["html"]


@never_cache
@ensure_csrf_cookie
def app_index(request, route=""):
    html = _index_html()
    if html is None:
        return HttpResponse(_NOT_BUILT, status=503, content_type="text/html; charset=utf-8")
    return HttpResponse(html, content_type="text/html; charset=utf-8")


# Added last to config/urls.py: "/" and "/app/..." only, so /api/, /admin/, /media/ and /static/
# are never shadowed.
urlpatterns = [
    re_path(r"^$", app_index, name="app-root"),
    re_path(r"^app(?:/(?P<route>.*))?$", app_index, name="app"),
]
