"""The baseline: a bare Flask "hello" app, served with the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The smallest Flask response: what the framework and server cost on their own."""
    return "Hello, World!"
