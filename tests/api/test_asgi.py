"""The server process tunes its garbage collector; the app factory builds the app."""

from __future__ import annotations

import subprocess
import sys


def test_server_process_freezes_start_up_objects_and_collects_young_ones_less_often() -> None:
    script = (
        "import gc\n"
        "from backend.api.asgi import tune_garbage_collector\n"
        "before = gc.get_threshold()\n"
        "tune_garbage_collector()\n"
        "after = gc.get_threshold()\n"
        "assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()\n"
        "assert after[0] > before[0] and after[1:] == before[1:], (before, after)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
