"""The reconciliation activity: one run of the engine over a tenant's open items."""

from __future__ import annotations

from temporalio import activity
from temporalio.client import Client

from backend.core.settings import Settings
from backend.db.session import Database
from backend.reconciliations import service as reconciliations
from backend.rules import service as rules
from backend.webhooks import service as webhooks
from workflows.metrics import RECONCILIATIONS
from workflows.reconcile.models import TenantReconcileInput, TenantReconcileResult
from workflows.webhooks.start import current_activity_event_id, start_deliveries


class ReconcileActivities:
    """Activities with the database injected by the worker."""

    def __init__(self, database: Database, client: Client, settings: Settings) -> None:
        self.database = database
        self.client = client
        self.settings = settings

    @activity.defn(name="reconcile.tenant")
    async def reconcile_tenant(self, data: TenantReconcileInput) -> TenantReconcileResult:
        """Match the tenant's open items with its active rules; one transaction.

        A run that changed something enqueues reconciliation.changed in that
        transaction; its deliveries start after the commit.
        """
        run_id = current_activity_event_id()
        async with self.database.tenant_session(data.organization_id) as session:
            summary = await reconciliations.run(
                session, data.organization_id, rules=await rules.active_rule_set(session)
            )
            deliveries = await webhooks.reconciliation_run_changed(
                session,
                data.organization_id,
                run_id=run_id,
                counts=webhooks.ReconciliationCounts(
                    matched=summary.matched, suggested=summary.suggested, undone=summary.undone
                ),
            )
        await start_deliveries(self.client, self.settings, data.organization_id, deliveries)
        RECONCILIATIONS.labels("matched").inc(summary.matched)
        RECONCILIATIONS.labels("suggested").inc(summary.suggested)
        RECONCILIATIONS.labels("undone").inc(summary.undone)
        return TenantReconcileResult(
            runs=1, matched=summary.matched, suggested=summary.suggested, undone=summary.undone
        )
