"""Task priority shared by every workflow start."""

from __future__ import annotations

import uuid

from temporalio.common import Priority


def tenant_priority(organization_id: uuid.UUID) -> Priority:
    """Fairness by tenant: one tenant's backlog cannot starve another's work."""
    return Priority(fairness_key=str(organization_id))
