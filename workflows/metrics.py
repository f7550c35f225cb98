"""Prometheus metrics of the worker process (served on WORKER_METRICS_PORT), and the
log context (workflow, tenant, file) bound around every activity."""

from __future__ import annotations

import time
from typing import Any

import structlog
from prometheus_client import Counter, Histogram
from temporalio import activity
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
)

PROCESS_FILE_SECONDS = Histogram(
    "process_file_duration_seconds",
    "Time from the start of a file's ingestion to its end",
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900),
)
DOCUMENTS_PROCESSED = Counter("documents_processed", "Fiscal documents stored or refreshed")
TRANSACTIONS_PROCESSED = Counter("transactions_processed", "New bank and ledger entries stored")
RECONCILIATIONS = Counter("reconciliations", "Reconciliation decisions written", ["status"])
ACTIVITY_SECONDS = Histogram(
    "activity_duration_seconds", "Activity execution time by type", ["activity"]
)
ACTIVITY_FAILURES = Counter(
    "activity_failures",
    "Activity attempts that raised, by activity and error type",
    ["activity", "error"],
)
QUEUE_LATENCY = Histogram(
    "activity_queue_latency_seconds",
    "Time an activity task waited in the task queue before a worker started it",
    ["activity"],
    buckets=(0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600),
)


class _MeasuredActivity(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        info = activity.info()
        name = info.activity_type
        # Every log line of the activity carries the workflow, the tenant and the file.
        context = {"workflow_id": info.workflow_id, "activity": name}
        for field in ("organization_id", "file_id"):
            value = getattr(input.args[0], field, None) if input.args else None
            if value is not None:
                context[field] = str(value)
        structlog.contextvars.bind_contextvars(**context)
        scheduled = info.current_attempt_scheduled_time
        if scheduled is not None:
            QUEUE_LATENCY.labels(name).observe(
                max(0.0, (info.started_time - scheduled).total_seconds())
            )
        started = time.perf_counter()
        try:
            return await self.next.execute_activity(input)
        except Exception as error:
            ACTIVITY_FAILURES.labels(
                name, getattr(error, "type", None) or type(error).__name__
            ).inc()
            raise
        finally:
            ACTIVITY_SECONDS.labels(name).observe(time.perf_counter() - started)
            structlog.contextvars.unbind_contextvars(*context)


class MetricsInterceptor(Interceptor):
    """Times every activity, counts failures and measures task-queue latency."""

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        """Wrap the activity inbound chain."""
        return _MeasuredActivity(next)
