"""Local TCP ports for the servers the kit starts (JupyterLab, Voilà): busy port → next free one."""

from __future__ import annotations

import socket

from mlearn.errors import MlearnError

LOCALHOST = "127.0.0.1"


def port_is_free(port: int, host: str = LOCALHOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def first_free_port(start: int, host: str = LOCALHOST, tries: int = 50) -> int:
    """``start`` if it is free, else the next free port; a clear error after ``tries`` busy ports."""
    for port in range(start, start + tries):
        if port_is_free(port, host):
            return port
    raise MlearnError(
        f"Aucun port libre entre {start} et {start + tries - 1}",
        f"no free port between {start} and {start + tries - 1}",
        "choisissez un autre port avec --port",
    )


def any_free_port(host: str = LOCALHOST) -> int:
    """A port the system says is free right now (for tests and benchmarks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
