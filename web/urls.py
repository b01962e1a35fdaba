from django.contrib.auth import views as auth_views
from django.urls import path

from web import (
    import_views,
    language,
    meeting_views,
    minutes,
    need_views,
    notification_views,
    project_edit_views,
    project_views,
    record_views,
    training_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", language.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("register/", views.register, name="register"),
    path("decisions/", views.decisions, name="decisions"),
    path("units/", views.units, name="units"),
    path("donors/", views.donors, name="donors"),
    path("opportunities/new/", views.opportunity_create, name="opportunity-create"),
    path("opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity-edit"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity-detail"),
    path(
        "opportunities/<int:pk>/transitions/<slug:name>/",
        views.opportunity_transition,
        name="opportunity-transition",
    ),
    path(
        "opportunities/<int:pk>/communications/",
        record_views.communication_add,
        name="communication-add",
    ),
    path(
        "opportunities/<int:pk>/attachments/",
        record_views.attachment_upload,
        name="attachment-upload",
    ),
    path(
        "opportunities/<int:pk>/attachments/<int:attachment>/",
        record_views.attachment_download,
        name="attachment-download",
    ),
    path("projects/", project_views.project_list, name="projects"),
    path("projects/new/", project_edit_views.project_create_page, name="project-create"),
    path("projects/<int:pk>/", project_views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", project_edit_views.project_edit_page, name="project-edit"),
    path(
        "projects/<int:pk>/obligations/new/",
        project_edit_views.obligation_create_page,
        name="obligation-create",
    ),
    path(
        "projects/<int:pk>/documents/",
        project_edit_views.project_document_upload,
        name="project-document-upload",
    ),
    path("projects/<int:pk>/progress/", project_views.progress_submit, name="progress-submit"),
    path(
        "projects/<int:pk>/progress/<int:report>/<slug:name>/",
        project_views.progress_decide,
        name="progress-decide",
    ),
    path(
        "projects/<int:pk>/documents/<int:document>/",
        project_views.project_document_download,
        name="project-document-download",
    ),
    path("obligations/", project_views.obligation_list, name="obligations"),
    path("obligations/<int:pk>/", project_views.obligation_detail, name="obligation-detail"),
    path(
        "obligations/<int:pk>/edit/",
        project_edit_views.obligation_edit_page,
        name="obligation-edit",
    ),
    path(
        "obligations/<int:pk>/transitions/<slug:name>/",
        project_views.obligation_move,
        name="obligation-move",
    ),
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
    path("meetings/", meeting_views.meeting_list, name="meetings"),
    path("meetings/new/", meeting_views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/agenda/", meeting_views.agenda_add, name="agenda-add"),
    path(
        "meetings/<int:pk>/agenda/<int:item>/remove/",
        meeting_views.agenda_remove,
        name="agenda-remove",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item>/move/", meeting_views.agenda_move, name="agenda-move"
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item>/record/",
        meeting_views.agenda_record,
        name="agenda-record",
    ),
    path("meetings/<int:pk>/minutes/", minutes.minutes_page, name="meeting-minutes"),
    path("meetings/<int:pk>/minutes.pdf", minutes.minutes_pdf, name="meeting-minutes-pdf"),
]
