from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.codelists import organisation_type_choices
from core.roles import UNIT_ROLES, Role
from core.unique import UniqueMessages
from core.versions import VersionedRecord


class BilingualName(models.Model):
    """Names kept in Georgian and English; ``name`` follows the active language."""

    name_ka = models.CharField(_("name (Georgian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual_name(self.name_ka, self.name_en)


def bilingual_name(name_ka: str, name_en: str, language: str | None = None) -> str:
    """The name to show in ``language`` (the active one by default): English when asked for
    and known, else Georgian."""
    if (language or get_language()) == "en" and name_en:
        return name_en
    return name_ka


class OrganisationalUnit(VersionedRecord, BilingualName):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        LEPL = "lepl", _("Legal entity of public law (LEPL)")
        LLC = "llc", _("Limited liability company (LLC)")
        NNLE = "nnle", _("Non-commercial legal entity (NNLE)")
        AGENCY = "agency", _("Agency")
        TERRITORIAL = "territorial", _("Territorial body")
        MUNICIPALITY_OFFICE = "municipality_office", _("Municipality office")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    notification_email = models.EmailField(_("notification email"), blank=True)
    head = models.ForeignKey(
        "core.User",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["name_ka"]

    def clean(self) -> None:
        # Walk up the tree: a unit may not become its own ancestor.
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
            ancestor = ancestor.parent


class User(UniqueMessages, AbstractUser):
    class Language(models.TextChoices):
        GEORGIAN = "ka", _("Georgian")
        ENGLISH = "en", _("English")

    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.GEORGIAN
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()

    # Role look-ups are asked many times per request; load the assignments once per instance.
    # Ask "is this person ...?" through core.roles, which builds on these three.
    @property
    def role_pairs(self) -> frozenset[tuple[str, int | None]]:
        cached: frozenset[tuple[str, int | None]] | None = getattr(self, "_role_pairs", None)
        if cached is None:
            cached = frozenset(self.role_assignments.values_list("role", "unit_id"))
            self._role_pairs = cached
        return cached

    def has_role(self, role: Role, unit_id: int | None = None) -> bool:
        if not self.is_active:
            return False
        if unit_id is None:
            return any(r == role for r, _unit in self.role_pairs)
        return (str(role), unit_id) in self.role_pairs

    def unit_ids_for(self, role: Role) -> set[int]:
        return {unit for r, unit in self.role_pairs if r == role and unit is not None}


class RoleAssignment(UniqueMessages, models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="unique_unit_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True),
                name="unique_ministry_wide_role",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in UNIT_ROLES], unit__isnull=False)
                | (~Q(role__in=[r.value for r in UNIT_ROLES]) & Q(unit__isnull=True)),
                name="unit_only_for_unit_roles",
            ),
        ]

    def __str__(self) -> str:
        role = self.get_role_display()
        return f"{self.user} — {role} ({self.unit})" if self.unit else f"{self.user} — {role}"

    def clean(self) -> None:
        # The same rule as the check constraint, said in the user's language.
        if (self.role in UNIT_ROLES) != (self.unit_id is not None):
            raise ValidationError(
                {"unit": _("Focal points and unit heads belong to a unit; other roles do not.")}
            )


class Donor(VersionedRecord, BilingualName):
    """A donor or partner organisation (EU, Sida, USAID, UNDP, an embassy...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    organisation_type = models.CharField(
        _("IATI organisation type"), max_length=4, choices=organisation_type_choices
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True
    )
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("donor or partner")
        verbose_name_plural = _("donors and partners")
        ordering = ["name_ka"]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}" if self.acronym else self.name


class DonorContact(models.Model):
    donor = models.ForeignKey(
        Donor, verbose_name=_("donor"), on_delete=models.CASCADE, related_name="contacts"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("donor contact")
        verbose_name_plural = _("donor contacts")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name
