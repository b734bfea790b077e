"""A private PostgreSQL server for the gradebook: Debian's ``postgresql``, started under a data folder.

Used by ``mlearn classroom up --postgres`` and by the tests. The server listens on 127.0.0.1 only, the
superuser connects through a Unix socket inside the (mode 700) data folder, and the gradebook role logs in
over TCP with a generated password (SCRAM): a student who can reach the port still cannot read the grades.
As root the server runs as the ``postgres`` system user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import time
from pathlib import Path

from mlearn.errors import MlearnError


def pg_bin_dir() -> Path | None:
    """Folder of ``initdb``/``pg_ctl`` (Debian keeps them out of PATH), newest version first."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    return Path(which).parent if which else None


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise MlearnError("Aucun utilisateur non-root pour PostgreSQL", "no non-root user to run PostgreSQL")


class LocalPostgres:
    """``LocalPostgres(data_dir, port).start()``; ``create_database(name)`` returns a SQLAlchemy URL."""

    def __init__(self, data_dir: Path, port: int, host: str = "127.0.0.1"):
        self.data_dir = Path(data_dir)
        self.port = port
        self.host = host
        self.bin = pg_bin_dir()
        self.user = _run_as()
        if self.bin is None:
            raise MlearnError(
                "PostgreSQL n'est pas installé (initdb/pg_ctl introuvables)",
                "PostgreSQL is not installed",
                "apt-get install -y postgresql (ou bash scripts/classroom-setup.sh)",
            )

    def _cmd(self, *args, check=True, input=None, timeout=120):
        kwargs = {}
        if self.user:
            entry = pwd.getpwnam(self.user)
            kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        return subprocess.run(
            list(args), check=check, capture_output=True, text=True, input=input, timeout=timeout,
            cwd=str(self.data_dir.parent), env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}, **kwargs,
        )  # fmt: skip

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "data"

    def start(self) -> LocalPostgres:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
        if not (self.pgdata / "PG_VERSION").is_file():
            self._cmd(
                str(self.bin / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth-local=trust",
                "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
            )  # fmt: skip
        options = (
            f"-c listen_addresses={self.host} -c port={self.port} -c unix_socket_directories={self.data_dir} "
            "-c password_encryption=scram-sha-256"
        )
        if not self.running():
            result = self._cmd(
                str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.data_dir / "postgres.log"),
                "-o", options, "-w", "-t", "60", "start", check=False,
            )  # fmt: skip
            if result.returncode != 0:
                log = (self.data_dir / "postgres.log").read_text(errors="replace")[-800:]
                raise MlearnError(
                    f"PostgreSQL n'a pas démarré sur le port {self.port} : {result.stderr.strip()} {log}",
                    f"PostgreSQL did not start on port {self.port}",
                )
        return self

    def running(self) -> bool:
        if not (self.pgdata / "PG_VERSION").is_file():
            return False
        return (
            self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "status", check=False).returncode == 0
        )

    def pid(self) -> int | None:
        pid_file = self.pgdata / "postmaster.pid"
        try:
            return int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = self._cmd(
            str(self.bin / "psql"), "-h", str(self.data_dir), "-p", str(self.port), "-U", "postgres", "-d",
            database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise MlearnError(f"Erreur PostgreSQL : {result.stderr.strip()}", "PostgreSQL error")
        return result.stdout

    def create_database(self, name: str, role: str = "mlearn_grader", password: str | None = None) -> str:
        """Create (or reset the password of) ``role`` owning database ``name``; return its URL."""
        password = password or secrets.token_urlsafe(24)
        exists = self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'").strip()
        verb = "ALTER" if exists else "CREATE"
        self.psql(f"{verb} ROLE {role} LOGIN PASSWORD '{password}'")
        if not self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip():
            self.psql(f'CREATE DATABASE "{name}" OWNER {role}')
        self.psql(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
        return f"postgresql://{role}:{password}@{self.host}:{self.port}/{name}"

    def stop(self) -> None:
        if (self.pgdata / "PG_VERSION").is_file() and self.running():
            self._cmd(
                str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop", check=False
            )
        deadline = time.monotonic() + 10
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.2)
