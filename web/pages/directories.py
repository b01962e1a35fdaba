"""The directories everyone signed in reads: the organisational units (with their heads and
focal points) and the donors and partners."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core import selectors
from web.shared.routes import under


@login_required
def units(request: HttpRequest) -> HttpResponse:
    return render(request, "web/directories/units.html", {"units": selectors.unit_directory()})


@login_required
def donors(request: HttpRequest) -> HttpResponse:
    return render(request, "web/directories/donors.html", {"donors": selectors.donor_directory()})


urlpatterns = under(
    "",
    ("units/", units, "units"),
    ("donors/", donors, "donors"),
)
