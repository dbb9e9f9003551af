"""Security headers and cache policy on every response."""

from flask import Flask, request
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def _headers(response):
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        h.setdefault("Strict-Transport-Security", "max-age=31536000")
    if "Cache-Control" not in h:
        if current_user and current_user.is_authenticated:
            h["Cache-Control"] = "private, no-store"
        elif request.endpoint != "static":  # static files keep Flask's own caching
            # Public pages: short freshness; language and login change the page.
            h["Cache-Control"] = "public, max-age=60"
    h.add("Vary", "Cookie")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
