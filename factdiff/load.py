"""Stage 1, load: files, JSON records and dicts become `Article`s.

The article text is kept exactly as read; page debris, titles and bylines are recorded as
`ignored` spans instead of being cut out, so every offset still indexes the original text.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import parse_date_expression
from .errors import InputError
from .models import Article, Duplicate, IgnoredReason, IgnoredSpan, Problem

TEXT_SUFFIXES = (".txt", ".md", ".text")
SKIPPED_IN_FOLDERS = ("gold.json", "README.md")  # a cluster folder's answer key and notes are not articles
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
TEXT_KEYS = ("text", "body", "content", "articleBody", "article", "maintext")
TITLE_KEYS = ("title", "headline")
SOURCE_KEYS = ("source", "outlet", "publisher", "domain", "site")
DATE_KEYS = ("published", "date", "published_at", "publish_date", "date_publish", "datePublished")
URL_KEYS = ("url", "link", "href")

_DATE_MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s*")
_DEBRIS_LINE = re.compile(
    r"""^(?:
        [^\w\s]{1,3}                                   # a lone symbol such as "×"
      | \w{1,2}                                        # a stray glyph pair such as "mm"
      | (?:also\s+read|read\s+also|read\s+more|watch|listen|see\s+also|related)\s*[|:].*
      | watch\b.*\blive\b.*\bhere\b.*
      | (?:advertisement|subscribe.*|click\s+here.*|follow\s+us.*|share\s+this.*|sign\s+up.*)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_CAPTION_LINE = re.compile(
    r"\|\s*(?:Reuters|AP|AFP|PTI|ANI|IANS|Getty Images|File Photo|Photo|Representational Image)\s*$"
    r"|^\(?(?:Photo|Image|File photo)\s*(?:credit)?\s*:",
    re.IGNORECASE,
)
# Text addressed to a language model rather than to readers; kept out of the analysis.
_INJECTION = re.compile(
    r"[^.!?\n]*\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|your)\s+"
    r"(?:instructions|prompts?|rules|directions)[^.!?\n]*[.!?]?"
    r"|[^.!?\n]*\b(?:system\s+prompt|you\s+are\s+now\s+(?:a|an|in)\b|as\s+an\s+ai\s+(?:model|assistant))[^.!?\n]*[.!?]?",
    re.IGNORECASE,
)
_AUTHOR_LINE = re.compile(r"^(?:Author|Written by|By)\s*:\s*(.+)$", re.IGNORECASE)
_BIO_SENTENCE = re.compile(
    r"^(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})\s+(?:is|was)\s+(?:a|an|the|our|deputy|senior|"
    r"chief|associate|assistant|executive|managing|contributing|special|staff)\b.*"
    r"\b(?:journalist|correspondent|editor|reporter|writer|columnist|contributor)\b",
)
_BYLINE = re.compile(
    r"^(?:by\b.*|published\b.*|updated\b.*|posted\b.*|last\s+updated\b.*|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+.*\d{4}.*|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}.*|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}.*)$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?\"”’…:)]\s*$")


@dataclass
class Loaded:
    """What `load` found: the articles, the inputs it could not use, and exact duplicates."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)


@dataclass
class _Raw:
    text: str
    source: str
    path: str | None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None


Input = str | Path | Mapping[str, Any] | Article


def load(*inputs: Input | Iterable[Input], strict: bool = False) -> Loaded:
    """Read articles from paths, globs, directories, JSON/JSONL files, dicts or `Article`s.

    Bad inputs are reported in `Loaded.problems` and the rest are still read; with
    `strict=True` the first bad input raises `InputError` instead.
    """
    loaded = Loaded()
    seen: dict[str, str] = {}
    for item in _flatten(inputs):
        try:
            raws = list(_read_input(item))
        except InputError as error:
            if strict:
                raise
            loaded.problems.append(Problem(stage="load", path=error.path, message=error.problem))
            continue
        for raw in raws:
            try:
                _add(loaded, raw, seen)
            except Exception as error:  # a reader bug on one input must not lose the others
                if strict:
                    raise
                loaded.problems.append(
                    Problem(stage="load", path=raw.path, message=f"could not be read: {type(error).__name__}: {error}")
                )
    return loaded


def _flatten(inputs: Iterable[Any]) -> Iterator[Input]:
    for item in inputs:
        if isinstance(item, (str, Path, Mapping, Article)):
            yield item
        elif isinstance(item, Iterable):
            yield from _flatten(item)
        else:
            raise TypeError(f"cannot load {type(item).__name__}: expected a path, a dict or an Article")


def _add(loaded: Loaded, raw: _Raw, seen: dict[str, str]) -> None:
    digest = hashlib.sha256(" ".join(raw.text.split()).encode()).hexdigest()
    if digest in seen:
        loaded.duplicates.append(Duplicate(path=raw.path, source=raw.source, duplicate_of=seen[digest]))
        return
    article_id = f"A{len(loaded.articles) + 1}"
    seen[digest] = article_id
    loaded.articles.append(make_article(article_id, raw))


def make_article(article_id: str, raw: _Raw) -> Article:
    published, title, ignored = raw.published, raw.title, find_ignored_spans(raw.text)
    for span in ignored:
        segment = raw.text[span.start : span.end]
        if span.reason == "date_marker" and published is None:
            match = _DATE_MARKER.match(raw.text)
            published = dt.date.fromisoformat(match.group(1)) if match else None
        elif span.reason == "byline" and published is None:
            published = _date_in(segment)
        elif span.reason == "title" and title is None:
            title = segment.strip()
    return Article(
        id=article_id,
        source=raw.source,
        title=title,
        published=published,
        path=raw.path,
        url=raw.url,
        text=raw.text,
        ignored=ignored,
    )


def _date_in(line: str) -> dt.date | None:
    cleaned = re.sub(r"^(?:by\b[^|,]*[|,]|published|updated|posted|last\s+updated)\s*:?", "", line, flags=re.I)
    parsed = parse_date_expression(cleaned.strip(" |:"), reference=None)
    return parsed.start if parsed and parsed.precision == "day" else None


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped line) for every non-blank line, offsets into `text`."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = match.start() + lead
            yield start, start + len(stripped), stripped


def find_ignored_spans(text: str) -> list[IgnoredSpan]:
    """Locate debris, title and byline lines; documented heuristics, conservative by design."""
    spans: list[IgnoredSpan] = []
    marker = _DATE_MARKER.match(text)
    body_start = marker.end() if marker else 0
    if marker:
        spans.append(IgnoredSpan(start=0, end=marker.end(), reason="date_marker"))
    for match in _INJECTION.finditer(text, body_start):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        spans.append(IgnoredSpan(start=start, end=match.end(), reason="suspected_injection"))
    lines = [(a + body_start, b + body_start, line) for a, b, line in _lines(text[body_start:])]
    author: str | None = None
    title_done = False
    for index, (start, end, line) in enumerate(lines):
        reason: IgnoredReason | None = None
        author_match = _AUTHOR_LINE.match(line)
        if _DEBRIS_LINE.match(line):
            reason = "debris"
        elif _CAPTION_LINE.search(line):
            reason = "caption"
        elif author_match and len(line) < 80:
            reason, author = "author_bio", author_match.group(1).strip()
        elif (author and line.startswith(author)) or _BIO_SENTENCE.match(line):
            reason = "author_bio"
        elif len(line) < 120 and _BYLINE.match(line) and not _TERMINAL.search(line.rstrip(".")):
            reason = "byline"
        elif not title_done and _looks_like_title(line, lines[index + 1 :]):
            reason = "title"
        if reason != "debris":
            title_done = title_done or reason is None or reason == "title"
        if reason:
            spans.append(IgnoredSpan(start=start, end=end, reason=reason))
    return sorted(spans, key=lambda s: s.start)


def _looks_like_title(line: str, rest: list[tuple[int, int, str]]) -> bool:
    words = line.split()
    return 2 <= len(words) <= 30 and not _TERMINAL.search(line) and bool(rest)


def _read_input(item: Input) -> Iterator[_Raw]:
    if isinstance(item, Article):
        yield _Raw(item.text, item.source, item.path, item.title, item.published, item.url)
    elif isinstance(item, Mapping):
        yield _raw_from_record(item, "<dict>", None)
    else:
        yield from _read_path(str(item))


def _read_path(name: str) -> Iterator[_Raw]:
    path = Path(name)
    if not path.exists():
        matches = sorted(glob.glob(name)) if glob.has_magic(name) else []
        if not matches:
            raise InputError(name, "no such file or directory")
        for match in matches:
            yield from _read_path(match)
        return
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSON_SUFFIXES and p.name not in SKIPPED_IN_FOLDERS
        )
        if not files:
            raise InputError(name, "directory holds no .txt, .md, .json or .jsonl files")
        for file in files:
            yield from _read_path(str(file))
        return
    text = _decode(name, path.read_bytes())
    if path.suffix.lower() in JSON_SUFFIXES:
        yield from _read_records(name, path, text)
    else:
        if not text.strip():
            raise InputError(name, "file is empty")
        yield _Raw(text=text, source=path.stem, path=name)


def _decode(name: str, data: bytes) -> str:
    if not data.strip():
        raise InputError(name, "file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (contains NUL bytes); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise InputError(
            name, f"not valid UTF-8 (byte 0x{bad} at offset {error.start}); re-save the file as UTF-8"
        ) from None


def _read_records(name: str, path: Path, text: str) -> Iterator[_Raw]:
    records: list[Any]
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(name, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
        if isinstance(data, Mapping) and isinstance(data.get("articles"), list):
            data = data["articles"]
        records = data if isinstance(data, list) else [data]
    else:
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise InputError(name, f"invalid JSON on line {number}: {error.msg}") from None
    if not records:
        raise InputError(name, "no records found")
    for number, record in enumerate(records, start=1):
        where = f"{name}#{number}" if len(records) > 1 else name
        if not isinstance(record, Mapping):
            raise InputError(where, "record is not a JSON object")
        yield _raw_from_record(record, where, path.stem if len(records) == 1 else f"{path.stem}#{number}")


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _raw_from_record(record: Mapping[str, Any], where: str, fallback_source: str | None) -> _Raw:
    text = _first(record, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, f"no article text (expected a non-empty string in one of: {', '.join(TEXT_KEYS)})")
    url = _first(record, URL_KEYS)
    source = _first(record, SOURCE_KEYS) or _domain(url) or fallback_source or "source"
    published = _first(record, DATE_KEYS)
    return _Raw(
        text=text,
        source=str(source),
        path=where if where != "<dict>" else None,
        title=_first(record, TITLE_KEYS),
        published=_coerce_date(published, where),
        url=str(url) if url else None,
    )


def _domain(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    match = re.match(r"^[a-z]+://(?:www\.)?([^/]+)", url)
    return match.group(1) if match else None


def _coerce_date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        parsed = parse_date_expression(text, reference=None)
        if parsed is None:
            raise InputError(where, f"unreadable published date {text!r}") from None
        return parsed.start
