from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from .conftest import EXAMPLES, ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factdiff", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def _check_briefing(out: Path) -> dict:
    schema = json.loads(run("schema").stdout)
    data = json.loads((out / "briefing.json").read_text())
    jsonschema.validate(data, schema)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for claim in data["claims"]:
        for evidence in claim["evidence"]:
            assert texts[evidence["article_id"]][evidence["start"] : evidence["end"]] == evidence["quote"]
    return data


def test_brief_writes_valid_json_and_markdown(tmp_path: Path) -> None:
    result = run("brief", str(EXAMPLES / "transit-levy"), "-o", str(tmp_path), "--format", "md,json")
    assert result.returncode == 0, result.stderr
    data = _check_briefing(tmp_path)
    assert data["engine"] == "offline"
    markdown = (tmp_path / "briefing.md").read_text()
    assert "## Discrepancies" in markdown and len(data["discrepancies"]) >= 1


def test_markdown_to_stdout_without_out() -> None:
    result = run("brief", str(EXAMPLES / "harbor-fire"), "-q")
    assert result.returncode == 0
    assert result.stdout.startswith("# factdiff briefing")


def test_bad_inputs_exit_2_name_the_file_and_keep_the_rest(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("Caf\u00e9".encode("latin-1"))
    good = sorted(str(p) for p in (EXAMPLES / "harbor-fire").glob("*.txt"))
    out = tmp_path / "out"
    result = run(
        "brief",
        *good,
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "latin.txt"),
        str(tmp_path / "missing.txt"),
        "-o",
        str(out),
    )
    assert result.returncode == 2
    for name, problem in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin.txt", "UTF-8"),
        ("missing.txt", "no such file"),
    ]:
        assert any(name in line and problem in line for line in result.stderr.splitlines()), (name, result.stderr)
    data = _check_briefing(out)
    assert len(data["articles"]) == len(good)
    assert len(data["problems"]) >= 4


def test_single_article_and_zero_articles(tmp_path: Path) -> None:
    single = run("brief", str(EXAMPLES / "harbor-fire" / "bay-times.txt"), "-o", str(tmp_path))
    assert single.returncode == 2
    assert "bay-times.txt" in single.stderr and "only one article" in single.stderr
    assert (tmp_path / "briefing.json").exists()
    zero = run("brief", str(tmp_path / "nothing-here.txt"))
    assert zero.returncode == 2
    assert "nothing-here.txt" in zero.stderr and "no articles" in zero.stderr


def test_claims_command_shows_attribution_and_slots() -> None:
    result = run("claims", str(EXAMPLES / "transit-levy" / "metro-transit-news.txt"))
    assert result.returncode == 0
    assert "(anonymous)" in result.stdout
    assert "date=2026-01-01" in result.stdout


def test_unknown_format_is_a_usage_error() -> None:
    result = run("brief", str(EXAMPLES / "harbor-fire"), "--format", "pdf")
    assert result.returncode == 2
    assert "unknown format" in result.stderr


def test_shared_corpus_acceptance(shared: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in (shared / "corpus" / "nato-india-2023").glob("*.txt"))
    result = run("brief", *files, "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = _check_briefing(tmp_path)
    assert len(data["articles"]) == len(files)
    assert data["discrepancies"], "the outlets disagree; at least one discrepancy must surface"
    assert data["facts"] and all(len(f["article_ids"]) >= 2 for f in data["facts"])
    reasons = {u["reason"] for u in data["unsupported"]}
    assert {"single_source", "anonymous_source"} <= reasons


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "[click](javascript:alert(1))"])
def test_markdown_escapes_article_text(tmp_path: Path, hostile: str) -> None:
    (tmp_path / "a.txt").write_text(f"The mayor said 40 people attended {hostile} on Friday, March 6, 2026.")
    (tmp_path / "b.txt").write_text("The mayor said 45 people attended on Friday, March 6, 2026.")
    result = run("brief", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-q")
    assert result.returncode == 0
    assert "<script>" not in result.stdout
    assert not re.search(r"(?<!\\)\]\(javascript:", result.stdout)  # brackets escaped: no live link
