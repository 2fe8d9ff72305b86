"""Backup and restore round trip: every table and every uploaded file comes back identical."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, Any]:
    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith("sqlite_"):
                continue
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            tables[table] = [tuple(str(v) for v in row) for row in cursor.fetchall()]
    media = Path(settings.MEDIA_ROOT)
    files = {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }
    return {"tables": tables, "files": files}


def test_round_trip(users: dict[str, Any], pdf_upload: Any, tmp_path: Path) -> None:
    import datetime as dt

    from tailsafe.governance import services
    from tailsafe.governance.models import Institution, Membership

    alice = users["secretariat"]
    person = services.create_person(alice, {"full_name": "Backup Person"})
    membership = services.nominate_member(
        alice,
        person=person,
        institution=Institution.objects.get(key="academy"),
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2028, 1, 1),
        letter=pdf_upload(),
    )
    before = snapshot()
    assert before["files"]
    assert before["tables"]["governance_membership"]

    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    archive = next(tmp_path.glob("tailsafe-*.tar"))

    # damage the live data: rows gone, a file changed, a new file
    Membership.objects.all().delete()
    Path(membership.letter.path).write_bytes(b"changed")
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("x")
    assert snapshot() != before

    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    after = snapshot()
    assert after["files"] == before["files"]
    assert after["tables"].keys() == before["tables"].keys()
    for table, rows in before["tables"].items():
        assert after["tables"][table] == rows, table


def test_a_damaged_archive_changes_nothing(users: dict[str, Any], tmp_path: Path) -> None:
    import tarfile

    call_command("backup", str(tmp_path), stdout=io.StringIO())
    archive = next(tmp_path.glob("tailsafe-*.tar"))
    broken = tmp_path / "broken.tar"
    with tarfile.open(archive) as src, tarfile.open(broken, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("database"):
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    before = snapshot()
    with pytest.raises(CommandError, match="checksum mismatch"):
        call_command("restore", str(broken), "--yes", stdout=io.StringIO())
    assert snapshot() == before
    with pytest.raises(CommandError, match="Not a TailSafe backup"):
        call_command("restore", str(tmp_path / "missing.tar"), "--yes")


def test_backup_is_owner_only(users: dict[str, Any], tmp_path: Path) -> None:
    """Password hashes, TOTP secrets and tokens are inside: the archive is 0600 and its folder
    0700, whatever the umask (issue 14)."""
    import os
    import stat

    folder = tmp_path / "backups"
    old = os.umask(0o022)
    try:
        call_command("backup", str(folder), stdout=io.StringIO())
        folder.chmod(0o755)  # loosened by someone: the next backup tightens it again
        call_command("backup", str(folder / "named.tar"), stdout=io.StringIO())
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    archives = sorted(folder.glob("*.tar"))
    assert len(archives) == 2
    for archive in archives:
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not list(folder.glob("*.partial"))
