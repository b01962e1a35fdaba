from rest_framework import viewsets

from commitments.models import Commitment


class CommitmentViewSet(viewsets.GenericViewSet[Commitment]):
    queryset = Commitment.objects.none()
