"""The Evidence model (佐证材料); the checks and the services that write it are in `evidence.py`."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from .kinds import KINDS, one_record_linked


def storage_name(instance, filename):
    """evidence/<year>/<random>.<ext>: nothing of the record or the original name shows."""
    extension = PurePath(filename).suffix.lower()
    return f"evidence/{instance.year}/{secrets.token_urlsafe(24)}{extension}"


class Evidence(models.Model):
    """One file attached to exactly one yearly record: a foreign key per kind (`RecordKind.evidence_field`)."""

    value = models.ForeignKey(
        "indicators.IndicatorValue",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=gettext_lazy("yearly value"),
    )
    task_progress = models.ForeignKey(
        "indicators.TaskProgress",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=gettext_lazy("task progress"),
    )
    project_progress = models.ForeignKey(
        "indicators.ProjectProgress",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=gettext_lazy("project progress"),
    )
    year = models.PositiveSmallIntegerField(gettext_lazy("year"))
    file = models.FileField(gettext_lazy("file"), upload_to=storage_name, max_length=200)
    original_name = models.CharField(gettext_lazy("file name"), max_length=255)
    content_type = models.CharField(gettext_lazy("content type"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("size in bytes"))
    sha256 = models.CharField(gettext_lazy("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=gettext_lazy("uploaded by")
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)

    history = HistoricalRecords(
        verbose_name=gettext_lazy("evidence file history"),
        verbose_name_plural=gettext_lazy("evidence file history"),
    )

    class Meta:
        verbose_name = gettext_lazy("evidence file")
        verbose_name_plural = gettext_lazy("evidence files")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=one_record_linked([kind.evidence_field for kind in KINDS]),
                name="evidence_belongs_to_one_record",
            ),
        ]

    def __str__(self):
        return self.original_name

    @property
    def record(self):
        return next(
            getattr(self, kind.evidence_field)
            for kind in KINDS
            if getattr(self, f"{kind.evidence_field}_id") is not None
        )
