"""Engine configuration: tolerances, windows, weights, thresholds and search bounds.

All values have defaults tuned on the synthetic ground truth (see docs/reconciliation.md);
a tenant can override any of them. Money limits are ``Decimal``, weights are log-odds.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class Tolerances(BaseModel):
    """Differences between what was due and what moved that are normal in Brazil."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rounding: Decimal = Field(default=Decimal("0.05"), ge=0, description="cents of rounding")
    max_fee: Decimal = Field(
        default=Decimal("15.00"), ge=0, description="largest bank fee deducted from a credit"
    )
    late_fine_pct: Decimal = Field(default=Decimal("2"), ge=0, description="fine for paying late")
    monthly_interest_pct: Decimal = Field(
        default=Decimal("1"), ge=0, description="late interest per 30 days, pro rata by day"
    )
    max_discount_pct: Decimal = Field(
        default=Decimal("5"), ge=0, description="largest discount for paying early"
    )


class Windows(BaseModel):
    """Date windows, in calendar days, in which a transaction may pay a document."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    before_issue: int = Field(default=3, ge=0, description="posted at most this before issue")
    after_due: int = Field(default=120, ge=0, description="posted at most this after due date")
    on_time_business_days: int = Field(default=2, ge=0, description="lag still counted on time")


class Weights(BaseModel):
    """Log-odds contributions of each signal; the score is the logistic of their sum."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prior: float = -2.0
    amount_exact: float = 2.5
    amount_rounding: float = 2.0
    amount_fee: float = 1.0
    amount_interest: float = 1.0
    amount_discount: float = 1.0
    amount_partial: float = -0.5
    amount_mismatch: float = -3.0
    date_on_time: float = 1.0
    date_early_base: float = 0.5
    date_early_per_business_day: float = -0.03
    date_early_floor: float = -0.5
    date_late_base: float = 0.6
    date_late_per_business_day: float = -0.06
    date_late_floor: float = -1.0
    date_before_issue: float = -3.0
    tax_id_match: float = 4.0
    tax_id_alias: float = 3.0
    tax_id_conflict: float = -6.0
    name_strong: float = 3.0
    name_medium: float = 1.5
    name_weak: float = 0.5
    name_different: float = -1.5
    name_with_tax_id: float = 0.5
    document_number: float = 2.0
    hard_key: float = 6.0
    habit: float = 0.5
    many_items_per_extra: float = -0.3
    interchangeable_member: float = -3.0


class Thresholds(BaseModel):
    """Score limits for the three outcomes, and the margin that makes a rival "close"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    automatic: float = Field(default=0.95, gt=0, lt=1)
    suggestion: float = Field(default=0.30, gt=0, lt=1)
    rival_margin: float = Field(
        default=2.0, ge=0, description="log-odds a match must lead any rival by to be automatic"
    )
    max_suggestions: int = Field(default=3, ge=1)


class Bounds(BaseModel):
    """Limits that keep every search polynomial; see docs/reconciliation.md."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exact_amount_candidates: int = Field(
        default=8, ge=1, description="same-amount sides of unnamed counterparties per transaction"
    )
    fee_window_candidates: int = Field(default=3, ge=0, description="per transaction")
    partial_candidates: int = Field(default=3, ge=0, description="per transaction")
    candidates_per_item: int = Field(
        default=5, ge=1, description="best candidates kept per document side and transaction"
    )
    fix_margin: float = Field(
        default=1.0, ge=0, description="log-odds lead over every rival that fixes a candidate"
    )
    name_block_max_counterparties: int = Field(
        default=60, ge=1, description="a memo token shared by more is not used to block"
    )
    subset_items: int = Field(default=16, ge=2, description="items one subset search sees")
    subset_size: int = Field(default=6, ge=2, description="largest group in N:1 or 1:N")
    many_documents: int = Field(default=12, ge=2, description="documents per N:M block")
    many_transactions: int = Field(default=8, ge=2, description="transactions per N:M block")
    search_nodes: int = Field(default=20000, ge=100, description="branch-and-bound node budget")


class EngineConfig(BaseModel):
    """Everything the engine can be tuned by."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tolerances: Tolerances = Tolerances()
    windows: Windows = Windows()
    weights: Weights = Weights()
    thresholds: Thresholds = Thresholds()
    bounds: Bounds = Bounds()
    own_tax_ids: frozenset[str] = frozenset()
    own_account_ids: frozenset[str] = frozenset()
