from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tailsafe.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Each app's rules.py registers its object predicates (core.permissions.rule).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("rules")
