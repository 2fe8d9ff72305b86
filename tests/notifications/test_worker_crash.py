"""Issue 9: a background worker killed mid-task retries without sending a reminder twice.

The real worker (`manage.py db_worker`, django-tasks' database backend) runs against a real
database: the test database itself on PostgreSQL, a file copy of it on SQLite. The reminder
sweep records charlie's reminder and enqueues its e-mail; the mail server is slow, and the
worker is killed (SIGKILL) while it is sending. Its transaction dies with it, so nothing is
marked sent; the worker does not retry a task it had claimed, so the recovery command
(`send_pending_notifications`, run by cron) sends the e-mail - exactly once, however often it
runs and whatever the restarted worker does."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from tests.meetings.conftest import add_member

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def database_for_subprocesses(tmp_path: Path) -> tuple[str, Callable[[str], list[tuple[Any, ...]]]]:
    """A DATABASE_URL other processes can open, and a way to read it from here."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"])
        url = f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"

        def query(sql: str) -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())

        return url, query
    # SQLite: the test database lives in memory; copy it (schema and data) to a file.
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()

    def query_file(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path, timeout=20) as con:
            return list(con.execute(sql).fetchall())

    return f"sqlite:///{path}", query_file


def mails(folder: Path) -> list[str]:
    """The messages the subprocesses sent (the file backend appends them to files)."""
    found = []
    for file in sorted(folder.glob("*.log")):
        for chunk in file.read_text(errors="replace").split("-" * 79):
            if "Message-ID:" in chunk:
                found.append(chunk)
    return found


def wait_for(condition: Callable[[], Any], seconds: float, what: str) -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def test_killed_worker_sends_the_reminder_once(
    users: dict[str, Any],
    settings: Any,
    tmp_path: Path,
    processes: list[subprocess.Popen[bytes]],
) -> None:
    import datetime as dt

    from django.utils import timezone

    from tailsafe.followup import services as followup
    from tailsafe.followup.tasks import send_action_item_reminders
    from tailsafe.governance.models import Institution

    charlie = users["member"]
    add_member(charlie, "academy", "Чарли Академиков", "charlie@example.org")
    followup.create_action_item(
        users["secretariat"],
        description="Обследовать дамбу",
        responsible=[Institution.objects.get(key="academy")],
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_action_item_reminders.enqueue()  # the daily sweep, waiting for the worker
    url, query = database_for_subprocesses(tmp_path)

    outbox, marks = tmp_path / "mail", tmp_path / "marks"
    outbox.mkdir()
    marks.mkdir()
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        DATABASE_URL=url,
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="tests.notifications.slow_mail.EmailBackend",
        TAILSAFE_TEST_MAIL_DIR=str(outbox),
        TAILSAFE_TEST_MAIL_MARK=str(marks),
        TAILSAFE_VAR_DIR=str(tmp_path / "var"),
        DJANGO_DEBUG="0",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    worker = [*manage, "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"]

    def start_worker(name: str, **extra: str) -> subprocess.Popen[bytes]:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            worker, env={**env, **extra}, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        processes.append(proc)
        return proc

    def run(*args: str) -> str:
        done = subprocess.run(
            [*manage, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def log(name: str) -> str:
        return (tmp_path / f"{name}.log").read_text(errors="replace")

    # 1. The worker runs the sweep, then starts mailing the reminder on a slow mail server.
    first = start_worker("first", TAILSAFE_TEST_MAIL_DELAY="60")
    wait_for(lambda: list(marks.iterdir()) or first.poll() is not None, 40, "the worker to send")
    assert first.poll() is None, log("first")
    # 2. Killed in the middle of sending: nothing went out, nothing is marked sent.
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert mails(outbox) == []
    assert query("SELECT kind, emailed_at FROM notifications_notification") == [("reminder", None)]
    # The killed task stays "running": db_worker never retries it by itself ...
    stuck = query(
        "SELECT status FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE '%email_notification'"
    )
    assert stuck == [("RUNNING",)]
    # 3. ... so the recovery command (cron, every few minutes) sends it, beside a new worker.
    start_worker("second")
    assert run("send_pending_notifications", "--minutes", "0").startswith("1 ")
    assert run("send_pending_notifications", "--minutes", "0").startswith("0 ")
    # 4. The next sweep, run by the restarted worker, does not remind again.
    run("send_reminders")
    wait_for(
        lambda: (
            query(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE task_path LIKE '%send_action_item_reminders' AND status = 'SUCCESSFUL'"
            )
            == [(2,)]
        ),
        20,
        "the second sweep",
    )
    sent = mails(outbox)
    assert len(sent) == 1, sent
    assert "To: charlie@example.org" in sent[0]
    assert query("SELECT count(*) FROM notifications_notification WHERE emailed_at IS NULL") == [
        (0,)
    ]
