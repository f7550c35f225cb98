"""Inputs and outputs of the webhook delivery workflow: ids, never payloads."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field


class DeliveryRetry(BaseModel):
    """Backoff between attempts: 10 s doubling up to 1 h, 30 attempts (about 21 hours).

    It travels in the workflow input so tests (and a redelivery) can ask for others.
    """

    initial_interval_seconds: float = 10.0
    backoff_coefficient: float = 2.0
    maximum_interval_seconds: float = 3600.0
    maximum_attempts: int = 30


class WebhookDeliveryInput(BaseModel):
    """Which delivery of which tenant, and how to retry it."""

    organization_id: uuid.UUID
    delivery_id: uuid.UUID
    retry: DeliveryRetry = Field(default_factory=DeliveryRetry)


class GiveUpInput(BaseModel):
    """A delivery whose attempts are exhausted, and why the last one failed."""

    organization_id: uuid.UUID
    delivery_id: uuid.UUID
    reason: str


class WebhookDeliveryResult(BaseModel):
    """The delivery's status when the workflow ended (``gone``: it was deleted)."""

    status: str
