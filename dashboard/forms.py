"""The dashboard's filters: bad input is refused with a message and the filter left off."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.attainment import STATUS_LABELS
from indicators.models import Attribute
from indicators.verdicts import UNREPORTED
from operations.params import whole_number

from .scoreboard import STATUS_ORDER


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=whole_number,
        required=False,
    )
    jurisdiction = forms.TypedChoiceField(
        label=_("Jurisdiction"), coerce=whole_number, required=False, empty_value=None
    )
    attribute = forms.ChoiceField(
        label=_("Attribute"), required=False, choices=[("", _("All")), *Attribute.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            *((s.value, STATUS_LABELS[s]) for s in STATUS_ORDER),
            # A final verdict without the last year's value (2025年数据未报), apart from 暂无数据 as counted.
            (UNREPORTED, _("Last year of the plan not reported")),
        ],
    )
    category = forms.CharField(label=_("Category"), required=False, max_length=100)

    def __init__(self, *args, jurisdictions=(), years=(), **kwargs):
        """`jurisdictions`: (pk, name) pairs the user may choose from; `years`: the years of their plans."""
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [("", _("All")), *jurisdictions]
        self.fields["year"].choices = [(y, y) for y in years]

    def cleaned_or_empty(self) -> dict:
        """The valid filters; an invalid one is dropped (its error is shown beside the form)."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in ("", None)
        }
