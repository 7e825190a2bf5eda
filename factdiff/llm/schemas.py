"""What the model must answer, per stage: bounded pydantic schemas (bounds keep local models from running away)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ExtractedClaim(_Answer):
    text: str = Field(max_length=400, description="one atomic, self-contained assertion; no unresolved pronouns")
    quote: str = Field(max_length=600, description="the exact words of the article that state it, copied verbatim")
    kind: Literal["fact", "quote", "opinion"] = "fact"
    attribution: str | None = Field(default=None, max_length=120, description="who asserts it; null if the outlet")
    anonymous: bool = Field(default=False, description="true when credited to unnamed sources")


class Extraction(_Answer):
    claims: list[ExtractedClaim] = Field(default_factory=list, max_length=40)


class Verdict(_Answer):
    pair: int = Field(ge=0, le=999)
    relation: Literal["same", "conflicting", "refines", "unrelated"]
    kind: Literal["date", "number", "name", "attribution", "fact", "characterization"] | None = None
    explanation: str = Field(default="", max_length=300)


class Adjudication(_Answer):
    verdicts: list[Verdict] = Field(default_factory=list, max_length=20)


class WrittenSentence(_Answer):
    text: str = Field(max_length=500)
    claim_ids: list[str] = Field(default_factory=list, max_length=10)


class WrittenBrief(_Answer):
    sentences: list[WrittenSentence] = Field(default_factory=list, max_length=30)
