"""The staging table that holds checked rows until the import commits them."""

from __future__ import annotations

from typing import Any

from django.db import connection

# --- staging -------------------------------------------------------------------------------

STAGING_COLUMNS = (
    "row_no",
    "point_id",
    "parameter_id",
    "taken_at",
    "value",
    "censored",
    "unit",
    "level",
    "detection_limit",
    "quantification_limit",
    "norm_result",
)


class Staging:
    """A temporary table holding the checked rows of one file (COPY on PostgreSQL)."""

    CHUNK = 5000

    def __init__(self, batch_id: int) -> None:
        self.name = f"monitoring_staging_{batch_id}"
        self.pg = connection.vendor == "postgresql"
        self.buffer: list[tuple[Any, ...]] = []
        self.count = 0
        ts = "timestamptz" if self.pg else "text"
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self.name}")
            cur.execute(
                f"CREATE TEMPORARY TABLE {self.name} (row_no integer, point_id bigint, "
                f"parameter_id bigint, taken_at {ts}, value double precision, "
                "censored varchar(1), unit varchar(20), level varchar(10), "
                "detection_limit double precision, quantification_limit double precision, "
                "norm_result varchar(12))"
            )

    def add(self, row: tuple[Any, ...]) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        with connection.cursor() as cur:
            if self.pg:
                cols = ", ".join(STAGING_COLUMNS)
                with cur.cursor.copy(f"COPY {self.name} ({cols}) FROM STDIN") as copy:
                    for row in self.buffer:
                        copy.write_row(row)
            else:
                adapt = connection.ops.adapt_datetimefield_value
                rows = [(*r[:3], adapt(r[3]), *r[4:]) for r in self.buffer]
                marks = ", ".join(["%s"] * len(STAGING_COLUMNS))
                cur.executemany(f"INSERT INTO {self.name} VALUES ({marks})", rows)
        self.count += len(self.buffer)
        self.buffer.clear()

    def duplicates_in_file(self, limit: int) -> tuple[int, list[tuple[int, int]]]:
        """(count, [(row, first row with the same point, parameter and time)])."""
        sql = (
            f"SELECT s.row_no, d.first_row FROM {self.name} s JOIN ("
            f"SELECT point_id, parameter_id, taken_at, MIN(row_no) AS first_row "
            f"FROM {self.name} GROUP BY point_id, parameter_id, taken_at HAVING COUNT(*) > 1"
            ") d ON s.point_id = d.point_id AND s.parameter_id = d.parameter_id "
            "AND s.taken_at = d.taken_at WHERE s.row_no <> d.first_row ORDER BY s.row_no"
        )
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM ({sql}) x")
            total = cur.fetchone()[0]
            cur.execute(f"{sql} LIMIT {int(limit)}")
            return total, [(int(a), int(b)) for a, b in cur.fetchall()]

    def duplicates_in_db(self, limit: int) -> tuple[int, list[int]]:
        sql = (
            f"SELECT s.row_no FROM {self.name} s JOIN monitoring_observation o "
            "ON o.point_id = s.point_id AND o.parameter_id = s.parameter_id "
            "AND o.taken_at = s.taken_at ORDER BY s.row_no"
        )
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM ({sql}) x")
            total = cur.fetchone()[0]
            cur.execute(f"{sql} LIMIT {int(limit)}")
            return total, [int(r[0]) for r in cur.fetchall()]

    def move_to_observations(self, batch_id: int | None, user_id: int | None) -> int:
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO monitoring_observation (point_id, parameter_id, taken_at, value, "
                "censored, unit, level, detection_limit, quantification_limit, norm_result, "
                "batch_id, entered_by_id) SELECT point_id, parameter_id, taken_at, value, "
                "censored, unit, level, detection_limit, quantification_limit, norm_result, "
                f"%s, %s FROM {self.name}",
                [batch_id, user_id],
            )
            return int(cur.rowcount)

    def drop(self) -> None:
        self.buffer.clear()
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self.name}")
