"""The milestone catalogue: a user's own file replaces the default; a malformed one is refused."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.errors import ResourceError
from extractor.milestones import load_catalogue


def test_user_catalogue_replaces_the_default(tmp_path: Any) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text('{"key": "river_patrol", "name": "巡河", "triggers": ["巡河"]}\n', encoding="utf-8")
    cat = load_catalogue(str(path))
    assert cat.keys() == ["river_patrol"]
    assert cat.match("县河长开展巡河")[0].key == "river_patrol"
    assert cat.match("召开动员大会") is None


def test_malformed_catalogue_names_file_and_line(tmp_path: Any) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"key": "a", "name": "甲", "triggers": ["x"]}\n{"key": "b"}\n', encoding="utf-8")
    with pytest.raises(ResourceError, match="bad.jsonl:2"):
        load_catalogue(str(path))
