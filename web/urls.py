from django.urls import path

from web import (
    iati_views,
    import_views,
)
from web.pages import (
    account,
    calendar,
    directories,
    insight,
    meetings,
    needs,
    notifications,
    opportunities,
    projects,
    trainings,
)

urlpatterns = [
    *opportunities.urlpatterns,
    *directories.urlpatterns,
    *account.urlpatterns,
    *meetings.urlpatterns,
    *projects.urlpatterns,
    *needs.urlpatterns,
    *trainings.urlpatterns,
    *notifications.urlpatterns,
    *calendar.urlpatterns,
    *insight.urlpatterns,
    path("imports/", import_views.import_start, name="imports"),
    path("imports/<int:pk>/", import_views.import_detail, name="import-detail"),
    path("imports/<int:pk>/import/", import_views.import_run, name="import-run"),
    path(
        "imports/blank/<slug:register>.xlsx",
        import_views.import_template,
        name="import-template",
    ),
    path("iati/activities.xml", iati_views.iati_export, name="iati-export"),
    path("iati/import/", iati_views.iati_import, name="iati-import"),
    path("iati/import/<int:pk>/", iati_views.iati_import_detail, name="iati-import-detail"),
    path("iati/import/<int:pk>/adopt/", iati_views.iati_adopt, name="iati-adopt"),
    path(
        "iati/import/<int:pk>/activities/<int:row>/",
        iati_views.iati_activity,
        name="iati-activity",
    ),
    path("iati/import/<int:pk>/reconcile/", iati_views.iati_reconcile, name="iati-reconcile"),
]
