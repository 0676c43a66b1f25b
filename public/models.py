"""What the public site shows: snapshots of plan years an administrator decided to publish.

A `PublishedYear` holds, as plain data, what the public may read of one plan's year (approved verdicts,
completion counts, no notes, no evidence, no names): later approvals change nothing public until the year
is published again. `PublicationEvent` records every publish and unpublish.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedYearQuerySet(models.QuerySet):
    def listing(self):
        """For lists of what is published: the plan and its jurisdiction, without the snapshots."""
        return (
            self.select_related("plan__jurisdiction")
            .defer("snapshot")
            .order_by("plan__jurisdiction__name", "plan__start_year", "plan_id", "year")
        )


class PublishedYear(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="published_years", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    snapshot = models.JSONField(_("snapshot"))
    digest = models.CharField(_("digest"), max_length=64)

    objects = PublishedYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("published year")
        verbose_name_plural = _("published years")
        ordering = ["plan_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="public_one_snapshot_per_plan_year")
        ]

    def __str__(self):
        return f"{self.plan} · {self.year}"


class PublicationEvent(models.Model):
    """The log of publishing: who published or withdrew which plan year, and when."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("published")
        UNPUBLISH = "unpublish", _("withdrawn")

    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="+", verbose_name=_("plan"))
    year = models.PositiveSmallIntegerField(_("year"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("at"))
    digest = models.CharField(_("digest"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("publication event")
        verbose_name_plural = _("publication events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.plan} · {self.year}"
