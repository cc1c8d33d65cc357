"""The try-it web page: plain static files served by the API process itself.

The page is a client of the public HTTP API only (``/v2/smart-banner-resizer``,
``/v2/requests/...``, ``/v1/credits``), so everything it does a script can do too.
It has no build step and loads nothing from outside bannerfit: the files under
``static/`` are shipped as package data and served as they are.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

#: Where the page's files live inside the installed package.
STATIC_DIR = Path(__file__).resolve().parent / "static"

#: URL prefix of the page's assets; kept out of the API's own paths.
STATIC_PREFIX = "/static"

# The page talks to its own origin and shows outputs that may sit on an object store
# (presigned https URLs), so images and fetches may leave the origin; scripts, styles
# and everything else may not. Inline scripts and styles are refused too.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob: http: https:; connect-src 'self' http: https:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
)

# Browsers must revalidate, so a new release is never hidden behind a stale copy.
_PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def mount_web(app: FastAPI) -> None:
    """Serve the page at ``/`` and its assets under ``/static/`` on ``app``.

    Called once by the app factory. The routes are left out of the OpenAPI schema:
    they are a page, not part of the API contract.
    """
    index = STATIC_DIR / "index.html"

    @app.get("/", include_in_schema=False)
    def web_page() -> FileResponse:
        """The single page; everything else it needs comes from ``/static/``."""
        return FileResponse(index, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)

    app.mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="web-static")


__all__ = ["CONTENT_SECURITY_POLICY", "STATIC_DIR", "STATIC_PREFIX", "mount_web"]
