"""A persistent SQLite response cache: a re-run costs nothing and an interrupted run resumes.

The key covers everything that shapes an answer: base URL, model, messages, schema and parameters.
Only answers that validated are stored, each committed at once.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any


def cache_key(**parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class ResponseCache:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "responses.sqlite3"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, content TEXT NOT NULL, "
            "prompt_tokens INTEGER, completion_tokens INTEGER, created TEXT DEFAULT CURRENT_TIMESTAMP)"
        )

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT content FROM responses WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, content: str, prompt_tokens: int, completion_tokens: int) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, content, prompt_tokens, completion_tokens) VALUES (?, ?, ?, ?)",
                (key, content, prompt_tokens, completion_tokens),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
