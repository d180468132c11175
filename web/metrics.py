"""Prometheus metrics read from the database at scrape time (the rows are the truth, so every
bot and worker process is counted, wherever it runs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import case
from sqlmodel import col, func, select

from core.db import Database
from core.models import Delivery, Job, LedgerEntry, Version

BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)
"""Provider latency buckets in seconds (image providers take seconds to minutes)."""
REASONS = (
    ("lost access", "lost_access"),
    ("refused", "refused"),
    ("moved", "moved"),
    ("gone", "gone"),
    ("gave up", "gave_up"),
)


def reason_of(error: str | None) -> str:
    """A failed delivery's reason as a small fixed label set (the row keeps the full text)."""
    text = (error or "").lower()
    for prefix, label in REASONS:
        if text.startswith(prefix):
            return label
    return "other"


class LightboxCollector(Collector):
    """Jobs by state and model, queue depth, provider latency, delivery failures, credits."""

    def __init__(self, db: Database, waiting: Callable[[], int | None] | None = None):
        self.db = db
        self.waiting = waiting

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily | HistogramMetricFamily]:
        with self.db.session() as session:
            jobs = session.exec(
                select(Job.state, Version.model, func.count())
                .where(Version.id == Job.version_id)
                .group_by(Job.state, Version.model)
            ).all()
            bucket_columns = [
                func.sum(case((col(Version.provider_seconds) <= b, 1), else_=0)) for b in BUCKETS
            ]
            latency = session.exec(
                select(
                    Version.provider,
                    Version.model,
                    func.count(),
                    func.sum(Version.provider_seconds),
                    *bucket_columns,
                )
                .where(col(Version.provider_seconds).is_not(None))
                .group_by(Version.provider, Version.model)
            ).all()
            failed = session.exec(
                select(Delivery.platform, Delivery.error).where(Delivery.state == "failed")
            ).all()
            spent = session.exec(
                select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
                    LedgerEntry.kind == "charge"
                )
            ).one()
        by_state = GaugeMetricFamily(
            "lightbox_jobs",
            "Jobs by state and model (rows in the job table).",
            labels=["state", "model"],
        )
        for state, model, count in jobs:
            by_state.add_metric([state, model], count)
        yield by_state
        depth = GaugeMetricFamily(
            "lightbox_queue_depth",
            "Generation jobs waiting: queued rows, and broker messages not yet fetched.",
            labels=["source"],
        )
        queued = sum(count for state, _m, count in jobs if state == "queued")
        depth.add_metric(["database"], queued)
        waiting = self.waiting() if self.waiting else None
        if waiting is not None:
            depth.add_metric(["broker"], waiting)
        yield depth
        hist = HistogramMetricFamily(
            "lightbox_provider_seconds",
            "Seconds a provider took per finished image.",
            labels=["provider", "model"],
        )
        for found in latency:
            row: tuple[Any, ...] = tuple(found)
            provider, model, count, total = row[0], row[1], int(row[2]), float(row[3] or 0)
            counts: list[int] = [int(n or 0) for n in row[4:]]
            buckets = [(str(b), n) for b, n in zip(BUCKETS, counts, strict=True)]
            hist.add_metric([provider or "unknown", model], [*buckets, ("+Inf", count)], total)
        yield hist
        failures: dict[tuple[str, str], int] = {}
        for platform, error in failed:
            key = (platform, reason_of(error))
            failures[key] = failures.get(key, 0) + 1
        deliveries = CounterMetricFamily(
            "lightbox_delivery_failures",
            "Deliveries that failed for good, by platform and reason.",
            labels=["platform", "reason"],
        )
        for (platform, reason), count in sorted(failures.items()):
            deliveries.add_metric([platform, reason], count)
        yield deliveries
        credits = CounterMetricFamily(
            "lightbox_credits_spent", "Credits charged for finished generations."
        )
        credits.add_metric([], -int(spent) / 1000)
        yield credits
