"""Every shell example of README.md and docs/*.md runs against a real API and real files.

The conventions are in tests/docs/doccheck.py and README.md ("Examples are checked").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.docs.conftest import DocApi
from tests.docs.doccheck import (
    Page,
    pages,
    placeholders,
    read_page,
    run_block,
    shape_mismatches,
    stray_markers,
)

PAGES = [read_page(path, REPO_ROOT) for path in pages(REPO_ROOT)]


RUN_PAGES = [page for page in PAGES if any(block.runs for block in page.blocks)]


def test_markers_mark_shell_blocks_and_say_why() -> None:
    problems = [p for path in pages(REPO_ROOT) for p in stray_markers(path, REPO_ROOT)]
    assert not problems, problems


def test_blocks_that_run_have_no_placeholders() -> None:
    found = {
        block.where: placeholders(block)
        for page in PAGES
        for block in page.blocks
        if block.runs and placeholders(block)
    }
    assert not found, f"pass values in shell variables (TOKEN=$(…)), not placeholders: {found}"


@pytest.mark.parametrize("page", RUN_PAGES, ids=[page.path for page in RUN_PAGES])
def test_examples_run(
    page: Page, doc_api: DocApi, shell_env: dict[str, str], scratch: Path, tmp_path: Path
) -> None:
    """The page's blocks in order, as one reader pasting them into one shell."""
    log = tmp_path / "http"
    log.mkdir()
    state = tmp_path / "state.sh"
    state.touch()
    env = {**shell_env, "DOC_STATE": str(state), "DOC_HTTP_LOG": str(log)}
    for block in page.blocks:
        if not block.runs:
            continue
        run = run_block(block, cwd=scratch, env=env, base_url=doc_api.base_url)
        assert run.returncode == 0, f"{block.where} exited {run.returncode}:\n{run.output}"
        for exchange in run.exchanges:
            problem = exchange.problem()
            assert problem is None, (
                f"{block.where}: {exchange.command}\nanswered {problem}: {exchange.body}"
            )
        answer = page.answers.get(block)
        if answer is None:
            continue
        assert run.exchanges, f"{answer.where} shows an answer but {block.where} called nothing"
        try:
            documented = json.loads(answer.text)
        except ValueError as exc:
            raise AssertionError(f"{answer.where}: the documented answer is not JSON") from exc
        mismatches = shape_mismatches(documented, run.exchanges[-1].json())
        assert not mismatches, f"{answer.where} is not what {block.where} answers: {mismatches}"
