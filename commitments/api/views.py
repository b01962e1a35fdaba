"""The commitment register over HTTP. Views parse and render; services decide.

The status reports handed in on a commitment are obligations' submissions, so
``/api/commitments/{id}/reports/`` is served from the obligation register's app
(``projects.api.views.CommitmentReportViewSet``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from commitments import selectors
from commitments.api.serializers import CommitmentSerializer
from commitments.filters import CommitmentFilter
from commitments.models import Commitment
from commitments.permissions import can_keep_commitments
from commitments.services import commitment_create, commitment_update
from core.api.registers import ServiceViewSet, kept_by

_KEEPERS = gettext_lazy(
    "Only the department's coordinators and administrators keep the commitments."
)


class CommitmentViewSet(ServiceViewSet[Commitment]):
    """The state's commitments with their indicators and latest actuals: read by everyone
    signed in, kept by the department and the administrators."""

    serializer_class = CommitmentSerializer
    writers = kept_by((can_keep_commitments, _KEEPERS))
    create_service = commitment_create
    update_service = commitment_update
    service_item = "commitment"
    reread_after_write = True
    filterset_class = CommitmentFilter
    ordering_fields = ["reference", "deadline", "status"]
    ordering = ["framework__position", "framework__code", "reference"]

    def get_queryset(self) -> QuerySet[Commitment]:
        return selectors.commitment_register()
