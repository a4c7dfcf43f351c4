"""Calls every app in process, without a server, and prints what each answered as JSON:
``{"fastapi": {"/json": [200, "<body>"], ...}, "flask": ..., "django": ...}``.

``python -m pyrust_servers.check PATH...`` (e.g. ``/json /cpu?n=8``). ASGI apps get one
``http`` scope and WSGI apps one ``environ``, built here from the standard library, so the
check needs no test client and no network.
"""

import asyncio
import io
import json
import sys
from wsgiref.util import setup_testing_defaults


def call_asgi(app, target):
    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    sent = {"status": None, "body": b""}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
        elif message["type"] == "http.response.body":
            sent["body"] += message.get("body", b"")

    asyncio.run(app(scope, receive, send))
    return [sent["status"], sent["body"].decode()]


def call_wsgi(app, target):
    path, _, query = target.partition("?")
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    environ["HTTP_HOST"] = "127.0.0.1"
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(int(line.split()[0]))

    body = b"".join(app(environ, start_response))
    return [status[0], body.decode()]


def main(targets):
    from .django_app import application as django_app
    from .fastapi_app import app as fastapi_app
    from .flask_app import app as flask_app

    apps = {
        "fastapi": (call_asgi, fastapi_app),
        "flask": (call_wsgi, flask_app),
        "django": (call_wsgi, django_app),
    }
    answers = {
        name: {target: call(app, target) for target in targets}
        for name, (call, app) in apps.items()
    }
    print(json.dumps(answers))


if __name__ == "__main__":
    main(sys.argv[1:])
