"""Admin classes for records that are shown, never written, from the admin: history, and
anything whose writes must go through a service that checks roles and keeps the history."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """History is shown, never written or removed, from the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ToStateFilter(admin.SimpleListFilter):
    """The state a move ended in, named in people's words (state logs carry no choices)."""

    title = gettext_lazy("to")
    parameter_name = "to_state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(model_admin.model.STATES.choices)

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(to_state=self.value()) if self.value() else queryset
