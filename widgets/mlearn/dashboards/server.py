"""Run the public Voilà server of the dashboards: ``course/dashboards/`` only, configured by data files.

The configuration lives in ``voila.json`` beside this module (preheated kernels, culling, executor timeout,
which static files may be served) and the ``mlearn`` Voilà template under ``share/jupyter`` (the lab
template without its CDN icon font, a French index page). This module only assembles the command line,
picks a free port and watches the process; tests and benchmarks start the very same server.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from mlearn.errors import MlearnError
from mlearn.ports import any_free_port, first_free_port, port_is_free  # noqa: F401 (re-exported)

PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG_FILE = PACKAGE_DIR / "voila.json"
SHARE_DIR = PACKAGE_DIR / "share" / "jupyter"
DEFAULT_PORT = 9600
DEFAULT_HOST = "127.0.0.1"


def dashboards_dir() -> Path:
    """The folder Voilà serves: ``course/dashboards/`` of the checkout."""
    from mlearn.paths import course_dir

    return course_dir() / "dashboards"


def load_config() -> dict:
    """The packaged Voilà configuration (traitlets sections as a dict)."""
    return json.loads(CONFIG_FILE.read_text(encoding="utf-8"))


def _flatten(config: dict) -> list[str]:
    """``{"Section": {"trait": value}}`` → ``--Section.trait=value`` arguments (values as JSON when needed)."""
    args = []
    for section, traits in config.items():
        for name, value in traits.items():
            text = value if isinstance(value, str) else json.dumps(value)
            if isinstance(value, bool):
                text = "True" if value else "False"
            args.append(f"--{section}.{name}={text}")
    return args


def voila_command(
    root: Path, port: int, host: str = DEFAULT_HOST, overrides: dict | None = None
) -> list[str]:
    """The command line that serves ``root`` on ``host:port`` with the packaged configuration.

    ``overrides`` (same shape as ``voila.json``) wins over the file, e.g. short culling times in tests.
    """
    cmd = [
        sys.executable, "-m", "voila", str(root),
        f"--Voila.config_file_paths={PACKAGE_DIR}",
        f"--port={port}", f"--Voila.ip={host}", "--no-browser", "--Voila.port_retries=0",
    ]  # fmt: skip
    if overrides:
        cmd += _flatten(overrides)
    return cmd


WIDGET_ESM_ENV = "MLEARN_WIDGET_ESM_URL"


FRONT_END = PACKAGE_DIR / "assets" / "build" / "figure-widget.js"
# V8's explicit compile hint (Chrome 136+, ignored elsewhere), first line of the served module: compile every
# function while the file streams in, on a background thread, instead of on the page's main thread when
# first called. Nearly all of the kit's partial plotly.js runs at load or at the first drawing: measured in
# Voilà, 10-14 % less main-thread time per dashboard visit and first drawings 50-60 ms sooner. Not for
# plotly's full bundle (JupyterLab), most of which a page never calls.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"


def front_end_module() -> tuple[str, str]:
    """The FigureWidget front-end module for the dashboards: ``(JavaScript text, description)``.

    The kit's own module (``js/``, built by ``scripts/build-js.sh``: plotly.js with the kit's four trace
    types, a quarter of the full bundle) when it has been built, else plotly's ``widgetbundle.js``.
    """
    if FRONT_END.is_file():
        return FRONT_END.read_text(encoding="utf-8"), "mlearn (plotly.js partiel)"
    import plotly

    bundle = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
    return bundle.read_text(encoding="utf-8"), "plotly (complet)"


def preloaded_layers() -> tuple[str, ...]:
    """The GeoJSON layer references the dashboards' figures may use (preloaded in the served module)."""
    try:
        from mlearn import figures

        return tuple(getattr(figures, "GEOJSON_REFS", ()))
    except ImportError:
        return ()


def write_widget_bundle(folder: Path) -> str:
    """Write the plotly widget's front-end module as a static file of the ``mlearn`` template.

    A ``FigureWidget`` normally ships its ~5 MB module inside the widget state, once per figure and per
    visitor, through the kernel's websocket. Served as a file instead, the browser downloads it once, caches
    it and evaluates it once per page. The module starts with the registration of the kit's topojson and of
    the GeoJSON layers the figures refer to (``mlearn.geo.preload_script``), exactly like
    ``mlearn.geo.offline_widget``. Returns the file name.
    """
    import hashlib

    bundle, _kind = front_end_module()
    try:
        from mlearn import geo

        bundle = geo.preload_script(preloaded_layers()) + bundle
    except (ImportError, FileNotFoundError, AttributeError):
        pass
    if FRONT_END.is_file():
        bundle = COMPILE_HINT + bundle
    data = bundle.encode("utf-8")
    name = f"plotly-widget-{hashlib.sha256(data).hexdigest()[:12]}.js"
    target = folder / "voila" / "templates" / "mlearn" / "static"
    target.mkdir(parents=True, exist_ok=True)
    (target / name).write_bytes(data)
    return name


def server_env(extra_path: Path | None = None, widget_url: str | None = None) -> dict:
    env = dict(os.environ)
    if widget_url:
        env[WIDGET_ESM_ENV] = widget_url  # read by the kernels (mlearn.dashboards.live)
    extra = [str(extra_path)] if extra_path else []
    paths = extra + [str(SHARE_DIR)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    # Kernels are Python processes of this environment: keep their numeric libraries to one thread each,
    # several viewers share two cores.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    return env


class VoilaServer:
    """A Voilà server process serving one folder; ``with VoilaServer(...) as server: server.url``."""

    def __init__(
        self,
        root: Path | None = None,
        port: int | None = None,
        host: str = DEFAULT_HOST,
        overrides=None,
        public_url: str | None = None,
        widget_file: bool = True,
    ):
        self.root = Path(root) if root else dashboards_dir()
        self.host = host
        self.port = port or any_free_port(host)
        self.overrides = overrides
        self.public_url = public_url
        self.widget_file = widget_file
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None
        self._assets: Path | None = None
        self.widget_url: str | None = None  # the served figure module, once started

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self, timeout: float = 90.0, log_to: Path | None | bool = None) -> VoilaServer:
        """Start and wait until the index answers. ``log_to``: a file, None (a temp file) or False (inherit)."""
        if not self.root.is_dir():
            raise MlearnError(
                f"Dossier des tableaux de bord introuvable : {self.root}",
                f"dashboards folder not found: {self.root}",
            )
        if log_to is None:
            handle, name = tempfile.mkstemp(prefix="mlearn-voila-", suffix=".log")
            os.close(handle)
            log_to = Path(name)
        self.log_path = log_to or None
        log = open(log_to, "wb") if log_to else None  # noqa: SIM115 - kept open for the child's lifetime
        # The widget module as a cacheable file: needs the URL visitors use (absolute: anywidget imports it).
        base = self.public_url or (self.url if self.host not in ("0.0.0.0", "::") else None)
        widget_url = None
        if self.widget_file and base:
            self._assets = Path(tempfile.mkdtemp(prefix="mlearn-voila-assets-"))
            name = write_widget_bundle(self._assets)
            # ?v=: the content hash again, for tornado's static handler, which then lets browsers keep the file
            # for good (Cache-Control max-age, no revalidation); without it every visit revalidates 1.9 MB.
            version = name.removeprefix("plotly-widget-").removesuffix(".js")
            widget_url = base.rstrip("/") + f"/voila/templates/mlearn/static/{name}?v={version}"
        self.widget_url = widget_url
        overrides = dict(self.overrides or {})
        if widget_url:
            section = dict(overrides.get("VoilaConfiguration", {}))
            section["resources"] = {**section.get("resources", {}), "mlearn_widget_url": widget_url}
            overrides["VoilaConfiguration"] = section
        self.process = subprocess.Popen(
            voila_command(self.root, self.port, self.host, overrides),
            stdout=log,
            stderr=subprocess.STDOUT if log else None,
            env=server_env(self._assets, widget_url),
            cwd=str(self.root),
            start_new_session=True,
        )
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise MlearnError(
                    f"Le serveur Voilà s'est arrêté (code {self.process.returncode}) ; journal : {self.log_path}",
                    "the Voilà server stopped",
                )
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise MlearnError(
            f"Le serveur Voilà n'a pas répondu en {timeout:.0f} s ; journal : {self.log_path}",
            "the Voilà server did not answer in time",
        )

    def kernel_processes(self) -> list:
        """The kernel processes (psutil) started by this server: pooled and in use."""
        import psutil

        if not self.process:
            return []
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        kernels = []
        for child in children:
            try:
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    kernels.append(child)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return kernels

    def stop(self) -> None:
        if self._assets:
            shutil.rmtree(self._assets, ignore_errors=True)
            self._assets = None
        if not self.process or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=5)

    def __enter__(self) -> VoilaServer:
        if self.process is None:
            self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    root: Path | None = None,
    overrides=None,
    public_url: str | None = None,
    pool: int | None = None,
) -> int:
    """Serve the dashboards in the foreground until Ctrl+C (the ``mlearn dashboards serve`` command).

    ``pool``: preheated kernels per dashboard (``voila.json`` has 2); each costs ≈ 250 Mo of memory and
    lets one more visitor of a burst skip the kernel start (see docs/deploy.md).
    """
    root = Path(root) if root else dashboards_dir()
    if pool is not None:
        if pool < 0:
            raise MlearnError(
                f"--pool doit être un entier positif ou nul (reçu {pool})", "--pool must be >= 0"
            )
        overrides = dict(overrides or {})
        overrides["VoilaConfiguration"] = {
            **overrides.get("VoilaConfiguration", {}),
            "default_pool_size": pool,
        }
    chosen = first_free_port(port, host)
    if chosen != port:
        print(
            f"Le port {port} est occupé : utilisation du port {chosen}. / Port {port} is busy: using {chosen}."
        )
    notebooks = sorted(p.name for p in root.glob("*.ipynb"))
    print(f"Tableaux de bord ({len(notebooks)}) : {', '.join(notebooks)}")
    size = pool if pool is not None else load_config()["VoilaConfiguration"].get("default_pool_size", 1)
    print(
        f"Démarrage de Voilà ({size} noyau(x) préchauffé(s) par tableau de bord : quelques secondes)… "
        "/ starting Voilà…",
        flush=True,
    )
    server = VoilaServer(root, chosen, host, overrides, public_url=public_url)
    if host in ("0.0.0.0", "::") and not public_url:
        print(
            "Sans --public-url, le module des graphiques est envoyé par le noyau à chaque visite (plus lent)."
        )
    server.start(log_to=False)
    print(f"Tableaux de bord M-LEARN : {server.url}  (Ctrl+C pour arrêter / to stop)", flush=True)
    try:
        while server.process.poll() is None:
            time.sleep(0.5)
        print(f"Le serveur s'est arrêté (code {server.process.returncode}).", file=sys.stderr)
        return server.process.returncode or 1
    except KeyboardInterrupt:
        print("\nArrêt du serveur… / stopping…", flush=True)
        return 0
    finally:
        server.stop()
