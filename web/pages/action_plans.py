"""Action plans: a plan, its activities and their quarterly status, printed and imported."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
