"""The data model: every object the pipeline produces, and the JSON contract of a briefing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ClaimKind = Literal["fact", "quote", "opinion"]
SlotKind = Literal["date", "time", "number", "money", "percent", "name"]
DiscrepancyKind = Literal["date", "number", "name", "attribution", "fact", "characterization"]
UnsupportedReason = Literal["single_source", "anonymous_source", "contradicted", "ungrounded"]
IgnoredReason = Literal["date_marker", "byline", "title", "debris", "author_bio", "caption", "suspected_injection"]

DISCREPANCY_KINDS: tuple[DiscrepancyKind, ...] = (
    "date",
    "number",
    "name",
    "attribution",
    "fact",
    "characterization",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IgnoredSpan(_Model):
    """A stretch of article text left out of the analysis (page debris, title, byline)."""

    start: int
    end: int
    reason: IgnoredReason


class Article(_Model):
    """One source text. Every offset anywhere in a briefing indexes `text`."""

    id: str
    source: str
    title: str | None = None
    published: dt.date | None = None
    path: str | None = None
    url: str | None = None
    text: str
    ignored: list[IgnoredSpan] = Field(default_factory=list)


class Chunk(_Model):
    """A token-bounded, sentence-aligned window of an article."""

    article_id: str
    index: int
    start: int
    end: int
    tokens: int
    text: str


class Evidence(_Model):
    """An exact span of an article: `quote == article.text[start:end]`."""

    article_id: str
    start: int
    end: int
    quote: str


class Slot(_Model):
    """A typed value found in a claim (a date, a number, a name), normalised for comparison."""

    kind: SlotKind
    text: str
    value: str
    start: int
    end: int
    unit: str | None = None
    approximate: bool = False
    context: list[str] = Field(default_factory=list)


class Claim(_Model):
    """One atomic assertion of one article, grounded in its text."""

    id: str
    article_id: str
    text: str
    kind: ClaimKind
    attribution: str | None = None
    anonymous: bool = False
    evidence: list[Evidence]
    slots: list[Slot] = Field(default_factory=list)
    grounded: bool = True


class Fact(_Model):
    """A statement corroborated by at least two articles."""

    id: str
    statement: str
    claim_ids: list[str]
    article_ids: list[str]


class Side(_Model):
    """One side of a disagreement: what is said, by which claims, in which articles."""

    statement: str
    claim_ids: list[str]
    article_ids: list[str]
    value: str | None = None
    words: str | None = None  # the side's own wording of the value ("March 30" for 2023-03-30)


class Discrepancy(_Model):
    id: str
    topic: str
    kind: DiscrepancyKind
    sides: list[Side]
    explanation: str


class Unsupported(_Model):
    claim_id: str
    article_id: str
    reason: UnsupportedReason
    explanation: str


class BriefSentence(_Model):
    text: str
    claim_ids: list[str]
    section: str = ""


class Brief(_Model):
    markdown: str
    sentences: list[BriefSentence]


class Usage(_Model):
    """Model-call accounting; all zero for the offline engine."""

    llm_calls: int = 0
    cached_calls: int = 0
    failed_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    seconds: float = 0.0
    stages: dict[str, dict[str, float]] = Field(default_factory=dict)


class Problem(_Model):
    """Something that went wrong for one input or one unit of work, without stopping the run."""

    stage: str
    message: str
    path: str | None = None
    article_id: str | None = None

    @classmethod
    def about(cls, article: Article, stage: str, message: str) -> Problem:
        """A problem with one article, naming its file."""
        return cls(stage=stage, message=message, path=article.path, article_id=article.id)


class Duplicate(_Model):
    """An input whose text is identical to an article already analysed."""

    path: str | None
    source: str
    duplicate_of: str


class Briefing(_Model):
    """The result of a run: the JSON contract in DESIGN.md, plus renderers."""

    factdiff_version: str
    engine: str
    created_at: dt.datetime
    articles: list[Article]
    claims: list[Claim]
    facts: list[Fact]
    discrepancies: list[Discrepancy]
    unsupported: list[Unsupported]
    brief: Brief
    usage: Usage = Field(default_factory=Usage)
    problems: list[Problem] = Field(default_factory=list)
    duplicates: list[Duplicate] = Field(default_factory=list)

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)

    def claim(self, claim_id: str) -> Claim:
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(claim_id)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_markdown(self) -> str:
        from .render_markdown import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        from .render_html import render_html

        html: str = render_html(self)
        return html

    def save(self, directory: str | Path, formats: tuple[str, ...] = ("json", "md")) -> list[Path]:
        """Write `briefing.<format>` files into `directory`; returns the paths written."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        writers = {"json": self.to_json, "md": self.to_markdown, "html": self.to_html}
        written = []
        for fmt in formats:
            if fmt not in writers:
                raise ValueError(f"unknown format {fmt!r}; expected one of {sorted(writers)}")
            path = out / f"briefing.{fmt}"
            path.write_text(writers[fmt](), encoding="utf-8")
            written.append(path)
        return written

    @classmethod
    def from_json(cls, data: str | bytes) -> Briefing:
        return cls.model_validate_json(data)


def briefing_schema() -> str:
    """The JSON Schema of `briefing.json`."""
    return json.dumps(Briefing.model_json_schema(), indent=2)
