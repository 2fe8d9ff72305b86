"""CSV and GeoJSON exports of the inventory."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.http import HttpResponse

from tailsafe.core.permissions import Perm, requires
from tailsafe.core.spreadsheet import SafeWriter
from tailsafe.facilities.exports import EXPORT_FIELDS, export_record
from tailsafe.facilities.views.base import _ranked

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


@requires(Perm.VIEW_INTERNAL)
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tailsafe-facilities.csv"'
    rows = [export_record(r) for r in _ranked(user=request.user)]
    fieldnames = [*EXPORT_FIELDS, *[k for k in (rows[0] if rows else {}) if k not in EXPORT_FIELDS]]
    names = fieldnames or list(EXPORT_FIELDS)
    writer = SafeWriter(response)  # no cell runs as a formula in a spreadsheet (OWASP)
    writer.writerow(names)
    for record in rows:
        writer.writerow(record.get(name, "") for name in names)
    return response


@requires(Perm.VIEW_INTERNAL)
def export_geojson(request: AuthenticatedHttpRequest) -> HttpResponse:
    """RFC 7946 FeatureCollection; positions are [longitude, latitude] (WGS 84)."""
    features = []
    for row in _ranked(user=request.user):
        f = row["facility"]
        geometry = None
        if f.latitude is not None and f.longitude is not None:
            geometry = {"type": "Point", "coordinates": [float(f.longitude), float(f.latitude)]}
        props = {k: (None if v == "" else v) for k, v in export_record(row).items()}
        props.pop("latitude", None)
        props.pop("longitude", None)
        features.append(
            {"type": "Feature", "id": f.code, "geometry": geometry, "properties": props}
        )
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="tailsafe-facilities.geojson"'
    return response
