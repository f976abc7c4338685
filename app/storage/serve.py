"""Answer a request with a stored file, so that nothing uploaded can run in a browser.

The caller has checked that the visitor may see the file. The type comes from what the
upload check found (never from the file's name or the browser), the browser may not
guess another (`nosniff`), and a sandboxing Content-Security-Policy keeps even an HTML
or SVG file that slipped through from running a script or reaching this site's cookies.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, request

from app.storage import ObjectNotFound, Storage, StorageError

FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'"


def send_stored(
    storage: Storage,
    key: str,
    *,
    content_type: str,
    download_name: str,
    etag: str,
    inline: bool = False,
    private: bool = True,
) -> Response:
    """A streamed response; 404 when the object is gone, 304 when the visitor has it."""
    try:
        size = storage.size(key)
    except ObjectNotFound:
        abort(404)
    except StorageError:
        abort(503)  # the store is unreachable: try again later
    response = Response(status=200, mimetype=None, content_type=content_type)
    response.set_etag(etag)
    if private:
        # Private files: never kept by a shared cache; access is checked on every request.
        response.cache_control.private = True
        response.cache_control.no_cache = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = 300  # short: an unpublished file disappears soon
    response.make_conditional(request)  # in place (it returns the same response)
    if response.status_code == 200:
        response.response = storage.stream(key)
        response.content_length = size
    response.headers["Content-Disposition"] = content_disposition(download_name, inline)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def content_disposition(filename: str, inline: bool = False) -> str:
    """`attachment; filename="slides.pdf"; filename*=UTF-8''sl%C3%AFdes.pdf` (RFC 6266):
    an ASCII fallback for old clients and the real name for the others."""
    kind = "inline" if inline else "attachment"
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\;' else "_" for ch in filename) or "bestand"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
