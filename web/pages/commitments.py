"""The commitments register: a commitment's page, its form, its status reports, and the frameworks."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
