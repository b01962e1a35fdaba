from django.contrib import admin

from core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from needs.models import Need, NeedEdit


class NeedEditInline(ReadOnlyInline):
    model = NeedEdit


@admin.register(Need)
class NeedAdmin(ReadOnlyAdmin):
    """Needs are written on the pages and the API, where roles are checked and edits kept."""

    list_display = ["title", "source", "priority", "responsible_unit", "status"]
    list_filter = ["status", "priority", "source", "responsible_unit"]
    search_fields = ["title", "description", "source_reference"]
    inlines = [NeedEditInline]


@admin.register(NeedEdit)
class NeedEditAdmin(ReadOnlyAdmin):
    list_display = ["need", "actor", "at"]
