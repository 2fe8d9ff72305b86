from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tailsafe.governance import models


@admin.register(models.Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ("key", "name_ru", "type", "in_lpi", "rotating_cochair", "archived_at")
    search_fields = ("key", "name_ru", "name_en", "name_tg")


@admin.register(models.RotationConfig)
class RotationConfigAdmin(SimpleHistoryAdmin):
    list_display = ("start_year", "order")


for model in (
    models.Person,
    models.Membership,
    models.CoChairTerm,
    models.Guest,
    models.Establishment,
    models.TorVersion,
):
    admin.site.register(model, SimpleHistoryAdmin)
admin.site.register(models.LpiChange)
