"""Forms of the 填报 page (one small form per row) and of review decisions. They check input only:
who may write and in which state is for the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .evidence import ACCEPT, evidence_check
from .models import Direction, ProgressStatus
from .validation import clean_number

STATUS_CHOICES = [("", "—"), *ProgressStatus.choices]


class RowForm(forms.Form):
    """One record's input; `has_input()` tells an untouched new row from one to save."""

    note = forms.CharField(
        label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    evidence = forms.FileField(
        label=_("evidence"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )

    input_fields = ("note",)

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            evidence_check(upload=upload)
        return upload

    def has_input(self) -> bool:
        return any(self.cleaned_data.get(name) not in (None, "") for name in (*self.input_fields, "evidence"))


class ValueRowForm(RowForm):
    value = forms.CharField(
        label=_("value"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "num", "autocomplete": "off", "data-paste": "column"}
        ),
    )
    status = forms.ChoiceField(label=_("status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        self.qualitative = indicator.direction == Direction.QUALITATIVE
        if self.qualitative:
            del self.fields["value"]
            self.input_fields = ("status", "note")
        else:
            del self.fields["status"]
            self.input_fields = ("value", "note")

    def clean_value(self):
        raw = self.cleaned_data.get("value", "").strip()
        if not raw:
            return None
        return clean_number(raw, name=self.indicator.name, unit=self.indicator.unit)

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.has_input():
            return cleaned
        if self.qualitative and not cleaned.get("status"):
            self.add_error("status", _("Choose a status for this qualitative target."))
        if not self.qualitative and cleaned.get("value") is None:
            self.add_error("value", _("Enter a number."))
        return cleaned

    def differs_from(self, record) -> bool:
        data = self.cleaned_data
        if record is None:
            return True
        if self.qualitative:
            return (data["status"], data["note"]) != (record.status, record.note)
        return (data["value"], data["note"]) != (record.value, record.note)


class ProgressRowForm(RowForm):
    status = forms.ChoiceField(label=_("status"), choices=STATUS_CHOICES, required=False)
    narrative = forms.CharField(
        label=_("progress"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 1})
    )

    input_fields = ("status", "narrative")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]  # the narrative is the note of a task or project

    def clean(self):
        cleaned = super().clean()
        if not self.errors and self.has_input() and not cleaned.get("status"):
            self.add_error("status", _("Choose a status."))
        return cleaned

    def differs_from(self, record) -> bool:
        if record is None:
            return True
        return (self.cleaned_data["status"], self.cleaned_data["narrative"]) != (
            record.status,
            record.narrative,
        )


class ReviewDecisionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("reason"), required=False, max_length=2000)
