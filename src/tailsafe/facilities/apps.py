from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "tailsafe.facilities"
    label = "facilities"
    verbose_name = _("Tailings facilities")

    def ready(self) -> None:
        from tailsafe.core import versioned
        from tailsafe.facilities.indexes import RANKING_MODELS, RANKING_VERSION

        versioned.bump_on_save(RANKING_VERSION, [apps.get_model(m) for m in RANKING_MODELS])
