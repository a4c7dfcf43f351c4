"""Django as a one-file project: production settings (``DEBUG = False``), no apps, no
middleware beyond what the endpoints need (none: no sessions, no CSRF, no database), and
plain function views. Served as WSGI by gunicorn's threaded worker, like Flask.
"""

import time

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    SECRET_KEY="pyrust-bench: no secrets here",
    USE_TZ=True,
)

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

from .endpoints import (
    MS_ERROR,
    N_ERROR,
    cpu_object,
    dumps,
    io_millis,
    json_object,
)


def respond(obj, status=200):
    return HttpResponse(dumps(obj), status=status, content_type="application/json")


def json_view(request):
    return respond(json_object())


def cpu_view(request):
    body = cpu_object(request.GET.get("n"))
    return respond(N_ERROR, 400) if body is None else respond(body)


def io_view(request):
    millis = io_millis(request.GET.get("ms"))
    if millis is None:
        return respond(MS_ERROR, 400)
    time.sleep(millis / 1000)
    return respond({"slept_ms": millis})


urlpatterns = [
    path("json", json_view),
    path("cpu", cpu_view),
    path("io", io_view),
]

application = get_wsgi_application()
