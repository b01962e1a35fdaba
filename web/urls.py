"""Every address of the pages, one list per domain: each ``web.pages`` module lists its own
(paths and URL names). API addresses are in ``config.api_urls``."""

from web.pages import (
    account,
    action_plans,
    calendar,
    commitments,
    directories,
    gaps,
    home,
    iati,
    imports,
    insight,
    meetings,
    needs,
    notifications,
    opportunities,
    projects,
    rates,
    search,
    trainings,
)

urlpatterns = [
    *home.urlpatterns,
    *opportunities.urlpatterns,
    *meetings.urlpatterns,
    *projects.urlpatterns,
    *needs.urlpatterns,
    *trainings.urlpatterns,
    *iati.urlpatterns,
    *imports.urlpatterns,
    *insight.urlpatterns,
    *notifications.urlpatterns,
    *calendar.urlpatterns,
    *account.urlpatterns,
    *directories.urlpatterns,
    *commitments.urlpatterns,
    *gaps.urlpatterns,
    *action_plans.urlpatterns,
    *search.urlpatterns,
    *rates.urlpatterns,
]
