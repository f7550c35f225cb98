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
    Block,
    Page,
    pages,
    placeholders,
    read_page,
    run_block,
    shape_mismatches,
    stray_markers,
)

# Blocks of pages that others own, not runnable in a test and not marked yet: page and
# the block's first line, with the reason. An entry that no longer names an unmarked
# block fails (test_not_runnable_elsewhere_is_still_needed), so marking it removes it.
NOT_RUNNABLE_ELSEWHERE = {
    ("docs/search.md", ".venv/bin/pytest tests/search tests/db -q"): (
        "runs part of the test suite: the suite is not run from inside itself"
    ),
    ("docs/search.md", "# a Meilisearch v1.x server, e.g. where Docker runs:"): (
        "needs Docker and a Meilisearch server"
    ),
}

PAGES = [read_page(path, REPO_ROOT) for path in pages(REPO_ROOT)]


def _excepted(block: Block) -> str | None:
    first = block.text.splitlines()[0] if block.text.strip() else ""
    return NOT_RUNNABLE_ELSEWHERE.get((block.page, first))


def _runs(block: Block) -> bool:
    return block.runs and _excepted(block) is None


SKIPPED = [
    block
    for page in PAGES
    for block in page.blocks
    if block.marked or (block.runs and _excepted(block) is not None)
]
RUN_PAGES = [page for page in PAGES if any(_runs(block) for block in page.blocks)]


def test_markers_mark_shell_blocks_and_say_why() -> None:
    problems = [p for path in pages(REPO_ROOT) for p in stray_markers(path, REPO_ROOT)]
    assert not problems, problems


def test_blocks_that_run_have_no_placeholders() -> None:
    found = {
        block.where: placeholders(block)
        for page in PAGES
        for block in page.blocks
        if _runs(block) and placeholders(block)
    }
    assert not found, f"pass values in shell variables (TOKEN=$(…)), not placeholders: {found}"


def test_not_runnable_elsewhere_is_still_needed() -> None:
    unmarked = {
        (block.page, block.text.splitlines()[0])
        for page in PAGES
        for block in page.blocks
        if block.runs
    }
    assert set(NOT_RUNNABLE_ELSEWHERE) <= unmarked


@pytest.mark.parametrize("block", SKIPPED, ids=[block.where for block in SKIPPED])
def test_not_run(block: Block) -> None:
    pytest.skip(f"{block.where}: {block.skip or _excepted(block)}")


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
        if not _runs(block):
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
