"""An office's own Word template for its evaluation reports (评估报告模板): uploaded by an administrator
per jurisdiction; a jurisdiction without one uses the template shipped with the project."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def storage_name(instance, filename):
    """report_templates/<random>.docx: the upload's own name is kept in `original_name`."""
    return f"report_templates/{secrets.token_urlsafe(24)}.docx"


class ReportTemplate(models.Model):
    jurisdiction = models.OneToOneField(
        "accounts.Jurisdiction",
        models.CASCADE,
        related_name="report_template",
        verbose_name=_("jurisdiction"),
    )
    file = models.FileField(_("Word template (.docx)"), upload_to=storage_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation report template")
        verbose_name_plural = _("evaluation report templates")

    def __str__(self):
        return _("Evaluation report template of %(region)s") % {"region": self.jurisdiction.name}
