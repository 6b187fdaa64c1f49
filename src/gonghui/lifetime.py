"""Child processes that end with the process that started them.

A query worker and the endpoint's Oxigraph server are stopped by their parent on Ctrl-C, at a
time limit or on leaving; a parent killed outright (SIGKILL, the OOM killer) cannot stop them,
and an orphaned cartesian query then runs without its limit. On Linux the kernel can send the
child a signal when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None = None) -> None:
    """In a child, just after fork: be killed when the parent dies. ``parent_pid`` closes the
    race where the parent died before the call (the child was already adopted)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to ask: the parent's own cleanup still runs
        return
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)
