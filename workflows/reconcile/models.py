"""Inputs and outputs of the tenant reconciliation workflow."""

from __future__ import annotations

import uuid

from pydantic import BaseModel


class TenantReconcileInput(BaseModel):
    """Which tenant to reconcile."""

    organization_id: uuid.UUID


class TenantReconcileResult(BaseModel):
    """Totals over the runs one workflow execution made (bursts coalesce into it)."""

    runs: int = 0
    matched: int = 0
    suggested: int = 0
    undone: int = 0
