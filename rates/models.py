"""The National Bank of Georgia's official exchange rates, kept as data: what a quantity of a
currency is worth in lari on a date. Totals in lari are computed from these rows only
(``rates.convert``); a date without a row takes the last rate before it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import date_in_window
from core.codelists import currency_choices
from core.records import person_field
from core.unique import UniqueMessages

# The bank quotes rates to four decimals; six leave room for a file typed more exactly.
RATE_MAX_DIGITS = 14
RATE_DECIMAL_PLACES = 6


class ExchangeRate(UniqueMessages, models.Model):
    class Source(models.TextChoices):
        NBG = "nbg", _("National Bank of Georgia service")
        UPLOAD = "upload", _("uploaded file")

    date = models.DateField(_("date"), validators=[date_in_window])
    currency = models.CharField(_("currency"), max_length=3, choices=currency_choices)
    # Some currencies are quoted per 10 or 100 units (the bank's "quantity").
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    rate = models.DecimalField(
        _("rate in GEL"), max_digits=RATE_MAX_DIGITS, decimal_places=RATE_DECIMAL_PLACES
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    recorded_by = person_field(_("recorded by"), null=True, editable=False)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-date", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["date", "currency"], name="rate_once_a_day"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="rate_quantity"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive"),
        ]
        indexes = [models.Index(fields=["currency", "-date"], name="rate_by_currency")]

    def __str__(self) -> str:
        return f"{self.date} {self.quantity} {self.currency} = {self.rate} GEL"
