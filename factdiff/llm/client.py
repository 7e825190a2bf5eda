"""One client for every model call: structured output validated by pydantic, two retry layers, a cache.

- Transport (tenacity): 429, 5xx, timeouts and resets are retried with exponential backoff and jitter,
  honouring `Retry-After`. Every attempt is counted.
- Validation: an answer that is not valid JSON for the schema, or was cut off, is re-asked with the
  error, a bounded number of times; then the unit of work fails and the run goes on.
- Output ladder: strict `json_schema` -> `json_object` with the schema -> `json_object` -> schema in
  the prompt. An endpoint that rejects a rung is moved down once for the rest of the run.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import numpy as np
import openai
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from ..tokens import encoding_for_model
from .cache import ResponseCache, cache_key
from .config import LADDER, LLMConfig, OutputMode
from .usage import Meter

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")


class UnitFailed(Exception):
    """One unit of work (a chunk, a batch of candidates, the brief) could not be done by the model."""


class BudgetExhausted(UnitFailed):
    """The call was not sent: it could have passed `max_cost_usd` or `max_tokens`."""


class _SchemaRejected(Exception):
    """The endpoint refused the requested response_format."""


class _StaleMode(Exception):
    """The output mode changed while this request waited; rebuild it."""


def _retry_after(error: BaseException) -> float | None:
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    value = headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _transient(error: BaseException) -> bool:
    if isinstance(error, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError)):
        return True
    return isinstance(error, openai.APIStatusError) and error.status_code >= 500 and not _mentions_format(error)


def _mentions_format(error: BaseException) -> bool:
    return bool(re.search(r"response_format|json_schema|schema", str(error), re.IGNORECASE))


def _json_text(content: str) -> str:
    """The JSON object inside an answer (models in prompt mode sometimes wrap it in prose or fences)."""
    start, end = content.find("{"), content.rfind("}")
    return content[start : end + 1] if start >= 0 and end > start else content


def _short(error: ValidationError) -> str:
    parts = [f"{'.'.join(map(str, e['loc'])) or 'root'}: {e['msg']}" for e in error.errors()[:6]]
    return "; ".join(parts)


class LLMClient:
    """Use inside `async with`; one instance per run (it owns the HTTP connection pool)."""

    def __init__(self, config: LLMConfig, meter: Meter | None = None) -> None:
        self.config = config
        self.meter = meter or Meter(
            prices=config.prices, model=config.model, max_cost_usd=config.max_cost_usd, max_tokens=config.max_tokens
        )
        self.mode: OutputMode = "json_schema" if config.output_mode == "auto" else config.output_mode
        self.cache = ResponseCache(config.cache_dir) if config.use_cache else None
        self.encoding = encoding_for_model(config.model)
        self._mode_lock = threading.Lock()
        self._semaphore: asyncio.Semaphore | None = None
        self._probe_lock = asyncio.Lock()
        self._mode_known = config.output_mode != "auto"
        self._client: openai.AsyncOpenAI | None = None
        self.embeddings_available: bool | None = None if config.embeddings_model else False

    async def __aenter__(self) -> LLMClient:
        key = self.config.api_key.get_secret_value() if self.config.api_key else "not-needed"
        self._client = openai.AsyncOpenAI(
            api_key=key, base_url=self.config.base_url, max_retries=0, timeout=self.config.timeout
        )
        self._semaphore = asyncio.Semaphore(max(1, self.config.concurrency))
        self._probe_lock = asyncio.Lock()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.close()
        if self.cache is not None:
            self.cache.close()

    # -- structured calls -------------------------------------------------------------------------

    async def structured(self, stage: str, messages: list[dict[str, str]], answer: type[T]) -> T:
        """A validated `answer` for `messages`, or `UnitFailed` after the re-asks are spent."""
        schema = answer.model_json_schema()
        conversation = list(messages)
        problem = "no answer"
        for _ in range(self.config.reasks + 1):
            content, finish_reason, refusal, key, cached = await self._complete(stage, conversation, schema, answer)
            if refusal:
                if not cached:
                    self.meter.stage(stage).failed += 1
                raise UnitFailed(f"the model refused: {refusal[:200]}")
            if finish_reason == "length":
                problem = "the answer was cut off (finish_reason=length); answer more briefly"
            else:
                try:
                    value = answer.model_validate_json(_json_text(content))
                except ValidationError as error:
                    problem = _short(error)
                else:
                    if self.cache is not None and not cached:
                        self.cache.put(key, content, 0, 0)
                    return value
            if not cached:
                self.meter.stage(stage).failed += 1
            conversation = [
                *conversation,
                {"role": "assistant", "content": content[:4000]},
                {
                    "role": "user",
                    "content": f"That reply was not valid: {problem}. Reply again with only a JSON "
                    "object that matches the schema.",
                },
            ]
        raise UnitFailed(f"no valid answer after {self.config.reasks + 1} attempts: {problem}")

    def _request(
        self, messages: list[dict[str, str]], schema: dict[str, Any], mode: OutputMode, name: str
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.config.model,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_completion_tokens,
        }
        schema_text = json.dumps(schema, separators=(",", ":"))
        if mode == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": False},
            }
        elif mode == "json_object_schema":
            body["response_format"] = {"type": "json_object", "schema": schema}
        elif mode == "json_object":
            body["response_format"] = {"type": "json_object"}
        if mode != "json_schema":
            messages = [
                *messages,
                {
                    "role": "system",
                    "content": f"Answer with one JSON object matching this JSON "
                    f"Schema, and nothing else:\n{schema_text}",
                },
            ]
        body["messages"] = messages
        return body

    async def _complete(
        self, stage: str, messages: list[dict[str, str]], schema: dict[str, Any], answer: type[BaseModel]
    ) -> tuple[str, str | None, str | None, str, bool]:
        while True:
            mode = self.mode
            body = self._request(messages, schema, mode, answer.__name__)
            key = cache_key(base_url=self.config.base_url or "openai", request=body)
            if self.cache is not None:
                hit = self.cache.get(key)
                if hit is not None:
                    self.meter.stage(stage).cached += 1
                    return hit, "stop", None, key, True
            try:
                response = await self._probe_or_send(stage, body, mode)
            except _SchemaRejected:
                self._step_down(mode)
                continue
            except _StaleMode:
                continue
            choice = response.choices[0]
            message = choice.message
            refusal = getattr(message, "refusal", None)
            return message.content or "", choice.finish_reason, refusal, key, False

    async def _probe_or_send(self, stage: str, body: dict[str, Any], mode: OutputMode) -> Any:
        """The first request of a run finds the output mode alone; the others wait for its answer."""
        if not self._mode_known:
            async with self._probe_lock:
                if self.mode != mode:
                    raise _StaleMode()
                if not self._mode_known:
                    try:
                        response = await self._send(stage, body)
                    except _SchemaRejected:
                        raise
                    except BaseException:
                        self._mode_known = True  # the mode was not the problem; stop holding the others back
                        raise
                    self._mode_known = True
                    return response
        if self.mode != mode:
            raise _StaleMode()
        return await self._send(stage, body)

    def _step_down(self, failed: OutputMode) -> None:
        with self._mode_lock:
            if self.mode == failed:
                index = LADDER.index(failed)
                if index + 1 >= len(LADDER):
                    raise UnitFailed("the endpoint rejected every structured-output mode")
                self.mode = LADDER[index + 1]

    async def _send(self, stage: str, body: dict[str, Any]) -> Any:
        assert self._client is not None and self._semaphore is not None, "use LLMClient inside 'async with'"
        prompt_estimate = sum(
            len(self.encoding.encode(m["content"], disallowed_special=())) + 4 for m in body["messages"]
        )
        completion_cap = self.config.max_completion_tokens
        if not self.meter.reserve(prompt_estimate, completion_cap):
            self.meter.stage(stage).skipped += 1
            raise BudgetExhausted("skipped: the call could pass the budget cap")
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self.config.transport_attempts),
                wait=self._wait,
                retry=retry_if_exception(_transient),
                reraise=True,
            ):
                with attempt:
                    return await self._attempt(stage, body)
        except openai.APIStatusError as error:
            raise UnitFailed(f"HTTP {error.status_code}: {str(error)[:200]}") from None
        except (openai.APITimeoutError, openai.APIConnectionError) as error:
            raise UnitFailed(f"{type(error).__name__}: {str(error)[:200]}") from None
        finally:
            self.meter.release(prompt_estimate, completion_cap)
        raise UnitFailed("no attempt was made")  # pragma: no cover - tenacity always makes one

    async def _attempt(self, stage: str, body: dict[str, Any]) -> Any:
        assert self._client is not None and self._semaphore is not None
        async with self._semaphore:
            try:
                response = await self._client.chat.completions.create(**body)
            except (openai.BadRequestError, openai.UnprocessableEntityError) as error:
                self.meter.record(stage, 0, 0, failed=True)
                if "response_format" in body:
                    raise _SchemaRejected() from error
                raise
            except openai.APIStatusError as error:
                self.meter.record(stage, 0, 0, failed=True)
                if error.status_code >= 500 and _mentions_format(error) and "response_format" in body:
                    raise _SchemaRejected() from error
                raise
            except (openai.APITimeoutError, openai.APIConnectionError):
                self.meter.record(stage, 0, 0, failed=True)
                raise
        usage = getattr(response, "usage", None)
        self.meter.record(stage, getattr(usage, "prompt_tokens", 0) or 0, getattr(usage, "completion_tokens", 0) or 0)
        return response

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        after = _retry_after(error) if error else None
        if after is not None:
            return min(after, self.config.retry_wait_cap)
        return float(wait_exponential_jitter(multiplier=0.5, max=self.config.retry_wait_cap)(state))

    # -- embeddings ------------------------------------------------------------------------------------

    async def embed(self, texts: list[str]) -> np.ndarray | None:
        """Endpoint embeddings when configured and available; None means: use the local embedder."""
        if not self.config.embeddings_model or self.embeddings_available is False or not texts:
            return None
        assert self._client is not None
        rows: list[list[float]] = []
        try:
            for start in range(0, len(texts), 128):
                batch = texts[start : start + 128]
                key = cache_key(
                    base_url=self.config.base_url or "openai", embeddings=self.config.embeddings_model, input=batch
                )
                cached = self.cache.get(key) if self.cache is not None else None
                if cached is not None:
                    self.meter.stage("embed").cached += 1
                    rows.extend(json.loads(cached))
                    continue
                response = await self._client.embeddings.create(model=self.config.embeddings_model, input=batch)
                self.meter.record("embed", getattr(response.usage, "prompt_tokens", 0) or 0, 0)
                vectors = [item.embedding for item in sorted(response.data, key=lambda d: d.index)]
                if self.cache is not None:
                    self.cache.put(key, json.dumps(vectors), 0, 0)
                rows.extend(vectors)
        except (openai.APIError, ValueError, TypeError):
            self.meter.record("embed", 0, 0, failed=True)
            self.embeddings_available = False
            return None
        self.embeddings_available = True
        matrix = np.asarray(rows, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        result: np.ndarray = matrix / np.maximum(norms, 1e-12)
        return result


def run_sync(factory: Callable[[], Coroutine[Any, Any, R]]) -> R:
    """Run a coroutine from synchronous code, also when an event loop is already running (notebooks)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    result: list[R] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(factory()))
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


async def gather_units(tasks: list[Awaitable[R]]) -> list[R | BaseException]:
    """Run units of work together; a failed unit comes back as its exception, the others go on."""
    return list(await asyncio.gather(*tasks, return_exceptions=True))
