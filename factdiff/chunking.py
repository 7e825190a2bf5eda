"""Stage 2, chunk: token-bounded windows of whole sentences that overlap by a few sentences."""

from __future__ import annotations

from .models import Article, Chunk
from .sentences import Sentence, split_sentences
from .tokens import DEFAULT_ENCODING, get_encoding


def chunk_article(
    article: Article,
    max_tokens: int = 600,
    overlap_sentences: int = 1,
    sentences: list[Sentence] | None = None,
    encoding: str = DEFAULT_ENCODING,
) -> list[Chunk]:
    """Pack consecutive sentences into chunks of at most `max_tokens` (a longer sentence stands alone)."""
    if max_tokens < 1 or overlap_sentences < 0:
        raise ValueError("max_tokens must be positive and overlap_sentences non-negative")
    sentences = split_sentences(article) if sentences is None else sentences
    if not sentences:
        return []
    encoder = get_encoding(encoding)
    counts = [len(encoder.encode(s.text, disallowed_special=())) for s in sentences]
    chunks: list[Chunk] = []
    first = 0
    while first < len(sentences):
        last, total = first, counts[first]
        while last + 1 < len(sentences) and total + counts[last + 1] <= max_tokens:
            last += 1
            total += counts[last]
        start, end = sentences[first].start, sentences[last].end
        chunk_text = article.text[start:end]
        chunks.append(
            Chunk(
                article_id=article.id,
                index=len(chunks),
                start=start,
                end=end,
                tokens=len(encoder.encode(chunk_text, disallowed_special=())),
                text=chunk_text,
            )
        )
        if last + 1 >= len(sentences):
            break
        # Step back for overlap, but always move forward by at least one sentence.
        first = max(first + 1, last + 1 - overlap_sentences)
    return chunks
