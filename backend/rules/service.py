"""A tenant's reconciliation rules: the engine's rule set, CRUD with history, dry runs.

Every change bumps the rule's version and appends the new state to rule_versions
(append-only for the application role), so "which rule matched this, as it read
then" always has an answer. A dry run reconciles the tenant's open items twice, with
the current rules and with the candidate, and reports what would differ.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.core.errors import Conflict, Invalid, NotFound
from backend.core.logging import get_logger
from backend.db.base import utcnow
from backend.db.enums import ActorType
from backend.db.pagination import Page, PageRequest
from backend.reconciliation import RuleChange, RulesError, RuleSet, parse_rules
from backend.reconciliation.rules import Rule as EngineRule
from backend.reconciliations import service as reconciliations
from backend.rules import repository
from backend.rules.models import Rule, RuleVersion

# A dry run lists at most this many changed decisions (the counts cover them all).
PREVIEW_LIMIT = 100
_CANDIDATE_ID = "candidate"
_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class RuleInput:
    """What a person may set on a rule; ``definition`` is ``{"when": [...], "then": {...}}``."""

    name: str
    definition: dict[str, Any]
    description: str = ""
    priority: int = 100
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class PreviewChange:
    """One item whose outcome would change.

    ``before``/``after`` read ``matched``, ``suggested``, ``unmatched``, ``ignored``,
    ``classified:<ledger account>`` or ``absent`` (not an open item in that run).
    """

    side: str
    item_id: uuid.UUID
    installment: str | None
    before: str
    after: str
    by_this_rule: bool


@dataclass(frozen=True, slots=True)
class RulePreview:
    """What would change if the candidate rule were saved now."""

    changes_total: int
    by_this_rule: int
    changes: tuple[PreviewChange, ...]


def _rule_dict(rule: Rule, *, rule_id: str | None = None) -> dict[str, Any]:
    return {
        **rule.definition,
        "id": rule_id or str(rule.id),
        "name": rule.name,
        "priority": rule.priority,
    }


def _definition_errors(exc: RulesError) -> dict[str, list[str]]:
    """The problems of a one-rule set, each under the path it is about inside the
    definition, such as ``definition.when[2].value``, so a form can show it beside that
    condition (``definition`` for the rule as a whole)."""
    errors: dict[str, list[str]] = {}
    for path, messages in exc.fields.items():
        inner = path.removeprefix("rules[0]").removeprefix(".")
        errors.setdefault(f"definition.{inner}" if inner else "definition", []).extend(messages)
    return errors


def _validated(data: RuleInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = ["required"]
    definition = {k: v for k, v in data.definition.items() if k not in ("id", "priority")}
    try:
        parse_rules({"rules": [{**definition, "id": _CANDIDATE_ID, "priority": data.priority}]})
    except RulesError as exc:
        errors.update(_definition_errors(exc))
    if errors:
        raise Invalid("invalid rule", field_errors=errors)
    return definition


def _snapshot(rule: Rule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "description": rule.description,
        "priority": rule.priority,
        "is_active": rule.is_active,
        "version": rule.version,
        "definition": rule.definition,
    }


async def _record_version(
    session: AsyncSession, principal: Principal, rule: Rule, change: str
) -> None:
    await repository.add_version(
        session,
        RuleVersion(
            organization_id=rule.organization_id,
            rule_id=rule.id,
            version=rule.version,
            change=change,
            name=rule.name,
            description=rule.description,
            priority=rule.priority,
            is_active=rule.is_active,
            definition=rule.definition,
            changed_by=principal.subject_id,
        ),
    )


_audit = functools.partial(audit.record_change, entity_type="rule")


def _runnable(rows: Sequence[Rule]) -> tuple[list[EngineRule], list[tuple[Rule, list[str]]]]:
    """The rows that still validate, as engine rules, and the others with their problems.

    A row saved before a check existed (a pattern RE2 refuses, one past the length limit)
    must fail alone: one tenant rule that no longer validates may not stop every other
    rule, or the whole run, from working.
    """
    runnable: list[EngineRule] = []
    refused: list[tuple[Rule, list[str]]] = []
    for row in rows:
        try:
            runnable.extend(parse_rules({"rules": [_rule_dict(row)]}).rules)
        except RulesError as exc:
            problems = [
                f"{field}: {message}"
                for field, messages in _definition_errors(exc).items()
                for message in messages
            ]
            refused.append((row, problems))
    return runnable, refused


async def _record_refused(session: AsyncSession, refused: list[tuple[Rule, list[str]]]) -> None:
    """Log each refused rule, and audit it once per version as ``rule.skipped``."""
    for row, problems in refused:
        _log.warning("rule skipped", rule_id=str(row.id), version=row.version, problems=problems)
        if await repository.skip_recorded(session, row.id, row.version):
            continue
        await audit.record(
            session,
            organization_id=row.organization_id,
            actor_type=ActorType.SYSTEM,
            actor_id=None,
            action="rule.skipped",
            entity_type="rule",
            entity_id=row.id,
            after={"version": row.version, "problems": problems},
        )


async def active_rule_set(session: AsyncSession) -> RuleSet | None:
    """The active rules (each row's definition, keyed by its id), or None when there are none.

    A rule that no longer validates is left out and recorded (see ``_runnable``).
    """
    rows = await repository.active_rules(session)
    runnable, refused = _runnable(rows)
    await _record_refused(session, refused)
    if not runnable:
        return None
    return RuleSet(version=max(row.version for row in rows), rules=runnable)


async def rules_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Rule]:
    """A batch of rules by id (a DataLoader's fetch)."""
    return await repository.rules_by_ids(session, ids)


async def versions_of(session: AsyncSession, rule_ids: Sequence[uuid.UUID]) -> list[RuleVersion]:
    """The history of a batch of rules, newest first."""
    return await repository.versions_of(session, rule_ids)


async def page_rules(
    session: AsyncSession,
    principal: Principal,
    *,
    active: bool | None,
    text_value: str | None,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of the tenant's rules in priority order."""
    require(principal, Permission.READ)
    return await repository.page_rules(
        session, active=active, text_value=text_value, descending=descending, request=request
    )


async def count_rules(session: AsyncSession, *, active: bool | None, text_value: str | None) -> int:
    """How many of the tenant's rules match."""
    return await repository.count_rules(session, active=active, text_value=text_value)


async def create_rule(session: AsyncSession, principal: Principal, data: RuleInput) -> Rule:
    """Add a rule (version 1)."""
    require(principal, Permission.MANAGE_RULES)
    definition = _validated(data)
    if await repository.get_by_name(session, data.name.strip()) is not None:
        raise Conflict("a rule with this name exists", code="RULE_NAME_TAKEN")
    rule = Rule(
        organization_id=principal.organization_id,
        name=data.name.strip(),
        description=data.description,
        priority=data.priority,
        is_active=data.is_active,
        definition=definition,
        created_by=principal.user_id,
    )
    try:
        async with session.begin_nested():
            await repository.add(session, rule)
    except IntegrityError as exc:
        raise Conflict("a rule with this name exists", code="RULE_NAME_TAKEN") from exc
    await _record_version(session, principal, rule, "created")
    await _audit(session, principal, "rule.created", rule.id, None, _snapshot(rule))
    return rule


async def _locked(session: AsyncSession, rule_id: uuid.UUID) -> Rule:
    rule = await repository.get_for_update(session, rule_id)
    if rule is None:
        raise NotFound("rule not found")
    return rule


async def update_rule(
    session: AsyncSession, principal: Principal, rule_id: uuid.UUID, data: RuleInput
) -> Rule:
    """Change a rule: a new version; the old one stays in the history."""
    require(principal, Permission.MANAGE_RULES)
    definition = _validated(data)
    rule = await _locked(session, rule_id)
    before = _snapshot(rule)
    other = await repository.get_by_name(session, data.name.strip())
    if other is not None and other.id != rule.id:
        raise Conflict("a rule with this name exists", code="RULE_NAME_TAKEN")
    rule.name = data.name.strip()
    rule.description = data.description
    rule.priority = data.priority
    rule.is_active = data.is_active
    rule.definition = definition
    rule.version += 1
    rule.updated_at = utcnow()
    await repository.add(session, rule)
    await _record_version(session, principal, rule, "updated")
    await _audit(session, principal, "rule.updated", rule.id, before, _snapshot(rule))
    return rule


async def delete_rule(session: AsyncSession, principal: Principal, rule_id: uuid.UUID) -> None:
    """Remove a rule; its history and the decisions it made stay."""
    require(principal, Permission.MANAGE_RULES)
    rule = await _locked(session, rule_id)
    before = _snapshot(rule)
    rule.version += 1
    await _record_version(session, principal, rule, "deleted")
    await repository.delete(session, rule)
    await _audit(session, principal, "rule.deleted", rule_id, before, None)


def _change(change: RuleChange) -> PreviewChange:
    side, _, item = change.item.partition(":")
    key, _, installment = item.partition("/")
    return PreviewChange(
        side=side,
        item_id=uuid.UUID(key),
        installment=installment or None,
        before=change.before.partition(":")[0]
        if change.before.startswith("matched")
        else change.before,
        after=change.after.partition(":")[0]
        if change.after.startswith("matched")
        else change.after,
        by_this_rule=change.rule_id == _CANDIDATE_ID,
    )


async def preview_rule(
    session: AsyncSession,
    principal: Principal,
    data: RuleInput,
    *,
    replaces: uuid.UUID | None = None,
) -> RulePreview:
    """Dry run: what the tenant's open items would become with the candidate rule saved
    (replacing ``replaces``), compared with the current rules. Nothing is written."""
    require(principal, Permission.MANAGE_RULES)
    definition = _validated(data)
    # The runs compared are what the worker would do: rules that no longer validate
    # are left out of both.
    baseline, _ = _runnable(await repository.active_rules(session))
    candidate = [r for r in baseline if replaces is None or r.id != str(replaces)]
    if data.is_active:
        candidate.extend(
            parse_rules(
                {
                    "rules": [
                        {
                            **definition,
                            "id": _CANDIDATE_ID,
                            "name": data.name,
                            "priority": data.priority,
                        }
                    ]
                }
            ).rules
        )
    changes = [
        _change(c)
        for c in await reconciliations.preview_rules(
            session,
            current=RuleSet(rules=baseline) if baseline else None,
            candidate=RuleSet(rules=candidate),
        )
    ]
    changes.sort(key=lambda c: not c.by_this_rule)
    return RulePreview(
        changes_total=len(changes),
        by_this_rule=sum(1 for c in changes if c.by_this_rule),
        changes=tuple(changes[:PREVIEW_LIMIT]),
    )
