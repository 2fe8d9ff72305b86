from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransboundaryConfig(AppConfig):
    name = "tailsafe.transboundary"
    label = "transboundary"
    verbose_name = _("Transboundary warning")

    def ready(self) -> None:
        from tailsafe.transboundary import signals  # noqa: F401  (connects the receivers)
