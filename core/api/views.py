from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import viewsets

from core.api.permissions import DirectoryPermission
from core.api.serializers import DonorSerializer, OrganisationalUnitSerializer
from core.api.versions import ConditionalUpdateMixin
from core.models import Donor, OrganisationalUnit
from core.services import donor_update, unit_update


class OrganisationalUnitViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet[OrganisationalUnit]):
    """Organisational units (ministry, departments, sub-agencies...): read for all, kept by IRD."""

    serializer_class = OrganisationalUnitSerializer
    permission_classes = [DirectoryPermission]
    filterset_fields = ["kind", "parent", "is_active"]
    search_fields = ["code", "name_ka", "name_en"]
    ordering_fields = ["code", "name_ka", "name_en"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[OrganisationalUnit]:
        return OrganisationalUnit.objects.order_by("name_ka", "id")

    def perform_update(self, serializer: OrganisationalUnitSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        unit_update(
            unit=serializer.instance,
            fields=dict(serializer.validated_data),
            expected_version=self.expected_version(),
        )


class DonorViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet[Donor]):
    """Donors and partners: read for all, kept by IRD."""

    serializer_class = DonorSerializer
    permission_classes = [DirectoryPermission]
    filterset_fields = ["organisation_type", "country", "is_active"]
    search_fields = ["code", "acronym", "name_ka", "name_en"]
    ordering_fields = ["code", "acronym", "name_ka", "name_en"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Donor]:
        return Donor.objects.prefetch_related("contacts").order_by("name_ka", "id")

    def perform_update(self, serializer: DonorSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        donor_update(
            donor=serializer.instance,
            fields=dict(serializer.validated_data),
            expected_version=self.expected_version(),
        )


@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any address under /api/ that names no resource, whatever the method: the API's JSON 404,
    not an HTML page."""
    message = _("The item was not found.")
    return JsonResponse({"detail": message, "messages": [message]}, status=404)
