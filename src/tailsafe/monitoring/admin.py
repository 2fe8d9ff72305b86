from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tailsafe.monitoring import models


@admin.register(models.Parameter)
class ParameterAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_en", "unit", "method", "detection_limit")


@admin.register(models.LimitNorm)
class LimitNormAdmin(SimpleHistoryAdmin):
    list_display = ("parameter_name", "value", "unit", "norm", "confidence")


@admin.register(models.MonitoringPoint)
class MonitoringPointAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "facility", "kind", "active")
    list_filter = ("kind", "active")


@admin.register(models.PointParameter)
class PointParameterAdmin(SimpleHistoryAdmin):
    list_display = ("point", "parameter", "mode", "alert", "alarm", "emergency")


@admin.register(models.ColumnMapping)
class ColumnMappingAdmin(SimpleHistoryAdmin):
    list_display = ("lab", "encoding", "decimal", "delimiter")
