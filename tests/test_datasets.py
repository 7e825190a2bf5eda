"""Dataset metrics on hand-made cases, and the dataset adapters on a few real records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factdiff.datasets import adjusted_rand_index, balanced_accuracy, bcubed_f1

from .conftest import EXAMPLES, ROOT


def test_bcubed_and_ari_on_hand_made_clusterings() -> None:
    gold = ["a", "a", "b", "b", "c"]
    assert bcubed_f1(gold, [1, 1, 2, 2, 3]) == pytest.approx(1.0)
    assert adjusted_rand_index(gold, [7, 7, 8, 8, 9]) == pytest.approx(1.0)
    merged = bcubed_f1(gold, [0, 0, 0, 0, 0])
    split = bcubed_f1(gold, [0, 1, 2, 3, 4])
    assert merged < 1.0 and split < 1.0
    # B-cubed precision of one big cluster: (2/5*4 + 1/5*1) / 5 = 0.36; recall 1.0.
    assert merged == pytest.approx(2 * 0.36 / 1.36)
    assert adjusted_rand_index(gold, [0, 0, 0, 0, 0]) == pytest.approx(0.0)


def test_balanced_accuracy() -> None:
    assert balanced_accuracy([True, True, False, False], [True, False, False, False]) == pytest.approx(0.75)
    assert balanced_accuracy([True, False], [True, True]) == pytest.approx(0.5)


def _eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factdiff", "eval", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_eval_on_a_gold_cluster_writes_per_item_json(tmp_path: Path) -> None:
    result = _eval(str(EXAMPLES / "transit-levy"), "--json", str(tmp_path / "out.json"), "-q")
    assert result.returncode == 0, result.stderr
    assert "discrepancies / all" in result.stdout
    data = json.loads((tmp_path / "out.json").read_text())
    assert data["discrepancies"]["all"]["tp"] >= 1 and data["matches"]


@pytest.mark.parametrize(
    ("dataset", "metric"),
    [("nanco", "bcubed_f1"), ("summedits", "balanced_accuracy"), ("wice", "macro_f1"), ("fnc1", "precision")],
)
def test_dataset_adapters_run_on_real_records(shared: Path, tmp_path: Path, dataset: str, metric: str) -> None:
    result = _eval(str(shared / "datasets" / dataset), "--limit", "2", "--json", str(tmp_path / "r.json"), "-q")
    assert result.returncode == 0, result.stderr
    assert metric in result.stdout
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["items"] and all(0.0 <= v <= 1.0 or v >= -1.0 for v in data["metrics"].values())


def test_eval_rejects_an_unknown_folder(tmp_path: Path) -> None:
    result = _eval(str(tmp_path))
    assert result.returncode == 2
    assert str(tmp_path) in result.stderr
