from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from tailsafe.core.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User], SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "role", "institution", "is_active")
    list_filter = ("role", "is_active", "is_demo")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("TailSafe", {"fields": ("role", "institution", "language", "is_demo")}),
    )
