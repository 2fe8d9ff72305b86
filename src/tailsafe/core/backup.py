"""Backups of the database and the uploaded files, and their restore (issue 9).

A backup is one .tar archive holding `manifest.json` (what, when, which database engine, the
SHA-256 of every member), the database (`database.sqlite3` made with SQLite's online backup API,
or `database.pgdump` made with `pg_dump --format=custom` on PostgreSQL) and `media/` with every
uploaded file. Restore checks every checksum before it touches anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(RuntimeError):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[dict[str, str], list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = [
        "--host",
        str(db.get("HOST") or "localhost"),
        "--port",
        str(db.get("PORT") or 5432),
        "--username",
        str(db.get("USER") or "postgres"),
    ]
    return env, args


def _dump_database(target_dir: Path) -> str:
    if connection.vendor == "sqlite":
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        source = connection.connection
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
        return target.name
    if connection.vendor == "postgresql":
        target = target_dir / "database.pgdump"
        env, args = _pg_env()
        # A fixed program and arguments from settings (no shell, no user input); found on PATH
        # as the PostgreSQL client tools are installed by the system.
        subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(target),
                str(settings.DATABASES["default"]["NAME"]),
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=6 * 3600,
        )
        return target.name
    raise BackupError(f"unsupported database engine {connection.vendor}")


def default_folder() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def owner_only_folder(folder: Path) -> Path:
    """The backup folder, owner-only (0700): created so, or tightened when it is ours; a folder
    of another user that others may read is refused (issue 14: password hashes, TOTP secrets
    and tokens are inside every backup)."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder")
    info = folder.stat()
    if info.st_uid == os.getuid():
        folder.chmod(0o700)
    elif info.st_mode & 0o077:
        raise BackupError(
            f"{folder} belongs to another user and others may read it; choose an owner-only "
            "folder (chmod 700) for backups"
        )
    return folder


def create_backup(output: Path | None = None) -> Path:
    """Write a backup archive to `output` (a file path or a folder; default var/backups/) and
    return its path. The archive is owner-only (0600) in an owner-only folder (0700)."""
    output = default_folder() if output is None else Path(output)
    if output.is_dir() or not output.suffix:
        output = owner_only_folder(output) / f"tailsafe-{timezone.now():%Y%m%d-%H%M%S}.tar"
    else:
        owner_only_folder(output.parent)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        db_name = _dump_database(tmpdir)
        members = {db_name: _sha256(tmpdir / db_name)}
        files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )
        for path in files:
            members[f"media/{path.relative_to(media_root).as_posix()}"] = _sha256(path)
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": db_name,
            "members": members,
        }
        partial = output.with_suffix(output.suffix + ".partial")
        partial.unlink(missing_ok=True)  # a leftover of a crashed run
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(fd, 0o600)  # whatever the umask
        with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w") as tar:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(tmpdir / db_name, arcname=db_name)
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.replace(output)  # a half-written backup never looks like a good one
    return output


def read_manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r") as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise BackupError("manifest.json missing")
        return dict(json.load(member))


def restore_backup(archive: Path) -> dict[str, Any]:
    """Replace the database and the uploaded files with the archive's, after checking it."""
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError("unknown backup format")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database, this is {connection.vendor}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        with tarfile.open(archive, "r") as tar:
            tar.extractall(tmpdir, filter="data")
        for name, digest in manifest["members"].items():
            if _sha256(tmpdir / name) != digest:
                raise BackupError(f"checksum mismatch for {name}: the archive is damaged")
        _restore_database(tmpdir / manifest["database"])
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists():
            shutil.rmtree(media_root)
        if (tmpdir / "media").exists():
            shutil.copytree(tmpdir / "media", media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    return manifest


def _restore_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    db = settings.DATABASES["default"]
    for conn in connections.all():
        conn.close()
    env, args = _pg_env()
    # A fixed program and arguments from settings (no shell, no user input).
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            str(db["NAME"]),
            str(dump),
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=6 * 3600,
    )
