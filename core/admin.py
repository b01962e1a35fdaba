from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.models import Donor, DonorContact, OrganisationalUnit, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
