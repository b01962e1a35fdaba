from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from core.errors import VersionConflict
from core.models import Donor, DonorContact, OrganisationalUnit, RoleAssignment, User
from core.services import donor_update, unit_update, user_password_change

# Two of Django's generic classes that are not subscriptable when the program runs.
if TYPE_CHECKING:
    _PasswordForm = AdminPasswordChangeForm[User]
    _BaseUserAdmin = BaseUserAdmin[User]
else:
    _PasswordForm = AdminPasswordChangeForm
    _BaseUserAdmin = BaseUserAdmin


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


class PasswordSetForm(_PasswordForm):
    """The admin sets a password through the service, so the person's API token and other
    sessions end as they do when the person changes it."""

    def save(self, commit: bool = True) -> Any:
        password = (
            self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        )
        user_password_change(user=self.user, password=password)
        return self.user


class VersionedAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """An admin edit carries the version it was opened with, as the edit pages do."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None:
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk)
            current = stored.values_list("version", flat=True).first()
            if current != opened:
                raise forms.ValidationError(
                    VersionConflict.stale(current_version=current or opened).messages
                )
        return cleaned


class VersionedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Saves an edit through the record's service: only the fields changed, the next version,
    refused if someone saved since the form was opened."""

    form = VersionedAdminForm

    def update_record(self, record: Any, **edit: Any) -> None:
        """Save ``edit`` (``fields`` and ``expected_version``) through the record's service."""
        raise NotImplementedError

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        columns = {f.name for f in obj._meta.concrete_fields}
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in columns}
        if fields:
            self.update_record(
                obj, fields=fields, expected_version=form.cleaned_data.get("opened_version")
            )


@admin.register(User)
class UserAdmin(_BaseUserAdmin):
    change_password_form = PasswordSetForm
    inlines = [RoleAssignmentInline]
    list_display = ["username", "email", "first_name", "last_name", "language", "is_active"]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("Preferences"), {"fields": ["language"]}))


@admin.register(OrganisationalUnit)
class OrganisationalUnitAdmin(VersionedAdmin):
    def update_record(self, record: Any, **edit: Any) -> None:
        unit_update(unit=record, **edit)

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
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "unit__name_ka"]
    autocomplete_fields = ["user", "unit"]


class DonorContactInline(admin.TabularInline[DonorContact, Donor]):
    model = DonorContact
    extra = 0


@admin.register(Donor)
class DonorAdmin(VersionedAdmin):
    def update_record(self, record: Any, **edit: Any) -> None:
        donor_update(donor=record, **edit)

    list_display = ["code", "acronym", "name_ka", "name_en", "organisation_type", "country"]
    list_filter = ["organisation_type", "is_active"]
    search_fields = ["code", "acronym", "name_ka", "name_en"]
    inlines = [DonorContactInline]
