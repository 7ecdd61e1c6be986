"""The build's peak is Material's search writing its index (`on_post_build`): the plugin gives
the memory the build freed back to the system just before (`session.return_freed_memory`)."""

from __future__ import annotations

import platform
from typing import Any

import pytest

from annotated_report import session
from helpers import make_project
from test_session import ONE, SEEDS, TWO, fresh_build


def test_the_c_library_trim_is_found_exactly_on_glibc():
    assert (session.malloc_trim() is not None) == (platform.libc_ver()[0] == "glibc")
    session.return_freed_memory()  # and calling it is harmless wherever it runs


def test_freed_memory_goes_back_before_search_writes_its_index(tmp_path, monkeypatch: pytest.MonkeyPatch):
    import material.plugins.search.plugin as search

    calls: list[str] = []
    monkeypatch.setattr("annotated_report.plugin.return_freed_memory", lambda: calls.append("returned"))
    write_index = search.SearchPlugin.on_post_build

    def on_post_build(self: Any, *, config: Any) -> None:
        calls.append("search index")
        write_index(self, config=config)

    monkeypatch.setattr(search.SearchPlugin, "on_post_build", on_post_build)
    root = make_project(tmp_path / "site", {"one.yml": ONE, "two.yml": TWO}, seeds=SEEDS, with_cambodia=False)
    fresh_build(root)
    assert calls == ["returned", "search index"]
    assert (root / "site" / "search" / "search_index.json").is_file()
