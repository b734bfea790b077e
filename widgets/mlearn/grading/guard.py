"""Tamper guard: test cells run against pristine built-ins, modules and instructor helpers.

Installed inside each student kernel *before any student code runs* (see
:mod:`mlearn.grading.sandbox`), it takes private copies of:

- the ``builtins`` namespace (``abs``, ``len``, ``isinstance``, ``__import__``, ...);
- the namespaces of the modules tests rely on (``math``, ``operator``, ``numpy``,
  ``numpy.testing``, ``pandas``, ``pandas.testing``, ...): those already loaded at once, the
  others at the moment student code first imports them — the guard imports them itself,
  untouched, before the student's ``import`` statement returns;
- the functions, classes and module names defined by the instructor's read-only (locked)
  cells, such as a ``proche(a, b)`` helper or ``import math`` the tests use, right after those
  cells ran.

The copies live only in the closure of a ``sys.addaudithook`` hook: no module, global or
attribute names them, and an audit hook cannot be removed. The grader marks each test cell
with a comment carrying a random per-kernel nonce (in memory only; the marker is stripped
before the notebook is written). When IPython compiles a cell carrying the test marker — and
again before every statement of that cell — the hook puts every saved value back:
``builtins`` entries, module attributes that are callables (functions, classes, numpy's
``array_function`` dispatchers, ufuncs) or modules,
``sys.modules`` entries of the watched modules, the user namespace's ``__builtins__`` and the
instructor helpers, and IPython's list of AST transformers. Replacing ``builtins.abs``,
``math.isclose``, ``numpy.allclose``, ``pandas.testing.assert_series_equal`` or an
instructor helper therefore changes nothing for the tests.

Residual limits (honest list): the student's code runs in the same Python process as the
tests, so a deliberate attack on the interpreter itself can still win — walking the garbage
collector to find and edit the hook's closure, replacing IPython's ``run_cell`` or the kernel's
message handlers so that test cells are never really executed, or writing to process memory
with ``ctypes``. Those are not "tampering with what tests rely on" but rewriting the grader
inside the student's process; defeating them needs the tests in a separate process, which
nbgrader's model (tests share the student's namespace) rules out. Reading files is handled
outside the kernel: by :mod:`mlearn.grading.sandbox` (private working directory, and Landlock
where the Linux kernel offers it, which makes the course directory unreachable even by absolute
path). Without Landlock (other systems, old kernels) the kernel runs as the instructor's OS user,
so code that already knows the course directory's absolute path (it is never given it) could
read it; run the grader under a dedicated account or in a container to close that. Instructors
review suspicious full marks in the formgrader as usual.
"""

from __future__ import annotations

# Modules whose namespaces are restored before each test cell.
WATCHED = (
    "builtins",
    "math",
    "cmath",
    "operator",
    "functools",
    "statistics",
    "numbers",
    "numpy",
    "numpy.testing",
    "numpy.linalg",
    "pandas",
    "pandas.testing",
    "pandas.api.types",
)
# Names IPython itself swaps in and out of ``builtins`` while a cell runs.
IPYTHON_BUILTINS = frozenset({"exit", "quit", "get_ipython", "_", "__", "___", "display"})


MARKER_PATTERN = r"# mlearn-grade:[0-9a-f]{32}:(?:test|locked)"


def test_marker(nonce: str) -> str:
    """Appended as the cell's last line, so line numbers in tracebacks stay the student's."""
    return f"\n# mlearn-grade:{nonce}:test"


def locked_marker(nonce: str) -> str:
    return f"\n# mlearn-grade:{nonce}:locked"


def install(shell, nonce: str, watched=WATCHED) -> None:
    """Take pristine copies now and register the audit hook that restores them for test cells."""
    import builtins
    import importlib
    import sys
    import types

    missing = object()
    test_tag = test_marker(nonce).strip()
    locked_tag = locked_marker(nonce).strip()
    modules = sys.modules  # the interpreter's own dict (rebinding ``sys.modules`` does not change it)
    user_ns = shell.user_ns
    ast_transformers = shell.ast_transformers
    pristine_ast_transformers = list(ast_transformers)
    roots = {name.partition(".")[0] for name in watched}
    snapshots: dict[str, tuple[types.ModuleType, dict]] = {}
    helpers: dict[str, object] = {}
    state = {"in_test": False, "capture_after": None, "busy": False}

    def snapshot(name: str) -> None:
        mod = modules.get(name)
        if mod is not None and name not in snapshots:
            snapshots[name] = (mod, dict(mod.__dict__))

    def snapshot_loaded() -> None:
        for name in watched:
            snapshot(name)

    def import_pristine(root: str) -> None:
        for name in watched:
            if name.partition(".")[0] == root and name not in snapshots:
                try:
                    importlib.import_module(name)
                except Exception:  # noqa: BLE001 - not installed: nothing to protect
                    continue
                snapshot(name)

    def capture_helpers(before: dict) -> None:
        for key, value in list(user_ns.items()):
            if key.startswith("_") or not isinstance(value, (types.FunctionType, type, types.ModuleType)):
                continue
            if before.get(key, missing) is not value:
                helpers[key] = value

    def restore() -> None:
        bdict = builtins.__dict__
        for key, value in pristine_builtins.items():
            if key in IPYTHON_BUILTINS:
                continue
            if bdict.get(key, missing) is not value:
                bdict[key] = value
        for name, (mod, saved) in snapshots.items():
            if modules.get(name) is not mod:
                modules[name] = mod
            current = mod.__dict__
            for key, value in saved.items():
                if (callable(value) or isinstance(value, types.ModuleType)) and current.get(
                    key, missing
                ) is not value:
                    current[key] = value
        if user_ns.get("__builtins__") is not builtins:
            user_ns["__builtins__"] = builtins
        for key, value in helpers.items():
            if user_ns.get(key, missing) is not value:
                user_ns[key] = value
        if list(ast_transformers) != pristine_ast_transformers:
            ast_transformers[:] = pristine_ast_transformers

    def hook(event: str, args: tuple) -> None:
        if state["busy"]:
            return
        if event == "compile":
            source = args[0]
            if isinstance(source, bytes):
                source = source.decode("utf-8", "replace")
            if not isinstance(source, str):
                return
            state["busy"] = True
            try:
                if state["capture_after"] is not None:
                    capture_helpers(state["capture_after"])
                    state["capture_after"] = None
                if test_tag in source:
                    state["in_test"] = True
                    restore()
                else:
                    state["in_test"] = False
                    if locked_tag in source:
                        state["capture_after"] = dict(user_ns)
            finally:
                state["busy"] = False
        elif event == "exec" and state["in_test"]:
            state["busy"] = True
            try:
                restore()
            finally:
                state["busy"] = False
        elif event == "import":
            root = str(args[0]).partition(".")[0]
            if root in roots and root not in modules:
                state["busy"] = True
                try:
                    import_pristine(root)
                finally:
                    state["busy"] = False

    snapshot_loaded()
    pristine_builtins = dict(builtins.__dict__)
    sys.addaudithook(hook)
