"""Forms of the 填报 page (one small form per row) and of review decisions. They check input only:
who may write and in which state is for the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from entry import widgets
from indicators import services
from indicators.evidence import evidence_check
from indicators.kinds import Input, kind_of_subject
from indicators.models import NOTE_MAX_LENGTH, ProgressStatus

STATUS_CHOICES = [("", "—"), *ProgressStatus.choices]
# The id of each column's name on the 填报 page, which every input of the column points to: short,
# as a page of 124 rows repeats them 370 times.
COLUMN_IDS = {"value": "lv", "status": "ls", "note": "ln", "narrative": "lp", "evidence": "le"}


class RowForm(forms.Form):
    """One record's input; `has_input()` tells an untouched new row from one to save."""

    # Its length is the service's rule, said in its words ("note_too_long"); the browser's limit too.
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=widgets.Textarea(attrs={"rows": None, "cols": None, "maxlength": NOTE_MAX_LENGTH}),
    )
    # Sent with the page's other rows' versions in one field (`versions`, see entry.versions).
    version = forms.IntegerField(required=False, min_value=0, widget=widgets.HiddenInput)
    # The file types a browser offers (`accept`) are set once on the form (data-accept, entry.js).
    evidence = forms.FileField(label=_("evidence"), required=False, widget=widgets.FileInput)

    input_fields = ("note",)
    # The service's error codes → the field that shows them.
    error_fields = {"status": "status", "note_too_long": "note", "year": None, "not_ended": None}

    def __init__(self, *args, subject, year, previous=None, **kwargs):
        self.subject, self.year, self.previous = subject, year, previous
        self.kind = kind_of_subject(subject)
        self.warning = ""  # the figure's plausibility warnings, once cleaned
        # No `id`s: the 填报 page names each input by its row's title and its column instead
        # (`aria-labelledby`): the page gives the title cell the row's prefix as id and each column's
        # name a short id (`COLUMN_IDS`, templates/entry/entry.html).
        super().__init__(*args, auto_id=False, **kwargs)
        for name, field in self.fields.items():
            if not field.widget.is_hidden:
                field.widget.attrs["aria-labelledby"] = f"{self.prefix} {COLUMN_IDS[name]}"

    def clean(self):
        """The service's own input rules (`services.record_check`), as errors on the fields; the
        warnings the figure earns against last year's record (`previous`) in `warning`."""
        cleaned = super().clean()
        # A refused file does not hide what is wrong with the figure: both are said at once.
        if set(self.errors) - {"evidence"} or not self.has_input():
            return cleaned
        row = self.kind.row_type(
            self.subject,
            self.year,
            value=cleaned.get("value"),
            status=cleaned.get("status") or "",
            note=cleaned.get("note") or "",
        )
        change = services.record_check(row, previous=self.previous)
        if error := services.refusal_of(change):
            self.add_error(self.error_fields.get(change.error or "required", "value"), error)
        else:
            cleaned["value"] = change.value
            self.warning = change.warning
        return cleaned

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
        widget=widgets.TextInput(
            attrs={"inputmode": "decimal", "class": "num"}  # no autocomplete: the form says so once
        ),
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=STATUS_CHOICES,
        required=False,
        widget=widgets.Select,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.qualitative = not self.subject.entered_as_figure
        if self.qualitative:
            del self.fields["value"]
            self.input_fields = ("status", "note")
            self.error_fields = {**self.error_fields, "required": "status"}
        else:
            del self.fields["status"]
            self.input_fields = ("value", "note")


class ProgressRowForm(RowForm):
    status = forms.ChoiceField(
        label=_("status"),
        choices=STATUS_CHOICES,
        required=False,
        widget=widgets.Select,
    )
    narrative = forms.CharField(
        label=_("progress"),
        required=False,
        max_length=4000,
        widget=widgets.Textarea(attrs={"rows": None, "cols": None}),  # one line high: app.css
    )

    input_fields = ("status", "narrative")
    error_fields = {**RowForm.error_fields, "required": "status"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]  # the narrative is the note of a task or project


# The form of a row, by what its kind takes.
ROW_FORMS = {Input.FIGURE: ValueRowForm, Input.PROGRESS: ProgressRowForm}


def row_form(kind) -> type[RowForm]:
    return ROW_FORMS[kind.input]


class ReviewDecisionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("reason"), required=False, max_length=2000)
