"""Form fields for figures and targets typed by hand (the admin's targets, revisions and assigned figures),
read by the same rules as yearly values (`validation`)."""

from django import forms

from .precision import shown
from .validation import clean_number, clean_target_text


class FigureField(forms.CharField):
    """A figure typed by hand outside the 填报 page (a revised target, an assigned figure), read by the
    one number parser of yearly values: "８８．５" and "1,234" read, "35,0" refused with its reason.
    Accepts, and ignores, the digits a model DecimalField passes (the model checks them on save)."""

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "num"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return shown(value) if not isinstance(value, str) else value

    def clean(self, value):
        text = super().clean(value)
        return clean_number(text) if text not in self.empty_values else None


class TargetTextField(forms.CharField):
    """A target or baseline typed in the admin, read by `clean_target_text`."""

    def clean(self, value):
        return clean_target_text(super().clean(value))
