from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "tailsafe.public"
    label = "public"
    verbose_name = _("Public page")

    def ready(self) -> None:
        from tailsafe.public import signals

        signals.connect()
