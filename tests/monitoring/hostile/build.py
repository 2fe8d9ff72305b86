"""Rebuild the hostile-file corpus of tests/monitoring/test_hostile_files.py (issue 14 item 6).

    .venv/bin/python tests/monitoring/hostile/build.py

Each file is a laboratory upload a careless or hostile sender could make; every one must give a
row-by-row report, store nothing, and never a 500 or a batch stuck "checking".
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).parent
HEADER = "point;parameter;taken_at;value;unit\n"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Lab" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
)


def shared_string_bomb(path: Path, megabytes: int = 400) -> None:
    """One shared string of `megabytes` MB: a few hundred KB on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", SHEET)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst '
                b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                b'uniqueCount="1"><si><t>'
            )
            block = b"A" * (1024 * 1024)
            for _ in range(megabytes):
                f.write(block)
            f.write(b"</t></si></sst>")


def main() -> None:
    shared_string_bomb(HERE / "shared_string_bomb.xlsx")
    (HERE / "overflow.csv").write_text(
        HEADER + "UP-1;uranium;2025-03-14 09:30;1e308;g/L\n", encoding="utf-8"
    )
    (HERE / "old_dates.csv").write_text(
        HEADER
        + "UP-1;uranium;0001-01-01 00:00;0,01;mg/L\n"
        + "UP-1;uranium;01.01.1899;0,01;mg/L\n",
        encoding="utf-8",
    )
    (HERE / "long_code.csv").write_text(
        HEADER + "UP-" + "9" * 100_000 + ";uranium;2025-03-14 09:30;0,01;mg/L\n",
        encoding="utf-8",
    )
    (HERE / "nul_bytes.csv").write_bytes(
        (HEADER + "UP-1;uran\x00ium;2025-03-14 09:30;0,01;mg/L\n").encode("utf-8")
    )
    (HERE / "not_a_workbook.xlsx").write_bytes(b"PK\x03\x04 this is not a zip archive")


if __name__ == "__main__":
    main()
