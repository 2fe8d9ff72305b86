from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "tailsafe.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from tailsafe.followup import signals  # noqa: F401  (connects the receivers)
