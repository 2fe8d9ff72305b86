"""`make bench`: run every benchmark module (bench/bench_*.py with a `run() -> dict`) in one
process, print a table, and write bench/results.json and bench/results.md. Always exits 0: the
figures are reported next to their targets, the gaps stated, never asserted.

`BENCH_ONLY=load,monitoring make bench` runs only those modules (bench_load, bench_monitoring);
the results then hold only them, and say so."""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def main() -> int:
    results: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "benchmarks": {},
    }
    only = {n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()}
    if only:
        results["only"] = sorted(only)
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem
        if only and name.removeprefix("bench_") not in only:
            continue
        print(f"running {name} ...", flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            figures = module.run()
        except Exception as exc:  # a failing benchmark is reported, not fatal
            figures = {
                "error": f"{exc.__class__.__name__}: {exc}",
                "traceback": traceback.format_exc(),
            }
        figures["wall_s"] = round(time.perf_counter() - started, 3)
        results["benchmarks"][name] = figures
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    lines = [
        "# Benchmark results",
        "",
        f"Run {results['started']} on "
        f"{results['machine']['platform']}, Python {results['machine']['python']}, "
        f"{os.cpu_count()} CPUs"
        + (f"; only {', '.join(results['only'])} (BENCH_ONLY)" if only else "")
        + ".",
        "",
    ]
    for name, figures in results["benchmarks"].items():
        lines += [f"## {name}", ""]
        module = sys.modules.get(f"bench.{name}")
        lines += getattr(module, "markdown", lambda f: [])(figures)
        lines += ["| figure | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in figures.items() if k != "traceback"]
        lines.append("")
    (HERE / "results.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
