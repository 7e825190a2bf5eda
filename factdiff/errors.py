"""Exceptions raised to callers."""

from __future__ import annotations


class FactdiffError(Exception):
    """Base class for every error factdiff raises on purpose."""


class InputError(FactdiffError):
    """An input that cannot be read as an article; names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class NoArticlesError(FactdiffError):
    """Nothing usable was given to analyse."""
