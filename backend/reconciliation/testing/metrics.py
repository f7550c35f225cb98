"""Scoring the engine against generated ground truth: precision, recall, per scenario."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from backend.reconciliation.decisions import Match, MatchStatus, ReconcileResult
from backend.reconciliation.model import DocumentRef
from backend.reconciliation.testing.generator import World


@dataclass
class ScenarioFigures:
    """Counts for one scenario (true links, and matches attributed to it)."""

    true_links: int = 0
    matched_links: int = 0
    found_links: int = 0  # among matches and suggestions
    matches: int = 0
    wrong_matches: int = 0


@dataclass
class Figures:
    """What the benchmark prints and the tests check."""

    matches: int = 0
    wrong_matches: int = 0
    true_links: int = 0
    matched_true_links: int = 0
    found_true_links: int = 0
    cancelled_matched: int = 0
    per_scenario: dict[str, ScenarioFigures] = field(default_factory=dict)
    wrong_examples: list[Match] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of automatic matches whose every link is true."""
        return 1.0 if not self.matches else 1 - self.wrong_matches / self.matches

    @property
    def recall(self) -> float:
        """Share of true links matched automatically."""
        return 1.0 if not self.true_links else self.matched_true_links / self.true_links

    @property
    def found(self) -> float:
        """Share of true links among matches plus suggestions."""
        return 1.0 if not self.true_links else self.found_true_links / self.true_links


def _links(m: Match) -> set[tuple[DocumentRef, str]]:
    # Every document of a match with every transaction of it: an N:M settlement (or a
    # three-way match) links all of them, whatever the allocation order says.
    return {(d, t) for d in m.documents for t in m.transactions}


def evaluate(world: World, result: ReconcileResult) -> Figures:
    """Compare a result with the truth of the world it was computed on."""
    truth = world.true_pairs
    scenario_of_link = {(lk.document, lk.transaction): lk.scenario for lk in world.links}
    cancelled = world.cancelled
    figures = Figures(true_links=len(truth))
    per: dict[str, ScenarioFigures] = defaultdict(ScenarioFigures)
    for lk in world.links:
        per[lk.scenario].true_links += 1
    matched: set[tuple[DocumentRef, str]] = set()
    found: set[tuple[DocumentRef, str]] = set()
    for m in result.matches:
        links = _links(m)
        found |= links
        if m.status is not MatchStatus.MATCHED:
            continue
        matched |= links
        figures.matches += 1
        wrong = not links <= truth
        scenario = next(
            (scenario_of_link[lk] for lk in sorted(links, key=str) if lk in scenario_of_link),
            "false:" + world.transaction_scenario.get(m.transactions[0], "?"),
        )
        per[scenario].matches += 1
        if wrong:
            figures.wrong_matches += 1
            per[scenario].wrong_matches += 1
            if len(figures.wrong_examples) < 20:
                figures.wrong_examples.append(m)
        figures.cancelled_matched += sum(ref in cancelled for ref in m.documents)
    for link in truth:
        scenario = scenario_of_link[link]
        if link in matched:
            figures.matched_true_links += 1
            per[scenario].matched_links += 1
        if link in found:
            figures.found_true_links += 1
            per[scenario].found_links += 1
    figures.per_scenario = dict(sorted(per.items()))
    return figures
