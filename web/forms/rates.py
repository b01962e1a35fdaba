"""The department's upload of exchange rates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("file of rates"),
        help_text=_(
            "XLSX, XLS, ODS or CSV with the columns date, currency, quantity and rate in GEL, "
            "or the National Bank's answer saved as JSON."
        ),
    )
