"""Prompt templates, shipped as files in the `factdiff.prompts` package (the repository's prompts/ folder)."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def prompt(name: str) -> str:
    return resources.files("factdiff.prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")


def delimit(label: str, text: str) -> str:
    """Article text as data: fenced, with any closing fence inside it defused."""
    safe = text.replace("</article>", "</ article>").replace("<article", "< article")
    return f'<article label="{label}">\n{safe}\n</article>'
