from django.contrib.auth import views as auth_views
from django.urls import path

from web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
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
]
