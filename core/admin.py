from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from core.models import Donor, DonorContact, OrganisationalUnit, RoleAssignment, User
from core.services import user_password_change


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


class PasswordSetForm(AdminPasswordChangeForm):
    """The admin sets a password through the service, so the person's API token and other
    sessions end as they do when the person changes it."""

    def save(self, commit: bool = True) -> Any:
        password = (
            self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        )
        user_password_change(user=self.user, password=password)
        return self.user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = PasswordSetForm
    inlines = [RoleAssignmentInline]
    list_display = ["username", "email", "first_name", "last_name", "language", "is_active"]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("Preferences"), {"fields": ["language"]}))


@admin.register(OrganisationalUnit)
class OrganisationalUnitAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_ka",
        "name_en",
        "kind",
        "parent",
        "notification_email",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_ka", "name_en"]
    autocomplete_fields = ["parent", "head"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "unit__name_ka"]
    autocomplete_fields = ["user", "unit"]


class DonorContactInline(admin.TabularInline):
    model = DonorContact
    extra = 0


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    list_display = ["code", "acronym", "name_ka", "name_en", "organisation_type", "country"]
    list_filter = ["organisation_type", "is_active"]
    search_fields = ["code", "acronym", "name_ka", "name_en"]
    inlines = [DonorContactInline]
