"""Admin for the checklist question bank (editable by an admin, methodology.md)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tailsafe.methodology.models import Question, QuestionBank


class QuestionInline(admin.StackedInline[Question, QuestionBank]):
    model = Question
    extra = 0


@admin.register(QuestionBank)
class QuestionBankAdmin(SimpleHistoryAdmin):
    list_display = ("name", "version", "provisional", "active", "parameter_set", "loaded_at")
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "bank", "category", "weight")
    list_filter = ("bank", "category")
    search_fields = ("code", "text_ru", "text_en")
