"""Reconciliation engine: matches fiscal document sides with bank transactions.

Pure library (no database, network or I/O). Start with ``reconcile``; the input model is
in ``model``, the output in ``decisions``, the rules language in ``rules``, per-tenant
learning in ``learning``. See docs/reconciliation.md.
"""

from backend.reconciliation.config import Bounds, EngineConfig, Thresholds, Tolerances, Weights
from backend.reconciliation.decisions import (
    Allocation,
    DecidedBy,
    Match,
    MatchKind,
    MatchStatus,
    PriorDecision,
    PriorStatus,
    ReconcileResult,
    SetAside,
    Undo,
)
from backend.reconciliation.dry_run import RuleChange, dry_run
from backend.reconciliation.engine import reconcile
from backend.reconciliation.learning import (
    Feedback,
    FeedbackTransaction,
    TenantHistory,
    Verdict,
    calibrate_threshold,
    learn,
)
from backend.reconciliation.model import (
    Direction,
    Document,
    DocumentRef,
    DocumentReferences,
    DocumentStatus,
    Transaction,
    TransactionReferences,
    TransactionSource,
    TransactionType,
)
from backend.reconciliation.reasons import Reason
from backend.reconciliation.rules import RulesError, RuleSet, load_rules, parse_rules

__all__ = [
    "Allocation",
    "Bounds",
    "DecidedBy",
    "Direction",
    "Document",
    "DocumentRef",
    "DocumentReferences",
    "DocumentStatus",
    "EngineConfig",
    "Feedback",
    "FeedbackTransaction",
    "Match",
    "MatchKind",
    "MatchStatus",
    "PriorDecision",
    "PriorStatus",
    "Reason",
    "ReconcileResult",
    "RuleChange",
    "RuleSet",
    "RulesError",
    "SetAside",
    "TenantHistory",
    "Thresholds",
    "Tolerances",
    "Transaction",
    "TransactionReferences",
    "TransactionSource",
    "TransactionType",
    "Undo",
    "Verdict",
    "Weights",
    "calibrate_threshold",
    "dry_run",
    "learn",
    "load_rules",
    "parse_rules",
    "reconcile",
]
