"""Sentence splitting with exact offsets, over the analysed parts of an article.

syntok does the splitting (fast, keeps offsets, knows abbreviations such as "U.S." and "Jan.");
we only add paragraph boundaries and a split after a closing quote that ends a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import syntok.segmenter as segmenter

from .models import Article

_QUOTE_BOUNDARY = re.compile(r"(?<=[.!?…][”\"’])\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    text: str


def analysed_regions(article: Article) -> list[tuple[int, int]]:
    """Stretches of `article.text` outside its ignored spans."""
    regions, cursor = [], 0
    for span in sorted(article.ignored, key=lambda s: s.start):
        if span.start > cursor:
            regions.append((cursor, span.start))
        cursor = max(cursor, span.end)
    if cursor < len(article.text):
        regions.append((cursor, len(article.text)))
    return regions


def _paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for match in re.finditer(r"[^\n]+", text[start:end]):
        if match.group().strip():
            yield start + match.start(), start + match.end()


def split_sentences(article: Article) -> list[Sentence]:
    text = article.text
    sentences: list[Sentence] = []
    paragraph = 0
    for region_start, region_end in analysed_regions(article):
        for para_start, para_end in _paragraphs(text, region_start, region_end):
            chunk = text[para_start:para_end]
            for parsed in segmenter.analyze(chunk):
                for tokens in parsed:
                    if not tokens:
                        continue
                    start = para_start + tokens[0].offset
                    end = para_start + tokens[-1].offset + len(tokens[-1].value)
                    sentences.extend(_split_at_quotes(text, start, end, paragraph))
            paragraph += 1
    return sentences


def _split_at_quotes(text: str, start: int, end: int, paragraph: int) -> Iterator[Sentence]:
    cursor = start
    for match in _QUOTE_BOUNDARY.finditer(text, start, end):
        yield Sentence(cursor, match.start(), paragraph, text[cursor : match.start()])
        cursor = match.end()
    if text[cursor:end].strip():
        yield Sentence(cursor, end, paragraph, text[cursor:end])
