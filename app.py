"""Entry point for `flask --app app` and `gunicorn 'app:app'`."""

from council import create_app

app = create_app()
