from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from factdiff.chunking import chunk_article
from factdiff.ground import locate
from factdiff.models import Article
from factdiff.sentences import split_sentences
from factdiff.tokens import count_tokens

WORDS = st.sampled_from(["the", "mayor", "said", "on", "Friday", "that", "42", "people", "left", "“quoted”", "U.S."])
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
TEXT = st.lists(SENTENCE, min_size=1, max_size=30).map(lambda s: " ".join(s))


@settings(max_examples=60, deadline=None)
@given(TEXT, st.integers(min_value=8, max_value=80), st.integers(min_value=0, max_value=2))
def test_chunks_are_sentence_aligned_overlapping_and_bounded(text: str, max_tokens: int, overlap: int) -> None:
    article = Article(id="A1", source="s", text=text)
    sentences = split_sentences(article)
    chunks = chunk_article(article, max_tokens=max_tokens, overlap_sentences=overlap, sentences=sentences)
    starts = {s.start for s in sentences}
    ends = {s.end for s in sentences}
    assert chunks[0].start == sentences[0].start and chunks[-1].end == sentences[-1].end
    for chunk in chunks:
        assert article.text[chunk.start : chunk.end] == chunk.text
        assert chunk.start in starts and chunk.end in ends
        inside = [s for s in sentences if chunk.start <= s.start and s.end <= chunk.end]
        assert chunk.tokens <= max_tokens + len(inside) or len(inside) == 1
    for earlier, later in itertools.pairwise(chunks):
        assert later.start > earlier.start
        earlier_sentences = [s for s in sentences if earlier.start <= s.start and s.end <= earlier.end]
        if overlap and len(earlier_sentences) > 1:
            assert later.start < earlier.end  # consecutive chunks share at least one sentence


def test_tiktoken_counts_offline() -> None:
    assert count_tokens("hello world") == 2


TEXT_WITH_QUOTES = "The envoy said: “NATO’s door is open,”   adding that talks   would continue."


def test_locate_exact_normalised_fuzzy_and_absent() -> None:
    start = TEXT_WITH_QUOTES.index("talks")
    assert locate("talks   would continue", TEXT_WITH_QUOTES) == (start, start + len("talks   would continue"))
    span = locate('"NATO\'s door is open," adding', TEXT_WITH_QUOTES)
    assert span is not None and TEXT_WITH_QUOTES[span[0] : span[1]].startswith("“NATO’s")
    fuzzy = locate("adding that the talks would continue", TEXT_WITH_QUOTES)
    assert fuzzy is not None and "talks" in TEXT_WITH_QUOTES[fuzzy[0] : fuzzy[1]]
    assert locate("the minister resigned in protest", TEXT_WITH_QUOTES) is None


@settings(max_examples=80, deadline=None)
@given(TEXT, st.data())
def test_any_substring_is_located_exactly(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    quote = text[start:end]
    if not quote.strip():
        return
    found = locate(quote, text)
    assert found is not None
    assert text[found[0] : found[1]] == quote.strip()
