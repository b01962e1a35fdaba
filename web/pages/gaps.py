"""From weak points to needs to donors: the gap analysis, and the indicator comparison of a
commitment or a need. Everyone signed in reads them; the figures come from ``insight.gaps``
and ``insight.comparison`` (the need's donor match is on the need's page, ``pages.needs``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from commitments.models import Commitment
from insight.comparison import Comparison, commitment_comparison, need_comparison
from insight.gaps import gap_analysis
from needs.models import Need
from needs.permissions import can_keep_needs
from web.forms.gaps import GapFilterForm
from web.shared.listing import PAGE_SIZE
from web.shared.routes import under


@login_required
def commitment_gaps(request: HttpRequest) -> HttpResponse:
    """Commitments off track, at risk or lagging their indicators' target paths, the worst
    first, each with the needs, opportunities and projects answering it."""
    filters = GapFilterForm(request.GET)
    gaps = gap_analysis(filters.commitments())
    unanswered = sum(1 for gap in gaps if not gap.answered)
    if filters.unanswered_only:
        gaps = [gap for gap in gaps if not gap.answered]
    page = Paginator(gaps, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "unanswered": unanswered,
        "can_add_need": can_keep_needs(request.user),
    }
    return render(request, "web/gaps/gaps.html", context)


def _comparison_page(
    request: HttpRequest, comparison: Comparison, **subject: Commitment | Need
) -> HttpResponse:
    """The comparison of what serves ``subject`` (``commitment=`` or ``need=``)."""
    return render(request, "web/gaps/comparison.html", {"comparison": comparison, **subject})


@login_required
def commitment_comparison_page(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("framework"), pk=pk)
    return _comparison_page(request, commitment_comparison(commitment), commitment=commitment)


@login_required
def need_comparison_page(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(Need, pk=pk)
    return _comparison_page(request, need_comparison(need), need=need)


urlpatterns = [
    *under(
        "commitments/",
        ("gaps/", commitment_gaps, "commitment-gaps"),
        ("<int:pk>/comparison/", commitment_comparison_page, "commitment-comparison"),
    ),
    *under("needs/", ("<int:pk>/comparison/", need_comparison_page, "need-comparison")),
]
