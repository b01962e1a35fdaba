"""From weak points to needs to donors: the gap analysis, the indicator comparison."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
