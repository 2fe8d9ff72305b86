"""API: the OpenAPI schema and its documentation page."""

from __future__ import annotations

from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

# --- schema and docs ----------------------------------------------------------------------------


class SchemaView(SpectacularJSONAPIView):
    read_perm = None


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served from this URL (``?script``) and the page's
    styles from a file: the Content-Security-Policy allows no inline script or style."""

    read_perm = None
    template_name = "api/swagger_ui.html"
