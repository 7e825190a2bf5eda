from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

from factdiff.progress import stderr_progress

from .conftest import EXAMPLES, ROOT


def test_progress_lines_name_stage_and_counts() -> None:
    stream = io.StringIO()
    report = stderr_progress(stream, force=True)
    assert report is not None
    report("extract", 2, 4)
    report("embed", 10, 10)
    report("write", 1, 1)
    assert "extract  2/4" in stream.getvalue() and "embed    10/10" in stream.getvalue()


def test_not_a_terminal_means_silent() -> None:
    assert stderr_progress(io.StringIO()) is None


def _stderr_on_a_terminal(*args: str) -> str:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "factdiff", *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=300)
    os.close(leader)
    return b"".join(chunks).decode(errors="replace")


def test_cli_shows_progress_on_a_terminal_unless_quiet() -> None:
    shown = _stderr_on_a_terminal("brief", str(EXAMPLES / "harbor-fire"))
    assert "extract" in shown and "4/4" in shown and "embed" in shown
    quiet = _stderr_on_a_terminal("brief", str(EXAMPLES / "harbor-fire"), "--quiet")
    assert "extract" not in quiet
