"""The exchange rates: the list everyone reads (the latest rate of each currency first), and
the department's upload for where the bank's service cannot be reached. Reads go through
``rates.selectors``, the upload through ``imports.rates`` and ``rates.services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.auth import signed_in_user
from core.codelists import currency_choices
from core.errors import ActionBlocked, DomainError
from imports.rates import read_rates
from imports.services import read_upload, refuse_oversized
from rates import selectors
from rates.permissions import can_upload_rates
from rates.services import rates_upload
from web.forms.rates import RateUploadForm
from web.shared.feedback import forbidden_page
from web.shared.listing import PAGE_SIZE
from web.shared.routes import under


@login_required
def rate_list(request: HttpRequest) -> HttpResponse:
    known = {code for code, _label in currency_choices()}
    currency = request.GET.get("currency", "").strip().upper()
    rows = selectors.rate_list()
    if currency in known:
        rows = rows.filter(currency=currency)
    else:
        currency = ""
    page = Paginator(rows, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    context = {
        "latest": selectors.latest_per_currency(),
        "page": page,
        "currency": currency,
        "query": f"currency={currency}" if currency else "",
        "can_upload": can_upload_rates(request.user),
    }
    return render(request, "web/rates/list.html", context)


@login_required
def rate_upload(request: HttpRequest) -> HttpResponse:
    """Every wrong line of the file is listed next to the file field, and nothing is kept
    until none is."""
    user = signed_in_user(request)
    if not can_upload_rates(user):
        return forbidden_page(request)
    form = RateUploadForm(request.POST or None, request.FILES or None)
    status = 200
    refusals: list[str] = []
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ActionBlocked(_("Choose the file of rates."))
            upload = form.cleaned_data["file"]
            content = read_upload(upload)
            refuse_oversized(content)
            recorded = rates_upload(user=user, rows=read_rates(upload.name or "", content))
        except DomainError as refusal:
            status = refusal.http_status
            refusals = refusal.messages
        else:
            messages.success(
                request,
                _("Rates kept: %(created)d new, %(updated)d corrected, %(unchanged)d unchanged.")
                % {
                    "created": recorded.created,
                    "updated": recorded.updated,
                    "unchanged": recorded.unchanged,
                },
            )
            return redirect("rates")
    return render(
        request, "web/rates/upload.html", {"form": form, "refusals": refusals}, status=status
    )


urlpatterns = under(
    "rates/",
    ("", rate_list, "rates"),
    ("upload/", rate_upload, "rate-upload"),
)
