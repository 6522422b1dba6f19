"""A process pool whose workers never outlive the process that started them.

An extraction worker left behind by a killed ``tracker extract`` or ``tracker build`` blocks on its
pipes for good, holding hundreds of megabytes. So every worker asks the kernel to SIGKILL it when its
parent dies (``prctl(PR_SET_PDEATHSIG)``, Linux), or, where it cannot, watches its parent from a
thread; and SIGTERM to the parent stops the pool at once: the running extractions are abandoned
(nothing of theirs is written: outputs are written by the parent, atomically) and the workers ended,
instead of the parent waiting minutes for them.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_WATCH_INTERVAL_S = 1.0


def _kill_me_with_my_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_INTERVAL_S)
    os._exit(1)  # the parent is gone: nobody reads what this worker would send


def _die_with_parent(forked_from: int | None) -> None:
    """The pool's initializer, run in each worker as it starts. ``forked_from``: the pid of the
    process that forked it (with the fork start method), to catch a parent that died before the
    request took effect."""
    # A forked worker inherits the parent's SIGTERM handler (it raises SystemExit, see worker_pool):
    # a worker ends on SIGTERM, it does not report it as the result of its job.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    if not _kill_me_with_my_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    if forked_from is not None and parent != forked_from:
        os._exit(1)


def _raise_system_exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _sigterm_raises_system_exit() -> Iterator[None]:
    """While the pool runs, SIGTERM unwinds the parent like Ctrl-C does (only the main thread can
    have signal handlers; elsewhere the default, ending the process, stays)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_system_exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers of what has, without waiting for them."""
    # ProcessPoolExecutor has no public way to end its workers before Python 3.14 (terminate_workers);
    # shutdown() forgets them, so they are taken first.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(5)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A :class:`ProcessPoolExecutor` of ``workers`` processes that die with this one. Leaving the
    block normally waits for the jobs; leaving it by an exception (SIGTERM, Ctrl-C) ends them."""
    forked_from = os.getpid() if multiprocessing.get_start_method() == "fork" else None
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(forked_from,))
    with _sigterm_raises_system_exit():
        try:
            yield pool
            pool.shutdown(wait=True)
        except BaseException:
            _stop_now(pool)
            raise
