"""Accuracy on generated ground truth (the benchmark measures the same at scale)."""

from __future__ import annotations

import pytest

from backend.reconciliation import EngineConfig, reconcile
from backend.reconciliation.testing.generator import DEFAULT_MIX, generate
from backend.reconciliation.testing.metrics import Figures, evaluate

HARD_KEY_SCENARIOS = (
    "boleto_bank",
    "boleto_cnab",
    "pix_txid",
    "payable_access_key",
    "payable_boleto_line",
)


def figures(
    size: int, seed: int, mix: dict[str, float] | None = None, customers: int | None = None
) -> Figures:
    world = generate(size, seed=seed, mix=mix, customers=customers)
    result = reconcile(
        world.documents, world.transactions, config=EngineConfig(own_tax_ids=world.own_tax_ids)
    )
    return evaluate(world, result)


@pytest.mark.parametrize("seed", [11, 12])
def test_targets_on_a_realistic_mix(seed: int) -> None:
    found = figures(3000, seed)
    assert found.cancelled_matched == 0
    assert found.precision >= 0.995, found.wrong_examples[:3]
    assert found.recall >= 0.90
    assert found.found >= 0.98
    for scenario in HARD_KEY_SCENARIOS:
        figures_of = found.per_scenario[scenario]
        assert figures_of.matched_links == figures_of.true_links, scenario


@pytest.mark.parametrize("scenario", sorted(s for s in DEFAULT_MIX if not s.startswith("decoy")))
def test_every_scenario_alone_with_decoys(scenario: str) -> None:
    mix = {
        scenario: 10.0,
        "decoy_same_amount": 1.0,
        "decoy_cancelled": 1.0,
        "decoy_fee": 1.0,
        "decoy_own_transfer": 1.0,
        "noise": 1.0,
    }
    # One customer per document: a world made of one scenario only would otherwise give
    # each customer several overlapping cases of it, which no real ledger looks like.
    found = figures(300, seed=5, mix=mix, customers=300)
    assert found.cancelled_matched == 0
    assert found.precision >= 0.98, (scenario, found.wrong_examples[:2])
    if scenario in ("unpaid", "noise"):
        return
    mine = found.per_scenario[scenario]
    floor = 0.0 if scenario == "exact_bare" else 0.6  # a bare memo is never automatic
    assert mine.matched_links >= floor * mine.true_links, scenario
    assert mine.found_links >= 0.8 * mine.true_links, scenario
