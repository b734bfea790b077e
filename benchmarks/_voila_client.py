"""A minimal Voilà viewer speaking the Jupyter protocol, without a browser: for measuring what the server
does per visitor when the visitors' browsers run elsewhere (as they do in real life).

One visit = GET the dashboard page (Voilà hands over a preheated kernel), optionally GET every static file a
browser loads with it (``assets``: scripts, styles, the widget module, map layers, six at a time like a
browser), open the kernel's websocket, ask the widget manager's control comm for every widget state
(``request_states``, what the ipywidgets 8 front end does first) and wait for the answer. The time to that
answer is the server-side part of a viewer's time to interactive; with ``assets`` the server does for this
visitor everything it does for a new browser (empty cache), so a burst of such visits loads the server as a
burst of real viewers whose browsers run on their own machines.
"""

from __future__ import annotations

import asyncio
import json
import re
import struct
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests
from tornado.websocket import websocket_connect

CONFIG_RE = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)


def _message(msg_type: str, content: dict, session: str, channel: str = "shell", metadata=None) -> str:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "session": session,
        "username": "bench",
        "date": "",
        "version": "5.3",
    }
    return json.dumps(
        {
            "header": header,
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": channel,
        }
    )


def _decode(frame) -> dict:
    """A websocket frame of jupyter_server's default protocol: JSON text, or binary (offsets, JSON, buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{count}I", frame[4 : 4 + 4 * count])
    end = offsets[1] if count > 1 else len(frame)
    return json.loads(frame[offsets[0] : end].decode("utf-8"))


def _fetch_all(urls: list[str], timeout: float) -> int:
    """GET every URL, six connections at a time (a browser's limit per host); returns the bytes received."""
    local = threading.local()

    def get(url: str) -> int:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        response = local.session.get(url, timeout=timeout)
        response.raise_for_status()
        return len(response.content)

    with ThreadPoolExecutor(max_workers=6) as pool:
        return sum(pool.map(get, urls))


async def visit(base_url: str, notebook: str, timeout: float = 180.0, assets: list[str] = ()) -> dict:
    """Visit ``notebook`` once; returns timings in ms (page, static files, websocket open, widget states) and
    counts. ``assets``: URLs (absolute) fetched after the page, as a browser with an empty cache would."""
    http = requests.Session()
    t0 = time.perf_counter()
    page = await asyncio.to_thread(http.get, base_url + f"voila/render/{notebook}", timeout=timeout)
    page.raise_for_status()
    t_page = time.perf_counter()
    asset_bytes = await asyncio.to_thread(_fetch_all, list(assets), timeout) if assets else 0
    t_assets = time.perf_counter()
    config = json.loads(CONFIG_RE.search(page.text).group(1))
    kernel_id = config["kernelId"]
    session = uuid.uuid4().hex
    ws_url = base_url.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels?session_id={session}"
    connection = await websocket_connect(ws_url, connect_timeout=timeout)
    t_ws = time.perf_counter()
    comm_id = uuid.uuid4().hex
    connection.write_message(
        _message(
            "comm_open",
            {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
            session,
            metadata={"version": "1.0.0"},  # the ipywidgets control protocol version
        )
    )
    connection.write_message(
        _message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}, session)
    )
    states = None
    deadline = time.perf_counter() + timeout
    while states is None and time.perf_counter() < deadline:
        frame = await connection.read_message()
        if frame is None:
            raise ConnectionError("websocket closed before the widget states arrived")
        msg = _decode(frame)
        content = msg.get("content", {})
        if (
            msg.get("msg_type", msg.get("header", {}).get("msg_type")) == "comm_msg"
            and content.get("comm_id") == comm_id
        ):
            data = content.get("data", {})
            if data.get("method") == "update_states":
                states = data.get("states", {})
    t_states = time.perf_counter()
    connection.close()
    # What the page does on `beforeunload`: hand the kernel back (Voilà shuts it down).
    await asyncio.to_thread(
        http.post,
        base_url + f"voila/api/shutdown/{kernel_id}",
        headers={"X-XSRFToken": http.cookies.get("_xsrf", "")},
        timeout=30,
    )
    if states is None:
        raise TimeoutError("no widget states")
    return {
        "page_ms": (t_page - t0) * 1000,
        "assets_ms": (t_assets - t0) * 1000,
        "asset_bytes": asset_bytes,
        "ws_ms": (t_ws - t0) * 1000,
        "states_ms": (t_states - t0) * 1000,
        "widgets": len(states),
        "kernel_id": kernel_id,
    }
