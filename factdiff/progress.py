"""Per-stage progress on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


def stderr_progress(stream: TextIO | None = None, force: bool = False) -> Callable[[str, int, int], None] | None:
    """A progress callback that rewrites one status line per stage, or None when not on a terminal."""
    out = stream or sys.stderr
    if not force and not out.isatty():
        return None
    state = {"stage": ""}

    def report(stage: str, done: int, total: int) -> None:
        if stage != state["stage"] and state["stage"]:
            out.write("\n")
        state["stage"] = stage
        out.write(f"\r  {stage:<8} {done}/{total}")
        out.flush()
        if stage == "write":
            out.write("\n")

    return report
