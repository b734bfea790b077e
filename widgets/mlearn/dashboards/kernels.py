"""The kernel manager class the dashboards' Voilà server uses (``VoilaConfiguration.multi_kernel_manager_class``).

Voilà hands a preheated kernel to a visitor when it sends the page; the visitor's browser connects to the
kernel only once the page's scripts have loaded (seconds later on a slow machine or network). The kernel's
"last activity" is the end of its preheating, possibly long ago, so the idle culler may shut it down in
that window and the page never shows its widgets. This manager culls as jupyter_server does, except that a
kernel that has never had a browser connected gets ``handoff_grace`` seconds, counted from the first time
the culler sees it outside the pool (Voilà does not cull pooled kernels).
"""

from __future__ import annotations

import time

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float


class DashboardKernelManager(AsyncMappingKernelManager):
    handoff_grace = Float(
        120.0,
        config=True,
        help="Seconds a kernel handed to a visitor may wait for the visitor's first connection before culling.",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ever_connected: set[str] = set()
        self._first_seen_unconnected: dict[str, float] = {}

    def notify_connect(self, kernel_id):
        self._ever_connected.add(kernel_id)
        return super().notify_connect(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id):
        if kernel_id in self._kernels and kernel_id not in self._ever_connected:
            first = self._first_seen_unconnected.setdefault(kernel_id, time.monotonic())
            if time.monotonic() - first < self.handoff_grace:
                return None
        return await super().cull_kernel_if_idle(kernel_id)
