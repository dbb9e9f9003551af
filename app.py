"""Entry point for `flask --app app` and `gunicorn 'app:app'`."""

from council import create_app
from council.serving import settle_garbage_collector

app = create_app()
settle_garbage_collector()
