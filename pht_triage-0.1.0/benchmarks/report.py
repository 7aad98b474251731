"""Plain-text tables of benchmark figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks.inprocess import Comparison, Latency


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table with columns padded to line up in a terminal."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def _latency_row(latency: Latency, ratio: str) -> list[str]:
    return [
        latency.name,
        str(latency.calls),
        f"{latency.p50_ms:.2f}",
        f"{latency.p99_ms:.2f}",
        f"{latency.per_second:,.0f}",
        ratio,
    ]


def in_process(comparisons: Sequence[Comparison]) -> str:
    """The in-process table: each case on reused engines, then with a new engine each time."""
    rows = []
    for comparison in comparisons:
        rows.append(_latency_row(comparison.reused, f"{comparison.speed_up:.1f}x faster"))
        rows.append(_latency_row(comparison.naive, "baseline"))
    headers = ["in-process (one core)", "calls", "p50 ms", "p99 ms", "per s", "vs naive"]
    return "\n" + table(headers, rows)


def memory(soak: dict[str, Any]) -> str:
    """The memory soak: resident size at each checkpoint."""
    rows = [
        [f"{point['assessments']:,}", f"{point['rss_mib']:.1f}"] for point in soak["checkpoints"]
    ]
    headers = ["in-process assessments done", "RSS MiB"]
    verdict = (
        f"growth after warm-up: {soak['growth_mib']:+.1f} MiB over "
        f"{soak['assessments']:,} assessments ({'no growth' if soak['no_growth'] else 'GROWS'})"
    )
    return "\n" + table(headers, rows) + "\n" + verdict


def http(served: dict[str, Any]) -> str:
    """The HTTP table: each endpoint, worker count and connection count, against the ceiling."""
    rows = []
    for cell in served["cells"]:
        ratio = cell.get("ratio_to_ceiling")
        rows.append(
            [
                cell["endpoint"],
                str(cell["workers"]),
                str(cell["connections"]),
                f"{cell['requests_per_second']:,.0f}",
                f"{cell['p50_ms']:.1f}",
                f"{cell['p99_ms']:.1f}",
                str(cell["errors"]),
                "ceiling" if ratio is None else f"{100 * ratio:.1f}%",
            ]
        )
    headers = [
        "HTTP endpoint",
        "workers",
        "conns",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "of ceiling",
    ]
    lines = ["\n" + table(headers, rows)]
    for workers in served["workers_rss"]:
        points = "; ".join(
            f"after {point['assessments']:,} assessments "
            f"{', '.join(f'{v:.1f}' for v in point['rss_mib'])}"
            for point in workers["checkpoints"]
        )
        lines.append(
            f"{workers['workers']} worker(s), RSS MiB per worker: after warm-up "
            f"{', '.join(f'{v:.1f}' for v in workers['after_warm_up_mib'])}; {points}"
        )
    return "\n".join(lines)
