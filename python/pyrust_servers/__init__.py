"""The Python web apps of the pass ``api-servers``: FastAPI (``fastapi_app``, served by
uvicorn and by granian), Flask (``flask_app``) and Django (``django_app``), both on gunicorn.
Each serves the same three endpoints with the same bodies as the Rust servers in
``servers/``; ``endpoints`` holds what they share, and ``check`` calls every app in process
and prints the bodies it got, which the harness compares with its own.
"""
