"""The per-tenant rules language: declarative, versioned, validated, JSON Schema published.

A rule set is a JSON (or YAML) object::

    {"version": 3, "rules": [
      {"id": "tarifas", "priority": 10,
       "when": [{"type": "memo_contains", "any": ["TARIFA", "TAR PACOTE"]}],
       "then": {"type": "classify", "ledger_account": "3.1.2.01"}},
      {"id": "cliente-x-tolerancia", "priority": 20,
       "when": [{"type": "counterparty", "tax_ids": ["11222333000181"]},
                {"type": "amount_tolerance", "abs": "5.00"}],
       "then": {"type": "auto_match", "tolerance": {"abs": "5.00"}}}]}

Rules are evaluated in priority order (lower first, then by id); the first rule whose
conditions all hold decides. Transaction rules (``ignore_transaction``, ``classify``) see
one transaction; pair rules (``auto_match``, ``suggest_only``, ``require_review``) see a
candidate's documents and transactions. ``rules_schema.json`` beside this module is
generated from these models (a test fails when it drifts).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from backend.reconciliation import patterns
from backend.reconciliation.model import Document, Transaction
from backend.reconciliation.text import digits, normalize, read_memo

TransactionField = Literal[
    "transaction.memo",
    "transaction.type",
    "transaction.account_id",
    "transaction.amount",
    "transaction.posted_on",
    "transaction.counterparty_tax_id",
    "transaction.counterparty_name",
    "transaction.source",
]
DocumentField = Literal[
    "document.key",
    "document.number",
    "document.direction",
    "document.amount",
    "document.issue_date",
    "document.due_date",
    "document.counterparty_tax_id",
    "document.counterparty_name",
    "document.status",
]
_STRICT = ConfigDict(frozen=True, extra="forbid")
# The pydantic error type of a pattern RE2 refuses or one past the limits.
PATTERN_ERROR = "pattern"


def _checked_pattern(pattern: str) -> str:
    """Compile a tenant pattern now, so a rule that saves is a rule that runs."""
    try:
        patterns.compile_pattern(pattern)
    except patterns.PatternError as exc:
        # A custom error keeps the message free of pydantic's "Value error, " prefix.
        raise PydanticCustomError(PATTERN_ERROR, "{reason}", {"reason": str(exc)}) from None
    return pattern


class Range(BaseModel):
    """Inclusive bounds; amounts as decimal strings or numbers, dates as ISO strings."""

    model_config = _STRICT
    min: Decimal | date | None = None
    max: Decimal | date | None = None


class FieldCondition(BaseModel):
    """A test on one field of the transaction or of the document."""

    model_config = _STRICT
    type: Literal["field"]
    field: TransactionField | DocumentField
    op: Literal["equals", "in", "regex", "range", "contains"]
    value: str | int | Decimal | bool | list[str] | Range

    @model_validator(mode="after")
    def _value_fits_op(self) -> FieldCondition:
        expected = {
            "in": list,
            "range": Range,
            "regex": str,
            "contains": str,
        }.get(self.op)
        if expected is not None and not isinstance(self.value, expected):
            raise ValueError(f"op '{self.op}' needs a {expected.__name__} value")
        return self

    @field_validator("value")
    @classmethod
    def _regex_compiles(cls, value: Any, info: ValidationInfo) -> Any:
        # A field validator rather than the model's: the error is located at ``value``.
        if info.data.get("op") == "regex" and isinstance(value, str):
            return _checked_pattern(value)
        return value


class Tolerance(BaseModel):
    """An allowed difference: absolute money plus a percentage of what was due."""

    model_config = _STRICT
    abs: Decimal = Field(default=Decimal(0), ge=0)
    pct: Decimal = Field(default=Decimal(0), ge=0, le=100)

    def allows(self, due: Decimal, paid: Decimal) -> bool:
        """Whether ``paid`` is within this tolerance of ``due``."""
        return abs(paid - due) <= self.abs + due * self.pct / 100


class AmountToleranceCondition(Tolerance):
    """The candidate's amounts differ by no more than the tolerance."""

    type: Literal["amount_tolerance"]


class DaysWindowCondition(BaseModel):
    """Calendar days from the document's due (or issue) date to the posting."""

    model_config = _STRICT
    type: Literal["days_window"]
    reference: Literal["due_date", "issue_date"] = "due_date"
    min: int = -36500
    max: int = 36500


class CounterpartyCondition(BaseModel):
    """The counterparty is one of these tax ids, or its name matches a regex."""

    model_config = _STRICT
    type: Literal["counterparty"]
    tax_ids: list[str] = Field(default_factory=list)
    name_regex: str | None = None

    @model_validator(mode="after")
    def _needs_a_criterion(self) -> CounterpartyCondition:
        if not self.tax_ids and self.name_regex is None:
            raise ValueError("counterparty needs tax_ids or name_regex")
        return self

    @field_validator("name_regex")
    @classmethod
    def _name_regex_compiles(cls, value: str | None) -> str | None:
        return None if value is None else _checked_pattern(value)


class AccountCondition(BaseModel):
    """The transaction is in one of these accounts."""

    model_config = _STRICT
    type: Literal["account"]
    in_: list[str] = Field(alias="in", min_length=1)


class CfopCondition(BaseModel):
    """The document has one of these CFOPs."""

    model_config = _STRICT
    type: Literal["cfop"]
    in_: list[str] = Field(alias="in", min_length=1)


class MemoContainsCondition(BaseModel):
    """The memo contains any of these words (case and accents ignored)."""

    model_config = _STRICT
    type: Literal["memo_contains"]
    any: list[str] = Field(min_length=1)


Condition = Annotated[
    FieldCondition
    | AmountToleranceCondition
    | DaysWindowCondition
    | CounterpartyCondition
    | AccountCondition
    | CfopCondition
    | MemoContainsCondition,
    Field(discriminator="type"),
]


class AutoMatchAction(BaseModel):
    """Match automatically when the difference is within the tolerance."""

    model_config = _STRICT
    type: Literal["auto_match"]
    tolerance: Tolerance = Tolerance()


class SuggestOnlyAction(BaseModel):
    """Never match automatically; suggest instead."""

    model_config = _STRICT
    type: Literal["suggest_only"]


class IgnoreTransactionAction(BaseModel):
    """Keep the transaction out of matching."""

    model_config = _STRICT
    type: Literal["ignore_transaction"]


class ClassifyAction(BaseModel):
    """Book the transaction to a ledger account instead of matching it."""

    model_config = _STRICT
    type: Literal["classify"]
    ledger_account: str = Field(min_length=1)


class RequireReviewAction(BaseModel):
    """Matches above this amount need a person."""

    model_config = _STRICT
    type: Literal["require_review"]
    above: Decimal = Field(ge=0)


Action = Annotated[
    AutoMatchAction
    | SuggestOnlyAction
    | IgnoreTransactionAction
    | ClassifyAction
    | RequireReviewAction,
    Field(discriminator="type"),
]
_TRANSACTION_ACTIONS = ("ignore_transaction", "classify")
_PAIR_ONLY_CONDITIONS = ("amount_tolerance", "days_window", "cfop")


class Rule(BaseModel):
    """One rule: conditions that must all hold, and an action."""

    model_config = _STRICT
    id: str = Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    name: str = ""
    priority: int = 100
    version: int = Field(default=1, ge=1)
    enabled: bool = True
    when: list[Condition] = Field(default_factory=list)
    then: Action

    @model_validator(mode="after")
    def _conditions_fit_action(self) -> Rule:
        if self.then.type not in _TRANSACTION_ACTIONS:
            return self
        for position, condition in enumerate(self.when, start=1):
            needs_document = condition.type in _PAIR_ONLY_CONDITIONS or (
                isinstance(condition, FieldCondition) and condition.field.startswith("document.")
            )
            if needs_document:
                raise ValueError(
                    f"action '{self.then.type}' applies to a transaction alone, but condition "
                    f"{position} ({condition.type}) needs a document"
                )
        return self

    @property
    def applies_to_transactions(self) -> bool:
        """Whether this rule decides about a transaction alone."""
        return self.then.type in _TRANSACTION_ACTIONS


class RuleSet(BaseModel):
    """A tenant's rules at one version."""

    model_config = _STRICT
    version: int = Field(default=1, ge=1)
    rules: list[Rule] = Field(default_factory=list)

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[Rule]) -> list[Rule]:
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id '{rule.id}'")
            seen.add(rule.id)
        return rules

    def ordered(self) -> list[Rule]:
        """Enabled rules in evaluation order."""
        return sorted((r for r in self.rules if r.enabled), key=lambda r: (r.priority, r.id))


class RulesError(ValueError):
    """Invalid rules, with one readable line per problem (``location: message``).

    ``fields`` maps each problem's path in the rule set, such as ``rules[0].when[2].value``
    (``""`` for the whole set), to its messages.
    """

    def __init__(self, problems: list[str], fields: dict[str, list[str]] | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.fields = fields or {}


def _tags(union: Any) -> frozenset[str]:
    members = get_args(get_args(union)[0])
    return frozenset(get_args(m.model_fields["type"].annotation)[0] for m in members)


_CONDITION_TAGS = _tags(Condition)
_ACTION_TAGS = _tags(Action)


def _path(location: tuple[int | str, ...]) -> str:
    """``rules[0].when[2].value`` for pydantic's ``('rules', 0, 'when', 2, 'field', 'value')``:
    the discriminator tag pydantic inserts after a condition or an action is dropped."""
    path = ""
    previous: tuple[int | str, ...] = ()
    for part in location:
        is_tag = (previous[-1:] == ("then",) and part in _ACTION_TAGS) or (
            len(previous) >= 2
            and previous[-2] == "when"
            and isinstance(previous[-1], int)
            and part in _CONDITION_TAGS
        )
        previous = (*previous, part)
        # Union members pydantic tried in turn read like "literal['a','b']": not a field.
        if is_tag or (isinstance(part, str) and "[" in part):
            continue
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path


def parse_rules(data: Any) -> RuleSet:
    """Validate a decoded rule set (a dict from JSON or YAML); raise ``RulesError``."""
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        problems = []
        fields: dict[str, list[str]] = {}
        for error in exc.errors():
            location = ".".join(str(part) for part in error["loc"]) or "(root)"
            problems.append(f"{location}: {error['msg']}")
            fields.setdefault(_path(error["loc"]), []).append(error["msg"])
        raise RulesError(problems, fields) from exc


def load_rules(text: str, *, fmt: Literal["json", "yaml"] = "json") -> RuleSet:
    """Read a rule set from JSON or YAML text (YAML needs PyYAML)."""
    if fmt == "yaml":
        # PyYAML ships without type hints; loaded dynamically to keep the package typed.
        yaml = importlib.import_module("yaml")
        data = yaml.safe_load(text)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RulesError([f"line {exc.lineno} column {exc.colno}: {exc.msg}"]) from exc
    return parse_rules(data)


def rules_json_schema() -> dict[str, Any]:
    """The JSON Schema of the rules language (what ``rules_schema.json`` holds)."""
    schema = RuleSet.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://conciliacontag.com.br/schemas/reconciliation-rules.json"
    schema["title"] = "Conciliacontag reconciliation rules"
    return schema


# Evaluation -------------------------------------------------------------------------------


def _tx_value(tx: Transaction, name: str) -> Any:
    return getattr(tx, name.split(".", 1)[1])


def _doc_value(doc: Document, name: str) -> Any:
    return getattr(doc, name.split(".", 1)[1])


def _compare(value: Any, condition: FieldCondition) -> bool:
    if value is None:
        return False
    expected = condition.value
    text = str(value.value if hasattr(value, "value") else value)
    if condition.op == "equals":
        if isinstance(value, Decimal):
            return value == Decimal(str(expected))
        return text == str(expected)
    if condition.op == "in":
        return isinstance(expected, list) and text in expected
    if condition.op == "regex":
        return patterns.search(str(expected), text)
    if condition.op == "contains":
        return normalize(str(expected)) in normalize(text)
    assert isinstance(expected, Range)
    if isinstance(value, Decimal):
        return _within(value, _as_decimal(expected.min), _as_decimal(expected.max))
    return _within(value, _as_date(expected.min), _as_date(expected.max))


def _as_decimal(bound: Decimal | date | None) -> Decimal | None:
    return None if bound is None else Decimal(str(bound))


def _as_date(bound: Decimal | date | None) -> date | None:
    return None if bound is None else date.fromisoformat(str(bound))


def _within(value: Any, low: Any, high: Any) -> bool:
    return (low is None or low <= value) and (high is None or value <= high)


def _tx_holds(condition: Condition, tx: Transaction) -> bool:
    if isinstance(condition, FieldCondition):
        return _compare(_tx_value(tx, condition.field), condition)
    if isinstance(condition, AccountCondition):
        return tx.account_id in condition.in_
    if isinstance(condition, MemoContainsCondition):
        memo = normalize(tx.memo)
        return any(normalize(word) in memo for word in condition.any)
    if isinstance(condition, CounterpartyCondition):
        ids = set(read_memo(tx.memo).tax_ids)
        if tx.counterparty_tax_id:
            ids.add(digits(tx.counterparty_tax_id))
        if ids & {digits(t) for t in condition.tax_ids}:
            return True
        name = tx.counterparty_name or tx.memo
        return condition.name_regex is not None and patterns.search(
            condition.name_regex, normalize(name)
        )
    return True


def _doc_holds(condition: Condition, doc: Document) -> bool:
    if isinstance(condition, FieldCondition):
        return _compare(_doc_value(doc, condition.field), condition)
    if isinstance(condition, CfopCondition):
        return bool(set(doc.cfops) & set(condition.in_))
    if isinstance(condition, CounterpartyCondition):
        if doc.counterparty_tax_id and digits(doc.counterparty_tax_id) in {
            digits(t) for t in condition.tax_ids
        }:
            return True
        return condition.name_regex is not None and patterns.search(
            condition.name_regex, normalize(doc.counterparty_name or "")
        )
    return True


def transaction_rule(rules: Sequence[Rule], tx: Transaction) -> Rule | None:
    """The first transaction rule (ignore, classify) whose conditions all hold."""
    for rule in rules:
        if rule.applies_to_transactions and all(_tx_holds(c, tx) for c in rule.when):
            return rule
    return None


def pair_rule(
    rules: Sequence[Rule], documents: Sequence[Document], transactions: Sequence[Transaction]
) -> Rule | None:
    """The first pair rule whose conditions hold for every document and transaction."""
    due = sum((d.amount if d.open_amount is None else d.open_amount for d in documents), Decimal(0))
    paid = sum((t.magnitude for t in transactions), Decimal(0))
    for rule in rules:
        if rule.applies_to_transactions:
            continue
        if all(_pair_holds(c, documents, transactions, due, paid) for c in rule.when):
            return rule
    return None


def _pair_holds(
    condition: Condition,
    documents: Sequence[Document],
    transactions: Sequence[Transaction],
    due: Decimal,
    paid: Decimal,
) -> bool:
    if isinstance(condition, AmountToleranceCondition):
        return condition.allows(due, paid)
    if isinstance(condition, DaysWindowCondition):
        for d in documents:
            reference = d.issue_date if condition.reference == "issue_date" else d.expected_date
            for t in transactions:
                if not condition.min <= (t.posted_on - reference).days <= condition.max:
                    return False
        return True
    if isinstance(condition, FieldCondition) and condition.field.startswith("transaction."):
        return all(_tx_holds(condition, t) for t in transactions)
    if isinstance(condition, AccountCondition | MemoContainsCondition):
        return all(_tx_holds(condition, t) for t in transactions)
    return all(_doc_holds(condition, d) for d in documents)
