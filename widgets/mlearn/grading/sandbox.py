"""Student kernels: started fast, boxed in, and killed for sure.

A *zygote* process imports ipykernel, IPython, numpy and pandas once; each student kernel is a
``fork()`` of it, so a kernel costs a few milliseconds of CPU instead of the ~0.5–1 s of a
fresh ``python -m ipykernel_launcher`` (the main reason ``mlearn grade`` outruns plain
``nbgrader autograde``). Each forked kernel:

- starts its own session (``setsid``), so an interrupt or a kill reaches the kernel and its
  children and nothing else;
- gets ``RLIMIT_AS`` (memory limit: a memory bomb raises ``MemoryError`` or kills only itself);
- runs in a private empty temporary working directory holding only the files the assignment
  ships (never the course directory: no ``source/``, no ``gradebook.db`` reachable by a relative
  path or by walking parent folders), with a scrubbed environment (``HOME`` is that folder,
  no ``PWD``/``OLDPWD`` or variables of the grader);
- where the Linux kernel offers Landlock (5.13+), gives up file-system access beyond the
  Python installation, system libraries, the course's public data and its working directory:
  the course directory (hidden tests, gradebook, other students' work) is unreachable even by
  absolute path, and nothing outside the working directory can be written;
- keeps at most 1 MB of stdout/stderr per cell (a 50 MB ``print`` is cut inside the kernel);
- installs the tamper guard of :mod:`mlearn.grading.guard` before any student code runs.

:class:`SandboxKernelManager` plugs this into jupyter_client, so nbclient / nbgrader's
``Execute`` preprocessor drive the kernel exactly as usual. The zygote dies with its worker
(``PR_SET_PDEATHSIG`` on Linux), and the kernels die with the zygote.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

from jupyter_client.manager import AsyncKernelManager
from traitlets import Any, Dict, Integer, List, Unicode

# Variables a kernel may keep from the grader's environment; everything else is dropped.
KEEP_ENV = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_NUMERIC",
    "TZ",
    "MLEARN_DATA_DIR",
    "MLEARN_RAW",
)
PRELOAD = ("numpy", "pandas")


def set_parent_death_signal(sig: int = signal.SIGKILL) -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, int(sig), 0, 0, 0)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def kernel_env(workdir: str, extra: dict | None = None) -> dict[str, str]:
    env = {k: os.environ[k] for k in KEEP_ENV if k in os.environ}
    env.update(
        HOME=workdir,
        TMPDIR=workdir,
        PYTHONNOUSERSITE="1",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        MPLBACKEND="agg",
        NBGRADER_EXECUTION="autograde",
        JPY_PARENT_PID=str(os.getpid()),
    )
    env.update(extra or {})
    return env


# --------------------------------------------------------------------------------------------
# Zygote side (runs in its own process: ``python -I -m mlearn.grading.sandbox FD``)
# --------------------------------------------------------------------------------------------


def _reap(*_):
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _child(req: dict, conn: socket.socket) -> None:
    """In the forked child: box the process in, then become an IPython kernel."""
    code = 0
    try:
        conn.close()
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        set_parent_death_signal()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        memory = int(req.get("memory") or 0)
        if memory > 0:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        if req.get("protect") is not None:
            landlock(req["cwd"], req["protect"])
        sys.path[:] = [p for p in sys.path if p]
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        argv = list(req["args"])
        sys.argv = [sys.executable, "-m", "ipykernel_launcher", *argv]
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(argv)
        cap_stream_output(int(req.get("max_output") or 0))
        if req.get("nonce"):
            from mlearn.grading.guard import install

            install(app.shell, req["nonce"])
        app.start()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:  # noqa: BLE001 - the child must never return into the zygote loop
        code = 1
    finally:
        os._exit(code)


# Landlock (Linux ≥ 5.13): an unprivileged process can give up file-system access for good.
_FS_EXECUTE, _FS_WRITE_FILE, _FS_READ_FILE, _FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_ALL_V1 = (1 << 13) - 1
_FS_REFER, _FS_TRUNCATE = 1 << 13, 1 << 14
_READ = _FS_EXECUTE | _FS_READ_FILE | _FS_READ_DIR


def _landlock_paths(workdir: str, protect: list[str]) -> list[tuple[str, str]]:
    """(path, mode) pairs the kernel may use: mode ``r`` (read/execute) or ``w`` (everything)."""
    read = {"/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/opt", "/proc", "/sys", "/dev"}
    read |= {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    read |= {p for p in sys.path if p and os.path.isdir(p)}
    for name in ("MLEARN_DATA_DIR",):
        if os.environ.get(name):
            read.add(os.environ[name])
    try:
        from mlearn.paths import data_dir, raw_dir

        read.update({str(data_dir()), str(raw_dir())})
    except Exception:  # noqa: BLE001
        pass
    guarded = [os.path.realpath(p) for p in protect]

    def exposes_protected(path: str) -> bool:
        real = os.path.realpath(path)
        return any(g == real or g.startswith(real.rstrip("/") + "/") for g in guarded)

    rules = [(p, "r") for p in sorted(read) if os.path.exists(p) and not exposes_protected(p)]
    rules += [(workdir, "w"), ("/dev/null", "f"), ("/dev/shm", "w")]
    return [(p, m) for p, m in rules if os.path.exists(p)]


def landlock_supported() -> bool:
    """True when this Linux kernel offers Landlock (file-system sandboxing without privileges)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1)) >= 1


def landlock(workdir: str, protect: list[str]) -> bool:
    """Restrict this process (and its future threads and children) to the allowed paths.

    Reading: the Python installation, the system libraries, the course's data folder;
    writing: the kernel's private working directory. The course directory (``source/``,
    ``release/``, ``gradebook.db``, other students' ``submitted/`` work) is not reachable, not
    even by absolute path. Returns False when the kernel does not support Landlock.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import struct

    libc = ctypes.CDLL(None, use_errno=True)
    nr_create, nr_add, nr_restrict = 444, 445, 446
    abi = libc.syscall(nr_create, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return False
    handled = _FS_ALL_V1 | (_FS_REFER if abi >= 2 else 0) | (_FS_TRUNCATE if abi >= 3 else 0)
    attr = ctypes.create_string_buffer(struct.pack("Q", handled))
    ruleset = libc.syscall(nr_create, attr, ctypes.c_size_t(8), ctypes.c_uint32(0))
    if ruleset < 0:
        return False
    file_rights = _FS_EXECUTE | _FS_WRITE_FILE | _FS_READ_FILE | (_FS_TRUNCATE if abi >= 3 else 0)
    try:
        for path, mode in _landlock_paths(workdir, protect):
            is_dir = os.path.isdir(path)
            if mode == "w":
                access = handled if is_dir else file_rights
            elif mode == "f":
                access = file_rights
            else:
                access = _READ if is_dir else (_FS_EXECUTE | _FS_READ_FILE)
            if path.startswith(("/dev", "/proc")) and mode == "r":
                access |= _FS_WRITE_FILE  # /dev/null, /dev/urandom, /proc/self/... writes
            if not is_dir:
                access &= file_rights
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                rule = ctypes.create_string_buffer(struct.pack("=Qi", access, fd))
                libc.syscall(nr_add, ctypes.c_int(ruleset), ctypes.c_int(1), rule, ctypes.c_uint32(0))
            finally:
                os.close(fd)
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            return False
        return libc.syscall(nr_restrict, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(ruleset)


def cap_stream_output(max_chars: int) -> None:
    """Keep at most ``max_chars`` of stdout and of stderr per cell inside the kernel.

    A ``print('x' * 50_000_000)`` then sends one small message instead of 50 MB through
    ZeroMQ (which could outlast the grader's I/O timeout and cost the student the notebook).
    The first write of each stream always gets through, so a test's stderr still scores 0.
    """
    if max_chars <= 0:
        return
    from ipykernel.iostream import OutStream

    original = OutStream.write
    state = {"msg": None, "left": {}}
    note = "\n... sortie tronquée / output truncated ...\n"

    def write(self, string):
        if not isinstance(string, str):
            return original(self, string)
        msg_id = (self.parent_header or {}).get("msg_id")
        if msg_id != state["msg"]:
            state["msg"], state["left"] = msg_id, {}
        left = state["left"].get(self.name, max_chars)
        if left <= 0:
            return len(string)
        if len(string) > left:
            state["left"][self.name] = 0
            original(self, string[:left] + note)
            return len(string)
        state["left"][self.name] = left - len(string)
        return original(self, string)

    OutStream.write = write


def serve(fd: int) -> None:
    """Zygote main loop: one JSON request per line, answer the forked pid."""
    set_parent_death_signal()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import ipykernel.ipkernel  # noqa: F401 - preload: forked kernels start in milliseconds
    import ipykernel.kernelapp  # noqa: F401
    import IPython.core.interactiveshell  # noqa: F401

    import mlearn.grading.guard  # noqa: F401

    for name in PRELOAD:
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - optional speed-up only
            pass
    signal.signal(signal.SIGCHLD, _reap)
    conn = socket.socket(fileno=fd)
    reader = conn.makefile("r", encoding="utf-8")
    try:
        conn.sendall(b'{"ready": true}\n')
        while True:
            line = reader.readline()
            if not line:
                break
            req = json.loads(line)
            pid = os.fork()
            if pid == 0:
                reader.close()
                _child(req, conn)
            conn.sendall((json.dumps({"pid": pid}) + "\n").encode())
    except (OSError, ValueError):
        pass  # the worker went away: exit, taking the kernels with us (PR_SET_PDEATHSIG)
    os._exit(0)


# --------------------------------------------------------------------------------------------
# Worker side
# --------------------------------------------------------------------------------------------


class Zygote:
    """Handle on a zygote process: ``spawn()`` forks a boxed kernel and returns its pid."""

    def __init__(self):
        parent_sock, child_sock = socket.socketpair()
        env = kernel_env(os.environ.get("TMPDIR", "/tmp"))
        env.pop("JPY_PARENT_PID", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "mlearn.grading.sandbox", str(child_sock.fileno())],
            pass_fds=[child_sock.fileno()],
            env={**env, "HOME": os.environ.get("HOME", "/tmp")},
            cwd="/",
            stdin=subprocess.DEVNULL,
        )
        child_sock.close()
        self.sock = parent_sock
        self.reader = parent_sock.makefile("r", encoding="utf-8")
        self._ready = False
        self._owner = os.getpid()

    def wait_ready(self, timeout: float = 120) -> None:
        if self._ready:
            return
        self.sock.settimeout(timeout)
        line = self.reader.readline()
        self.sock.settimeout(None)
        if not line:
            raise RuntimeError("le processus zygote n'a pas démarré / zygote failed to start")
        self._ready = True

    def spawn(
        self,
        args: list[str],
        cwd: str,
        env: dict,
        memory: int,
        nonce: str | None,
        max_output: int = 1_000_000,
        protect: list[str] | None = None,
    ) -> int:
        self.wait_ready()
        req = {
            "args": args,
            "cwd": cwd,
            "env": env,
            "memory": memory,
            "nonce": nonce,
            "max_output": max_output,
            "protect": protect,
        }
        self.sock.sendall((json.dumps(req) + "\n").encode())
        line = self.reader.readline()
        if not line:
            raise RuntimeError("le processus zygote s'est arrêté / zygote died")
        return int(json.loads(line)["pid"])

    def detach(self) -> None:
        """Close this process's copy of the socket (after handing the zygote to a forked worker)."""
        self.reader.close()
        self.sock.close()

    def close(self) -> None:
        """Close our end; the zygote exits (and its kernels with it) once every end is closed."""
        self.detach()
        if self.proc.pid and self._owner == os.getpid():
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


class ForkedProcess:
    """The bits of ``subprocess.Popen`` jupyter_client's provisioner uses, for a pid we did not fork."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None

    def poll(self):
        if self.returncode is not None:
            return self.returncode
        try:
            with open(f"/proc/{self.pid}/stat") as fh:
                state = fh.read().rsplit(")", 1)[1].split()[0]
            if state in ("Z", "X"):
                self.returncode = -1
        except FileNotFoundError:
            self.returncode = -1
        except OSError:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -1
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, sig):
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)


def _is_ipykernel(argv: list[str]) -> bool:
    return "-m" in argv and argv[argv.index("-m") + 1 : argv.index("-m") + 2] == ["ipykernel_launcher"]


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose Python kernels are forked, boxed copies of a preloaded zygote."""

    zygote = Any(None, allow_none=True)
    workdir = Unicode("")
    memory_limit = Integer(0)
    nonce = Unicode("")
    extra_env = Dict()
    protect = List(Unicode(), allow_none=True, default_value=None)

    def __init__(self, **kw):
        super().__init__(**kw)
        if self.workdir:
            # The connection file goes in the kernel's own folder: the only one it can read.
            self.connection_file = os.path.join(self.workdir, ".noyau.json")

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        env = kernel_env(self.workdir, self.extra_env)
        if self.zygote is None or not _is_ipykernel(kernel_cmd):
            # Another language, or no zygote: a plain subprocess, still boxed (cwd, env, memory).
            wrapper = [
                sys.executable,
                "-I",
                "-c",
                "import os,sys,resource\n"
                "m=int(sys.argv[1])\n"
                "if m>0: resource.setrlimit(resource.RLIMIT_AS,(m,m))\n"
                "os.execvp(sys.argv[2],sys.argv[2:])",
                str(self.memory_limit),
            ]
            kw["env"] = env
            kw["cwd"] = self.workdir
            return await super()._async_launch_kernel(wrapper + list(kernel_cmd), **kw)
        args = kernel_cmd[kernel_cmd.index("ipykernel_launcher") + 1 :]
        pid = self.zygote.spawn(
            args, self.workdir, env, self.memory_limit, self.nonce or None, protect=self.protect
        )
        prov = self.provisioner
        prov.process = ForkedProcess(pid)
        prov.pid = pid
        prov.pgid = pid
        self._reconcile_connection_info(prov.connection_info)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
