from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tailsafe.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from tailsafe.core import versioned
        from tailsafe.meetings.views.common import AGENDA_ACTIONS_VERSION

        # the agenda list shows each item's action items (followup, a layer above: by label)
        versioned.bump_on_save(AGENDA_ACTIONS_VERSION, [apps.get_model("followup.ActionItem")])
