from django.urls import path

from web import (
    calendar_views,
    iati_views,
    import_views,
    insight_views,
    need_views,
    notification_views,
    training_views,
)
from web.pages import account, directories, meetings, opportunities, projects

urlpatterns = [
    *opportunities.urlpatterns,
    *directories.urlpatterns,
    *account.urlpatterns,
    *meetings.urlpatterns,
    *projects.urlpatterns,
    path("dashboard/", insight_views.dashboard, name="dashboard"),
    path("reports/route/", insight_views.route_report, name="route-report"),
    path("needs/", need_views.need_list, name="needs"),
    path("needs/new/", need_views.need_create_page, name="need-create"),
    path("needs/gaps/", need_views.need_gaps, name="need-gaps"),
    path("needs/<int:pk>/", need_views.need_detail, name="need-detail"),
    path("needs/<int:pk>/edit/", need_views.need_edit_page, name="need-edit"),
    path("trainings/", training_views.training_list, name="trainings"),
    path("trainings/new/", training_views.training_create_page, name="training-create"),
    path("trainings/<int:pk>/", training_views.training_detail, name="training-detail"),
    path("trainings/<int:pk>/edit/", training_views.training_edit_page, name="training-edit"),
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
