"""The form of the import page: which register a file holds, and the file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from imports.registers import register_choices


class ImportForm(forms.Form):
    register = forms.ChoiceField(label=gettext_lazy("register"), choices=register_choices)
    file = forms.FileField(label=gettext_lazy("file"), required=False)
