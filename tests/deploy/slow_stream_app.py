"""A WSGI app that streams for longer than the worker timeout the gunicorn tests set."""

import time


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    for number in range(8):
        time.sleep(0.5)
        yield f"chunk {number}\n".encode()
