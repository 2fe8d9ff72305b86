"""A small, bounded load generator for loopback benchmarks: N client threads with keep-alive
connections request a path for a fixed time and record each response time. Only ever aims at
127.0.0.1 (the server the benchmark started itself)."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse


@dataclass
class LoadResult:
    path: str
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    rps: float
    statuses: dict[int, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "requests": self.requests,
            "errors": self.errors,
            "p50_ms": round(self.p50_ms, 1),
            "p95_ms": round(self.p95_ms, 1),
            "p99_ms": round(self.p99_ms, 1),
            "max_ms": round(self.max_ms, 1),
            "rps": round(self.rps, 1),
            "statuses": {str(k): v for k, v in self.statuses.items()},
        }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run_load(
    base_url: str,
    path: str,
    *,
    clients: int = 20,
    duration_s: float = 10.0,
    cookie: str = "",
    max_requests: int = 20000,
) -> LoadResult:
    """`clients` threads hit `base_url + path` for `duration_s` (bounded by `max_requests`)."""
    parsed = urlparse(base_url)
    if parsed.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError("the load tool only targets the loopback server it was given")
    host = parsed.hostname or "127.0.0.1"
    deadline = time.monotonic() + duration_s
    timings: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    lock = threading.Lock()
    count = 0

    def worker() -> None:
        nonlocal errors, count
        conn = http.client.HTTPConnection(host, parsed.port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        while time.monotonic() < deadline:
            with lock:
                if count >= max_requests:
                    return
                count += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    timings.append(elapsed)
                    statuses[response.status] = statuses.get(response.status, 0) + 1
                    if response.status >= 400:
                        errors += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, parsed.port, timeout=30)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration_s + 60)
    wall = time.monotonic() - started
    return LoadResult(
        path=path,
        requests=len(timings),
        errors=errors,
        p50_ms=statistics.median(timings) if timings else float("nan"),
        p95_ms=percentile(timings, 0.95),
        p99_ms=percentile(timings, 0.99),
        max_ms=max(timings) if timings else float("nan"),
        rps=len(timings) / wall if wall else 0.0,
        statuses=statuses,
    )


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")
