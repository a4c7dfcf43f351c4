"""FastAPI, as its docs write an app: ``async def`` path operations that return dicts, which
FastAPI serializes with its default ``JSONResponse``. ``/io`` awaits ``asyncio.sleep``, so one
worker overlaps many requests. Served by uvicorn (uvloop, httptools) and by granian.
"""

import asyncio

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from .endpoints import MS_ERROR, N_ERROR, cpu_object, io_millis, json_object

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/json")
async def json_endpoint():
    return json_object()


@app.get("/cpu")
async def cpu_endpoint(n: str = ""):
    body = cpu_object(n)
    return JSONResponse(N_ERROR, status_code=400) if body is None else body


@app.get("/io")
async def io_endpoint(ms: str = ""):
    millis = io_millis(ms)
    if millis is None:
        return JSONResponse(MS_ERROR, status_code=400)
    await asyncio.sleep(millis / 1000)
    return {"slept_ms": millis}
