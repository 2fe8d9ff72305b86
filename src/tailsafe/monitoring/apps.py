from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "tailsafe.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from tailsafe.core import versioned
        from tailsafe.monitoring.models import (
            LimitNorm,
            MonitoringPoint,
            Parameter,
            PointParameter,
        )
        from tailsafe.monitoring.services.queries import READINGS_VERSION

        # what a chart shows besides its readings (services.chart_series caches the overview)
        versioned.bump_on_save(
            READINGS_VERSION, [MonitoringPoint, PointParameter, Parameter, LimitNorm]
        )
