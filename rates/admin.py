from django.contrib import admin

from core.admin_readonly import ReadOnlyAdmin
from rates.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnlyAdmin):
    """Rates are written by the bank's fetch and the department's upload, which check them."""

    list_display = ["date", "currency", "quantity", "rate", "source", "recorded_at"]
    list_filter = ["source", "currency"]
    date_hierarchy = "date"
