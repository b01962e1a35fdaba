from rest_framework import viewsets

from actionplans.models import ActionPlan


class ActionPlanViewSet(viewsets.GenericViewSet[ActionPlan]):
    queryset = ActionPlan.objects.none()
