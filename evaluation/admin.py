"""Administrators upload a jurisdiction's Word template for its evaluation reports; a template that
cannot render a report is refused with the reason, and nothing is stored."""

import datetime

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from .models import ReportTemplate
from .services import TemplateError, template_check

MAX_BYTES = 10 * 1024 * 1024


class ReportTemplateForm(forms.ModelForm):
    class Meta:
        model = ReportTemplate
        fields = ["jurisdiction", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            if not upload.name.lower().endswith(".docx"):
                raise forms.ValidationError(_("Upload a Word file (.docx)."))
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("A template may be at most 10 MB."))
            try:
                template_check(upload, today=datetime.date.today())
            except TemplateError as refused:
                raise forms.ValidationError(str(refused)) from refused
            upload.seek(0)
        return upload


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    form = ReportTemplateForm
    list_display = ["jurisdiction", "original_name", "uploaded_by", "uploaded_at"]
    search_fields = ["jurisdiction__name", "original_name"]
    autocomplete_fields = ["jurisdiction"]
    readonly_fields = ["original_name", "uploaded_by", "uploaded_at"]

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            obj.original_name = form.cleaned_data["file"].name
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
