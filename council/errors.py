"""Friendly error pages in the user's language; no tracebacks."""

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from .extensions import db


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("The request could not be understood"),
              _("Something in the request was not right. Go back and try again.")),
        403: (_("You may not open this page"),
              _("Your account does not have access to this page. If you think it should, "
                "ask the council's secretary or the administrator.")),
        404: (_("Page not found"),
              _("There is no page at this address. It may have been moved, or it is not "
                "public.")),
        405: (_("This action is not possible here"),
              _("This address does not accept this kind of request.")),
        409: (_("Someone else changed this record"),
              _("The record was changed by someone else while you were editing it. Open it "
                "again to see the current version.")),
        413: (_("The upload is too large"),
              _("The data you sent is larger than the limit. Send less at once.")),
        429: (_("Too many attempts"),
              _("There were too many failed attempts. Wait a few minutes and try again.")),
        500: (_("Something went wrong on our side"),
              _("The error has been logged. Try again in a moment; nothing you entered was "
                "saved half-way.")),
    }


def render_error(code: int, title: str | None = None, text: str | None = None):
    default_title, default_text = _messages().get(code, _messages()[500])
    body = render_template(
        "errors/error.html", code=code, title=title or default_title, text=text or default_text
    )
    return body, code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return render_error(
            400,
            _("The form has expired"),
            _("For your security, forms expire after a while or when you log in again. "
              "Go back, reload the page and send the form again."),
        )

    @app.errorhandler(StaleDataError)
    def stale(e):
        db.session.rollback()
        return render_error(409)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        if e.code and e.code >= 500:
            db.session.rollback()
        if e.code in (301, 302, 303, 304, 307, 308):
            return e
        response = render_error(e.code or 500)
        if e.code == 405 and hasattr(e, "valid_methods") and e.valid_methods:
            return response[0], 405, {"Allow": ", ".join(e.valid_methods)}
        return response

    @app.errorhandler(Exception)
    def unhandled(e):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)
