"""Answering a download: the zip streamed from this machine, or a redirect to its presigned URL
when it lives in the bucket (the browser then fetches it from the bucket, not through us)."""

from django.http import FileResponse, HttpResponseRedirect

from annotation.exports.bucket import Download


def download_response(download: Download, *, etag: str | None = None):
    if download.url is not None:
        return HttpResponseRedirect(download.url)
    response = FileResponse(
        open(download.path, "rb"), as_attachment=True, filename=download.filename, content_type="application/zip"
    )
    if etag:
        response["ETag"] = f'"{etag}"'
    return response
