"""Flask, on gunicorn's threaded worker (``gthread``), which keeps connections alive and
lets ``/io``'s blocking sleep overlap other requests. Responses are built from compact JSON
text: Flask's ``jsonify`` would add a newline, and the bodies must match byte for byte.
"""

import time

from flask import Flask, Response, request

from .endpoints import MS_ERROR, N_ERROR, cpu_object, dumps, io_millis, json_object

app = Flask(__name__)


def respond(obj, status=200):
    return Response(dumps(obj), status=status, mimetype="application/json")


@app.get("/json")
def json_endpoint():
    return respond(json_object())


@app.get("/cpu")
def cpu_endpoint():
    body = cpu_object(request.args.get("n"))
    return respond(N_ERROR, 400) if body is None else respond(body)


@app.get("/io")
def io_endpoint():
    millis = io_millis(request.args.get("ms"))
    if millis is None:
        return respond(MS_ERROR, 400)
    time.sleep(millis / 1000)
    return respond({"slept_ms": millis})
