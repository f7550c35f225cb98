"""The reconciliation activity: one run of the engine over a tenant's open items."""

from __future__ import annotations

from temporalio import activity

from backend.db.session import Database
from backend.reconciliations import service as reconciliations
from backend.rules import service as rules
from workflows.metrics import RECONCILIATIONS
from workflows.reconcile.models import TenantReconcileInput, TenantReconcileResult


class ReconcileActivities:
    """Activities with the database injected by the worker."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @activity.defn(name="reconcile.tenant")
    async def reconcile_tenant(self, data: TenantReconcileInput) -> TenantReconcileResult:
        """Match the tenant's open items with its active rules; one transaction."""
        async with self.database.tenant_session(data.organization_id) as session:
            summary = await reconciliations.run(
                session, data.organization_id, rules=await rules.active_rule_set(session)
            )
        RECONCILIATIONS.labels("matched").inc(summary.matched)
        RECONCILIATIONS.labels("suggested").inc(summary.suggested)
        RECONCILIATIONS.labels("undone").inc(summary.undone)
        return TenantReconcileResult(
            runs=1, matched=summary.matched, suggested=summary.suggested, undone=summary.undone
        )
