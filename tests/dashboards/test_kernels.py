"""The dashboards' kernel manager: once visitors have come, refills of the preheated pools wait for a quiet
machine (bounded); the first fill does not wait; busy shares computed from processor time samples."""

from __future__ import annotations

import asyncio
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from mlearn.dashboards import kernels
from mlearn.dashboards.kernels import DashboardKernelManager, busy_share

CpuTimes = namedtuple("CpuTimes", "user nice system idle iowait")


class FakeProcessors:
    """A fake ``psutil.cpu_times`` for 2 processors: each call after the first advances by one poll, busy by
    the next share of ``busy`` (then ``then`` for ever)."""

    def __init__(self, busy: list[float], then: float):
        self.busy, self.then, self.calls = list(busy), then, 0
        self.work = self.rest = 0.0

    def __call__(self) -> CpuTimes:
        if self.calls:
            share = self.busy[self.calls - 1] if self.calls <= len(self.busy) else self.then
            span = 2 * kernels._POLL_S
            self.work += share * span
            self.rest += (1 - share) * span
        self.calls += 1
        return CpuTimes(self.work, 0.0, 0.0, self.rest, 0.0)


def test_busy_share_counts_waiting_for_disks_as_idle():
    before = CpuTimes(10.0, 1.0, 2.0, 50.0, 5.0)
    after = CpuTimes(13.0, 1.0, 3.0, 53.0, 6.0)  # 4 s of work, 4 s idle or waiting for disks
    assert busy_share(before, after) == pytest.approx(0.5)
    assert busy_share(after, after) == 0.0


def test_busy_share_of_this_machine_is_a_share():
    before = psutil.cpu_times()
    sum(i * i for i in range(300_000))
    assert 0.0 <= busy_share(before, psutil.cpu_times()) <= 1.0


POLL = 0.05  # seconds between two samples in these tests (the module's poll, shortened)


def run(coroutine):
    """Run a coroutine to its end in a thread of its own: the browser tests of the same process may have left
    an event loop running in this one (Playwright's sync API)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(autouse=True)
def short_polls(monkeypatch):
    monkeypatch.setattr(kernels, "_POLL_S", POLL)


def manager() -> DashboardKernelManager:
    return DashboardKernelManager(refill_quiet_cpu=0.5, refill_quiet_s=0.2, refill_max_wait=0.8)


def test_a_refill_waits_while_the_processors_are_busy_then_for_a_quiet_second():
    busy_polls = 6  # 0.3 s of busy processors, then quiet
    waited = run(manager().wait_for_quiet_machine(FakeProcessors([0.95] * busy_polls, then=0.1)))
    expected = busy_polls * POLL + 0.2
    assert expected - 0.01 <= waited <= expected + 0.3


def test_a_refill_waits_no_longer_than_refill_max_wait():
    waited = run(manager().wait_for_quiet_machine(FakeProcessors([], then=0.9)))
    assert 0.8 <= waited <= 1.1


def test_a_short_quiet_moment_does_not_open_the_gate():
    # quiet for 0.1 s in the middle of the busy period: not long enough
    pattern = [0.9] * 4 + [0.1] * 2 + [0.9] * 4
    waited = run(manager().wait_for_quiet_machine(FakeProcessors(pattern, then=0.0)))
    assert waited >= len(pattern) * POLL + 0.2 - 0.01


@pytest.fixture
def started(monkeypatch):
    """Kernel starts recorded instead of run (the gate is what is tested, not jupyter_server)."""
    calls = []

    async def fake_start(self, *args, **kwargs):
        calls.append(kwargs)
        return f"kernel-{len(calls)}"

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", fake_start)
    return calls


def test_first_fill_starts_at_once_refills_after_a_visitor_wait(started, monkeypatch):
    km = manager()
    busy = FakeProcessors([], then=1.0)
    monkeypatch.setattr(kernels.psutil, "cpu_times", busy)
    preheat = {"env": {"VOILA_PREHEAT": "True"}}

    run(km.start_kernel(kernel_name="python3", **preheat))
    assert km.refill_waits == [] and len(started) == 1  # no visitor yet: the first fill does not wait

    km._ever_connected.add("kernel-1")  # a visitor's browser connected
    run(km.start_kernel(kernel_name="python3", env={"VOILA_PREHEAT": "False"}))
    assert km.refill_waits == []  # a kernel started for a visitor (no pool) never waits
    run(km.start_kernel(kernel_name="python3", **preheat))
    assert len(km.refill_waits) == 1 and km.refill_waits[0] >= 0.8  # busy machine: waited the longest
    busy.then = 0.0
    run(km.start_kernel(kernel_name="python3", **preheat))
    assert 0.2 <= km.refill_waits[1] < 0.5  # quiet machine: one quiet period
    assert len(started) == 4
