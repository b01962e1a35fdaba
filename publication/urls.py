from django.urls import path

from publication import views

urlpatterns = [
    path("projects/", views.project_list, name="public-projects"),
    path("projects/<int:pk>/", views.project_detail, name="public-project"),
    path("projects.json", views.project_json, name="public-projects-json"),
    path("projects.atom", views.project_atom, name="public-projects-atom"),
]
