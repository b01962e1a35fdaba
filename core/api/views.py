from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import viewsets

from core.api.permissions import DirectoryPermission
from core.api.registers import ServiceUpdateMixin
from core.api.serializers import DonorSerializer, OrganisationalUnitSerializer
from core.models import Donor, OrganisationalUnit
from core.services import donor_update, unit_update

M = TypeVar("M", bound=Donor | OrganisationalUnit)


class DirectoryViewSet(ServiceUpdateMixin, viewsets.ModelViewSet[M]):
    """A directory: read by everyone signed in, kept by IRD; PATCH edits through the service
    with the version ``If-Match`` asked for (there is no PUT and no DELETE)."""

    permission_classes = [DirectoryPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def service_arguments(self, serializer: Any) -> dict[str, Any]:
        return {"fields": dict(serializer.validated_data)}


class OrganisationalUnitViewSet(DirectoryViewSet[OrganisationalUnit]):
    """Organisational units (ministry, departments, sub-agencies...): read for all, kept by IRD."""

    serializer_class = OrganisationalUnitSerializer
    update_service = unit_update
    service_item = "unit"
    filterset_fields = ["kind", "parent", "is_active"]
    search_fields = ["code", "name_ka", "name_en"]
    ordering_fields = ["code", "name_ka", "name_en"]

    def get_queryset(self) -> QuerySet[OrganisationalUnit]:
        return OrganisationalUnit.objects.order_by("name_ka", "id")


class DonorViewSet(DirectoryViewSet[Donor]):
    """Donors and partners: read for all, kept by IRD."""

    serializer_class = DonorSerializer
    update_service = donor_update
    service_item = "donor"
    filterset_fields = ["organisation_type", "country", "is_active"]
    search_fields = ["code", "acronym", "name_ka", "name_en"]
    ordering_fields = ["code", "acronym", "name_ka", "name_en"]

    def get_queryset(self) -> QuerySet[Donor]:
        return Donor.objects.prefetch_related("contacts").order_by("name_ka", "id")


@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any address under /api/ that names no resource, whatever the method: the API's JSON 404,
    not an HTML page."""
    message = _("The item was not found.")
    return JsonResponse({"detail": message, "messages": [message]}, status=404)
