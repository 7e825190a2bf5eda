from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import factdiff
from factdiff.errors import InputError
from factdiff.sentences import analysed_regions

PAGE = """ date 2024-05-02 Storm closes coastal highway

×

Officials closed the coastal highway on Wednesday after a landslide buried two lanes.

Also Read | Ten best beaches this summer

Watch | Drone footage of the slide

WATCH NEWS24 LIVE HERE

Author: Sam Reyes

Sam Reyes is a senior reporter at the Coast Tribune covering transport.
"""


def test_txt_debris_is_ignored_but_offsets_still_index_the_raw_text(tmp_path: Path) -> None:
    path = tmp_path / "tribune.txt"
    path.write_text(PAGE, encoding="utf-8")
    loaded = factdiff.load(path)
    article = loaded.articles[0]
    assert article.text == PAGE
    assert article.published == dt.date(2024, 5, 2)
    assert article.title == "Storm closes coastal highway"
    assert article.source == "tribune"
    analysed = " ".join(PAGE[a:b] for a, b in analysed_regions(article))
    assert "landslide buried two lanes" in analysed
    for debris in ("×", "Also Read", "Watch |", "LIVE HERE", "Sam Reyes is a senior reporter", "date 2024"):
        assert debris not in analysed, debris
    for span in article.ignored:
        if span.reason != "date_marker":
            assert PAGE[span.start : span.end].strip() == PAGE[span.start : span.end]


def test_dated_byline_sets_published(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Bridge reopens\n\nBy Ana Li | Published March 3, 2025\n\nThe bridge reopened on Monday.\n")
    article = factdiff.load(path).articles[0]
    assert article.published == dt.date(2025, 3, 3)
    assert article.title == "Bridge reopens"


def test_json_and_jsonl_records(tmp_path: Path) -> None:
    (tmp_path / "feed.json").write_text(
        json.dumps(
            [
                {
                    "body": "The mayor resigned on Friday.",
                    "title": "Mayor quits",
                    "outlet": "Daily",
                    "date": "2024-02-02",
                },
                {"text": "The mayor stepped down.", "url": "https://www.example.org/x"},
            ]
        )
    )
    (tmp_path / "more.jsonl").write_text(json.dumps({"content": "A third report.", "source": "Wire"}) + "\n")
    loaded = factdiff.load(tmp_path / "feed.json", tmp_path / "more.jsonl")
    assert [a.source for a in loaded.articles] == ["Daily", "example.org", "Wire"]
    assert loaded.articles[0].published == dt.date(2024, 2, 2)
    assert loaded.articles[0].title == "Mayor quits"
    assert loaded.articles[1].url == "https://www.example.org/x"


def test_directory_skips_gold_and_identical_articles_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The dam held after the storm, engineers said.")
    (tmp_path / "b.txt").write_text("The dam held after the storm,   engineers said.")
    (tmp_path / "gold.json").write_text("{}")
    loaded = factdiff.load(tmp_path)
    assert len(loaded.articles) == 1
    assert loaded.duplicates[0].duplicate_of == "A1"
    assert loaded.duplicates[0].path is not None and loaded.duplicates[0].path.endswith("b.txt")
    assert not loaded.problems


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin.txt", "Caf\u00e9 owners protest".encode("latin-1"), "not valid UTF-8"),
        ("broken.json", b"{not json", "invalid JSON"),
        ("notext.json", b'{"title": "no body"}', "no article text"),
    ],
)
def test_bad_inputs_name_the_file_and_do_not_stop_the_others(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Rescuers reached the village on Sunday.")
    bad = tmp_path / name
    bad.write_bytes(content)
    loaded = factdiff.load(good, bad)
    assert len(loaded.articles) == 1
    assert len(loaded.problems) == 1
    assert loaded.problems[0].path == str(bad)
    assert problem in loaded.problems[0].message
    with pytest.raises(InputError, match=name):
        factdiff.load(bad, strict=True)


def test_missing_path_and_glob(tmp_path: Path) -> None:
    loaded = factdiff.load(tmp_path / "nope.txt", str(tmp_path / "*.none"))
    assert [p.message for p in loaded.problems] == ["no such file or directory"] * 2
    (tmp_path / "x1.txt").write_text("One report of the flood.")
    (tmp_path / "x2.txt").write_text("Another report of the flood.")
    assert len(factdiff.load(str(tmp_path / "x*.txt")).articles) == 2


def test_zero_articles_raise(tmp_path: Path) -> None:
    with pytest.raises(factdiff.NoArticlesError):
        factdiff.diff(factdiff.load(tmp_path / "missing.txt"))


def test_an_article_without_claims_is_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "debris.txt").write_text("×\n\nAlso Read | Ten best beaches this summer\n")
    (tmp_path / "a.txt").write_text("The mayor said 40 people attended the hearing on Friday, March 6, 2026.")
    (tmp_path / "b.txt").write_text("The mayor said 45 people attended the hearing on Friday, March 6, 2026.")
    briefing = factdiff.diff(factdiff.load(sorted(tmp_path.glob("*.txt"))))
    empty = [p for p in briefing.problems if p.stage == "extract"]
    assert len(empty) == 1 and empty[0].path is not None and empty[0].path.endswith("debris.txt")
    assert [d.kind for d in briefing.discrepancies] == ["number"]
