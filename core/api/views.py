from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
)
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.permissions import DirectoryPermission
from core.api.serializers import DonorSerializer, OrganisationalUnitSerializer
from core.models import Donor, OrganisationalUnit


class OrganisationalUnitViewSet(viewsets.ModelViewSet[OrganisationalUnit]):
    """Organisational units (ministry, departments, sub-agencies...): read for all, kept by IRD."""

    serializer_class = OrganisationalUnitSerializer
    permission_classes = [DirectoryPermission]
    filterset_fields = ["kind", "parent", "is_active"]
    search_fields = ["code", "name_ka", "name_en"]
    ordering_fields = ["code", "name_ka", "name_en"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[OrganisationalUnit]:
        return OrganisationalUnit.objects.order_by("name_ka", "id")


class DonorViewSet(viewsets.ModelViewSet[Donor]):
    """Donors and partners: read for all, kept by IRD."""

    serializer_class = DonorSerializer
    permission_classes = [DirectoryPermission]
    filterset_fields = ["organisation_type", "country", "is_active"]
    search_fields = ["code", "acronym", "name_ka", "name_en"]
    ordering_fields = ["code", "acronym", "name_ka", "name_en"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Donor]:
        return Donor.objects.prefetch_related("contacts").order_by("name_ka", "id")


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([AllowAny])
def not_found(request: Request, rest: str) -> Response:
    """Any address under /api/ that names no resource: the API's JSON 404, not an HTML page."""
    raise NotFound(_("The item was not found."))
