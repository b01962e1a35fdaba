from django.urls import path

from web import (
    calendar_views,
    iati_views,
    import_views,
    notification_views,
)
from web.pages import (
    account,
    directories,
    insight,
    meetings,
    needs,
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
    *insight.urlpatterns,
    path("notifications/", notification_views.notification_list, name="notification-list"),
    path(
        "notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification-open",
    ),
    path(
        "notifications/read-all/",
        notification_views.notifications_read_all,
        name="notifications-read-all",
    ),
    path(
        "notifications/settings/",
        notification_views.notification_preferences,
        name="notification-preferences",
    ),
    path(
        "notifications/undelivered/",
        notification_views.notification_problems,
        name="notification-problems",
    ),
    path(
        "notifications/<int:pk>/resend/",
        notification_views.notification_resend_page,
        name="notification-resend",
    ),
    path("imports/", import_views.import_start, name="imports"),
    path("imports/<int:pk>/", import_views.import_detail, name="import-detail"),
    path("imports/<int:pk>/import/", import_views.import_run, name="import-run"),
    path(
        "imports/blank/<slug:register>.xlsx",
        import_views.import_template,
        name="import-template",
    ),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/renew/", calendar_views.calendar_renew, name="calendar-renew"),
    path("calendar/revoke/", calendar_views.calendar_revoke, name="calendar-revoke"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
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
