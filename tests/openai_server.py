"""A real HTTP server on 127.0.0.1 that speaks the OpenAI protocol, scripted per test.

Each request goes to `server.respond(request)`, which tests replace; the default answers like a
careful model would (see `ScriptedModel`). Faults are replies too: a status with headers, a delay,
or a dropped connection.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


@dataclass
class Request:
    path: str
    body: dict[str, Any]
    at: float

    @property
    def system(self) -> str:
        return " ".join(m["content"] for m in self.body.get("messages", []) if m["role"] == "system")

    @property
    def user(self) -> str:
        return "\n".join(m["content"] for m in self.body.get("messages", []) if m["role"] == "user")

    @property
    def stage(self) -> str:
        if self.path.endswith("/embeddings"):
            return "embed"
        system = self.system
        if "extract claims" in system:
            return "extract"
        if "compare pairs" in system:
            return "adjudicate"
        if "briefing for an editor" in system:
            return "write"
        return "unknown"


def chat(
    content: Any,
    finish_reason: str = "stop",
    refusal: str | None = None,
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
) -> Reply:
    text = content if isinstance(content, str) or content is None else json.dumps(content)
    return Reply(
        body={
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "test-model",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": finish_reason,
                    "message": {"role": "assistant", "content": text, "refusal": refusal},
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def error(status: int, message: str = "error", headers: dict[str, str] | None = None) -> Reply:
    return Reply(
        status=status, body={"error": {"message": message, "type": "test", "code": None}}, headers=headers or {}
    )


def bag_of_words(text: str, size: int = 64) -> list[float]:
    """A crude deterministic embedding: hashed word counts (stable across processes, unlike hash())."""
    import zlib

    vector = [0.0] * size
    for word in re.findall(r"[a-z]+", text.lower()):
        vector[zlib.crc32(word.encode()) % size] += 1.0
    return vector


def article_block(request: Request) -> str:
    match = re.search(r"<article[^>]*>\n(.*?)\n</article>", request.user, re.S)
    return match.group(1) if match else ""


class ScriptedModel:
    """A deterministic stand-in for a good model: it answers each stage from what the request holds."""

    def __init__(
        self,
        conflicts: tuple[str, ...] = (),
        extra_claims: list[dict[str, Any]] | None = None,
        brief: list[dict[str, Any]] | None = None,
        embeddings: bool = False,
    ) -> None:
        self.embeddings = embeddings
        self.conflicts = conflicts  # a pair whose text holds one of these words is judged conflicting
        self.extra_claims = extra_claims or []
        self.brief = brief

    def __call__(self, request: Request) -> Reply:
        reply = self._answer(request)
        if isinstance(reply.body, dict) and "usage" in reply.body and "choices" in reply.body:
            # Real token counts, so cost figures measured against this server mean something.
            from factdiff.tokens import count_tokens

            prompt = count_tokens(" ".join(m["content"] for m in request.body.get("messages", [])))
            content = reply.body["choices"][0]["message"]["content"] or ""
            reply.body["usage"].update(
                prompt_tokens=prompt,
                completion_tokens=count_tokens(content),
                total_tokens=prompt + count_tokens(content),
            )
        return reply

    def _answer(self, request: Request) -> Reply:
        stage = request.stage
        if stage == "embed":
            if not self.embeddings:
                return Reply(status=404, body={"error": {"message": "no embeddings here"}})
            return Reply(
                body={
                    "object": "list",
                    "model": "test-embed",
                    "usage": {"prompt_tokens": 7, "total_tokens": 7},
                    "data": [
                        {"object": "embedding", "index": i, "embedding": bag_of_words(text)}
                        for i, text in enumerate(request.body["input"])
                    ],
                }
            )
        if stage == "extract":
            text = article_block(request)
            sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4 and len(s) <= 400]
            claims = [
                {"text": s, "quote": s, "kind": "fact", "attribution": None, "anonymous": False} for s in sentences
            ]
            return chat({"claims": claims + self.extra_claims}, completion_tokens=20 * len(claims) + 10)
        if stage == "adjudicate":
            pairs = re.split(r"\n\nPair \d+:", "\n\n" + request.user)[1:]
            verdicts = []
            for number, text in enumerate(pairs):
                hit = any(word in text for word in self.conflicts)
                verdicts.append(
                    {
                        "pair": number,
                        "relation": "conflicting" if hit else "same",
                        "kind": "fact" if hit else None,
                        "explanation": "scripted verdict",
                    }
                )
            return chat({"verdicts": verdicts})
        if stage == "write":
            if self.brief is not None:
                return chat({"sentences": self.brief})
            ids = re.findall(r"\[(A\d+\.\d+)\] [^:]+: (.*)", request.user)
            sentences = [{"text": text, "claim_ids": [cid]} for cid, text in ids[:4]]
            return chat({"sentences": sentences})
        return error(400, "unexpected request")


class OpenAIServer:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.respond: Callable[[Request], Reply] = ScriptedModel()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                self._send(Reply(body={"object": "list", "data": [{"id": "test-model", "object": "model"}]}))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                request = Request(path=self.path, body=body, at=time.monotonic())
                with server._lock:
                    server.requests.append(request)
                reply = server.respond(request)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    self.connection.close()
                    return
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                payload = (reply.body if isinstance(reply.body, str) else json.dumps(reply.body)).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def chat_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def main() -> None:
    """Serve the scripted model standalone: python tests/openai_server.py [latency_seconds] [after_requests_hang]."""
    import sys

    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
    hang_after = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    server = OpenAIServer()
    model = ScriptedModel()

    def respond(request: Request) -> Reply:
        if hang_after and len(server.requests) > hang_after:
            return Reply(delay=3600)
        reply = model(request)
        reply.delay = latency
        return reply

    server.respond = respond
    print(server.base_url, flush=True)
    try:
        server.thread.join()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()
