from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from actionplans.api.views import ActionPlanViewSet
from commitments.api.views import CommitmentViewSet, DonorPrioritiesViewSet, FrameworkViewSet
from core.api.token import obtain_auth_token
from core.api.views import DonorViewSet, OrganisationalUnitViewSet, not_found
from iati.api.views import IatiImportViewSet
from imports.api.views import ImportViewSet
from insight.api import views as insight_api
from needs.api.views import NeedViewSet
from projects.api.views import CommitmentReportViewSet, ObligationViewSet, ProjectViewSet
from rates.api import urls as rates_api
from trainings.api.views import TrainingViewSet
from workflow.api.views import OpportunityViewSet

router = DefaultRouter()
router.register("opportunities", OpportunityViewSet, basename="opportunity")
router.register("units", OrganisationalUnitViewSet, basename="unit")
router.register("donors", DonorViewSet, basename="donor")
router.register("projects", ProjectViewSet, basename="project")
router.register("obligations", ObligationViewSet, basename="obligation")
router.register("needs", NeedViewSet, basename="need")
router.register("trainings", TrainingViewSet, basename="training")
router.register("imports", ImportViewSet, basename="import")
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("commitments", CommitmentViewSet, basename="commitment")
# A commitment's status reports are its obligation's submissions (served by projects).
router.register(
    r"commitments/(?P<commitment>[0-9]+)/reports",
    CommitmentReportViewSet,
    basename="commitment-report",
)
router.register("action-plans", ActionPlanViewSet, basename="action-plan")
router.register("iati/imports", IatiImportViewSet, basename="iati-import")
rates_api.register(router)

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    # Before the registers' own routes: "gaps" is no commitment's id.
    path("commitments/gaps/", insight_api.gaps, name="commitment-gap-list"),
    path(
        "commitments/<int:pk>/comparison/",
        insight_api.commitment_comparison_view,
        name="commitment-indicator-comparison",
    ),
    path(
        "needs/<int:pk>/comparison/",
        insight_api.need_comparison_view,
        name="need-indicator-comparison",
    ),
    path("needs/<int:pk>/donor-match/", insight_api.need_donor_match_view, name="need-donor-match"),
    path(
        "donors/<int:pk>/priorities/",
        DonorPrioritiesViewSet.as_view({"get": "retrieve", "put": "update"}),
        name="donor-priority-set",
    ),
    path("", include(router.urls)),
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]
