"""Run a benchmark module's `--child` part in a fresh PostgreSQL database of its own.

The PostgreSQL benchmarks never touch the developer's data: `in_fresh_database` drops and
creates the named database next to the one DATABASE_URL names, runs the module again as
`python module.py --child` with DATABASE_URL pointing there (so Django's settings of the
calling process are untouched), and returns the JSON dict the child printed last.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


def in_fresh_database(module_file: str, database: str, env: dict[str, str]) -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return {"skipped": "needs PostgreSQL"}
    parts = urlparse(url)
    # BENCH_DB_SUFFIX keeps concurrent runs (several branches on one machine) apart
    database += os.environ.get("BENCH_DB_SUFFIX", "")
    admin_url = urlunparse(parts._replace(path="/postgres"))
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database}")
        conn.execute(f"CREATE DATABASE {database}")
    child_env = {
        **os.environ,
        "DATABASE_URL": urlunparse(parts._replace(path=f"/{database}")),
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **env,
    }
    child_env.pop("DJANGO_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, str(Path(module_file).resolve()), "--child"],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr[-3000:]}
    figures: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return figures
