"""A small client of a running classroom: log in like a browser, start one's server, use its REST APIs.

Used by the classroom tests and benchmark. Only ``requests`` and ``websocket-client`` (both already in the
kit's environment): the hub's login form, the hub's REST API, the single-user server's contents, kernels
and nbgrader APIs.
"""

from __future__ import annotations

import copy
import json
import re
import time
import uuid

import requests


class HubUser:
    """One classroom account: ``HubUser(url, name, password).login().start()``, then ``.api(...)``."""

    def __init__(self, hub_url: str, username: str, password: str):
        self.hub_url = hub_url.rstrip("/") + "/"
        self.username = username
        self.password = password
        self.session = requests.Session()
        self.token: str | None = None

    # -- hub ---------------------------------------------------------------------------------------------
    def login(self) -> HubUser:
        page = self.session.get(self.hub_url + "hub/login", timeout=30)
        page.raise_for_status()
        xsrf = self._xsrf()
        answer = self.session.post(
            self.hub_url + "hub/login",
            data={"username": self.username, "password": self.password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302:
            raise PermissionError(f"login refused for {self.username}: HTTP {answer.status_code}")
        # A token of one's own, requested with the login cookie (what the hub's token page does). Logging in
        # renews the XSRF cookie: read it again from the hub's home page.
        self.session.get(self.hub_url + "hub/home", timeout=30)
        xsrf = self._xsrf()
        made = self.session.post(
            self.hub_url + f"hub/api/users/{self.username}/tokens",
            json={"note": "classroom test", "expires_in": 3600},
            headers={"X-XSRFToken": xsrf},
            timeout=30,
        )
        made.raise_for_status()
        self.token = made.json()["token"]
        return self

    def _xsrf(self) -> str:
        values = [c.value for c in self.session.cookies if c.name == "_xsrf"]
        return values[-1] if values else ""

    @property
    def headers(self) -> dict:
        return {"Authorization": f"token {self.token}"}

    def hub_api(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(
            method, self.hub_url + "hub/api/" + path, headers=self.headers, timeout=60, **kwargs
        )

    def start(self, timeout: float = 180) -> HubUser:
        answer = self.hub_api("POST", f"users/{self.username}/server")
        if answer.status_code not in (201, 202, 400):  # 400: already running
            answer.raise_for_status()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.hub_api("GET", f"users/{self.username}").json()
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return self
            time.sleep(0.5)
        raise TimeoutError(f"server of {self.username} not ready after {timeout:.0f} s")

    # -- single-user server -------------------------------------------------------------------------------
    @property
    def server_url(self) -> str:
        return self.hub_url + f"user/{self.username}/"

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 120)
        return requests.request(method, self.server_url + path, headers=self.headers, **kwargs)

    def get_notebook(self, path: str) -> dict:
        answer = self.api("GET", f"api/contents/{path}", params={"content": 1})
        answer.raise_for_status()
        return answer.json()["content"]

    def put_notebook(self, path: str, notebook: dict) -> None:
        answer = self.api("PUT", f"api/contents/{path}", json={"type": "notebook", "content": notebook})
        answer.raise_for_status()

    def assignments(self, action: str = "", **data) -> list | dict:
        if action:
            answer = self.api("POST", f"assignments/{action}", data=data)
        else:
            answer = self.api("GET", "assignments", params=data)
        answer.raise_for_status()
        return answer.json()

    def run_code(self, code: str, timeout: float = 120, keep_kernel: bool = False) -> dict:
        """Run ``code`` in a new kernel of this user's server; return stdout, stderr and the error name
        (and ``kernel_id``; the kernel is shut down afterwards unless ``keep_kernel``)."""
        import websocket

        kernel = self.api("POST", "api/kernels", json={"name": "python3"})
        kernel.raise_for_status()
        kernel_id = kernel.json()["id"]
        ws_url = self.server_url.replace("http", "ws", 1) + f"api/kernels/{kernel_id}/channels"
        ws = websocket.create_connection(
            ws_url, header=[f"Authorization: token {self.token}"], timeout=timeout
        )
        msg_id = uuid.uuid4().hex
        ws.send(
            json.dumps(
                {
                    "header": {"msg_id": msg_id, "username": self.username, "session": uuid.uuid4().hex,
                               "msg_type": "execute_request", "version": "5.3"},
                    "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                    "content": {"code": code, "silent": False, "store_history": False,
                                "user_expressions": {}, "allow_stdin": False},
                }
            )
        )  # fmt: skip
        out = {"stdout": "", "stderr": "", "error": None, "kernel_id": kernel_id}
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    out[content["name"]] += content["text"]
                elif kind == "error":
                    out["error"] = content["ename"]
                    out["stderr"] += "\n".join(content.get("traceback", []))
                elif kind == "status" and content["execution_state"] == "idle":
                    return out
            raise TimeoutError(f"code did not finish in {timeout:.0f} s for {self.username}")
        finally:
            ws.close()
            if not keep_kernel:
                self.api("DELETE", f"api/kernels/{kernel_id}")


# -- stored answers: a student's notebook made from the instructor's solutions ------------------------------
def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def question_of(grade_id: str) -> str:
    return grade_id.split("_", 1)[0]


def expected_points(source_nb, questions: list[str]) -> float:
    """Autograded points of ``questions``, read from the source notebook's test cells (not from the grader)."""
    return sum(
        float(nbgrader_meta(c).get("points") or 0)
        for c in source_nb.cells
        if nbgrader_meta(c).get("grade")
        and not nbgrader_meta(c).get("solution")
        and question_of(nbgrader_meta(c)["grade_id"]) in questions
    )


def answer(release_nb: dict, source_nb, questions: list[str], written: str) -> dict:
    """A student's notebook: the stored answers (source solutions) for ``questions``, their own written text."""
    nb = copy.deepcopy(release_nb)
    solutions = {nbgrader_meta(c).get("grade_id"): c.source for c in source_nb.cells}
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell)
        if not meta.get("solution"):
            continue
        if cell["cell_type"] == "code" and question_of(meta["grade_id"]) in questions:
            cell["source"] = re.sub(r"### (BEGIN|END) SOLUTION\n?", "", solutions[meta["grade_id"]])
        elif cell["cell_type"] == "markdown":
            cell["source"] = written
    return nb
