"""The kernel manager class the dashboards' Voilà server uses (``VoilaConfiguration.multi_kernel_manager_class``).

Two things differ from jupyter_server's own manager:

- **Culling after a handoff.** Voilà hands a preheated kernel to a visitor when it sends the page; the
  visitor's browser connects to the kernel only once the page's scripts have loaded (seconds later on a slow
  machine or network). The kernel's "last activity" is the end of its preheating, possibly long ago, so the
  idle culler may shut it down in that window and the page never shows its widgets. A kernel that has never
  had a browser connected gets ``handoff_grace`` seconds, counted from the first time the culler sees it
  outside the pool (Voilà does not cull pooled kernels).
- **Refills that wait for a quiet machine.** Voilà refills a pool ``fill_delay`` seconds after each handoff.
  When several visitors arrive together, their refills (a kernel start plus the whole notebook run, each)
  would then compete for the processors with the visitors still loading their pages: on 2 cores, 8
  simultaneous visitors waited twice as long because of it (``benchmarks/README.md``). Once a visitor has
  come, a kernel started for a pool first waits until the machine's processors have been less busy than
  ``refill_quiet_cpu`` for ``refill_quiet_s`` seconds, or at most ``refill_max_wait`` seconds. The pools'
  first fill at start-up does not wait.
"""

from __future__ import annotations

import asyncio
import time

import psutil
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float

_POLL_S = 0.25


def busy_share(before, after) -> float:
    """The share (0–1) of all processors' time spent working between two ``psutil.cpu_times()`` samples."""
    idle = lambda t: t.idle + getattr(t, "iowait", 0.0)  # noqa: E731 - waiting for disks is not work
    total = sum(after) - sum(before)
    if total <= 0:
        return 0.0
    return max(0.0, min(1.0, 1.0 - (idle(after) - idle(before)) / total))


class DashboardKernelManager(AsyncMappingKernelManager):
    handoff_grace = Float(
        120.0,
        config=True,
        help="Seconds a kernel handed to a visitor may wait for the visitor's first connection before culling.",
    )
    refill_quiet_cpu = Float(
        0.5,
        config=True,
        help="Once visitors have come, a kernel started for a pool waits until the processors are busy less "
        "than this share (0–1, all processors together).",
    )
    refill_quiet_s = Float(1.0, config=True, help="How long the processors must stay that quiet (seconds).")
    refill_max_wait = Float(
        10.0, config=True, help="The longest a kernel started for a pool waits for a quiet machine (seconds)."
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ever_connected: set[str] = set()
        self._first_seen_unconnected: dict[str, float] = {}
        self.refill_waits: list[float] = []  # seconds each refill waited, for logs and tests

    def notify_connect(self, kernel_id):
        self._ever_connected.add(kernel_id)
        return super().notify_connect(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id):
        if kernel_id in self._kernels and kernel_id not in self._ever_connected:
            first = self._first_seen_unconnected.setdefault(kernel_id, time.monotonic())
            if time.monotonic() - first < self.handoff_grace:
                return None
        return await super().cull_kernel_if_idle(kernel_id)

    async def start_kernel(self, *args, **kwargs):
        preheat = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        if preheat and self._ever_connected:
            waited = await self.wait_for_quiet_machine()
            self.refill_waits.append(waited)
            self.log.info("Pool refill: waited %.1f s for the processors to quieten", waited)
        return await super().start_kernel(*args, **kwargs)

    async def wait_for_quiet_machine(self, sample=None) -> float:
        """Wait until the processors have been quiet for ``refill_quiet_s`` (at most ``refill_max_wait``
        seconds); return the seconds waited. ``sample``: ``psutil.cpu_times`` unless told."""
        sample = sample or psutil.cpu_times
        start = time.monotonic()
        quiet_since = None
        before = sample()
        while time.monotonic() - start < self.refill_max_wait:
            await asyncio.sleep(_POLL_S)
            after = sample()
            quiet = busy_share(before, after) < self.refill_quiet_cpu
            before = after
            now = time.monotonic()
            if not quiet:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = now - _POLL_S
            if quiet_since is not None and now - quiet_since >= self.refill_quiet_s:
                break
        return round(time.monotonic() - start, 2)
