"""What may be read of indicators and yearly records, as QuerySet methods (one visibility rule per model)."""

from django.apps import apps
from django.conf import settings
from django.db import models

from accounts.models import Jurisdiction
from accounts.scope import scope_of
from plans.querysets import SubjectQuerySet

from .states import ReviewState


class IndicatorQuerySet(SubjectQuerySet):
    def for_display(self):
        return self.select_related("plan__jurisdiction", "box").prefetch_related("units")

    def assessed(self):
        """The indicators judged for attainment: the previous period's review table holds its results,
        not targets of this plan."""
        return self.exclude(source="review")

    def with_entry_kind(self):
        """What `Indicator.entered_as_figure` asks of the database, read with the rows."""
        assigned = apps.get_model("indicators", "AssignedTarget").objects.filter(
            indicator=models.OuterRef("pk")
        )
        return self.annotate(has_assigned_figure=models.Exists(assigned))

    def for_entry(self):
        return (
            self.for_display()
            .with_entry_kind()
            .order_by("plan__jurisdiction__name", "plan_id", "box__number", "seq")
        )

    def comparable_for(self, user):
        """What the comparison pages may set side by side, and nothing else reads: `visible_to(user)`,
        plus, when `settings.PEER_COMPARISON` is on, the indicators of the jurisdictions that share a
        parent with the user's own (a district leader reads 朝阳区 and 净月区 beside 宽城区). Only
        approved figures and attainment of those are shown; their plans, entry pages and API stay closed."""
        visible = self.visible_to(user)
        if not settings.PEER_COMPARISON or not getattr(user, "jurisdiction_id", None):
            return visible
        if scope_of(user).everything:
            return visible
        parent = Jurisdiction.objects.filter(pk=user.jurisdiction_id, parent__isnull=False).values(
            "parent_id"
        )
        peers = Jurisdiction.objects.filter(parent_id__in=parent).values("pk")
        return self.filter(models.Q(pk__in=visible.values("pk")) | models.Q(plan__jurisdiction_id__in=peers))


class RecordQuerySet(models.QuerySet):
    """Yearly records of any kind (`ReviewedRecord`): the model names its subject and the path to its
    plan, so one method serves values, task progress and project progress."""

    def visible_to(self, user):
        """Records of the subjects the user may read (`accounts.scope`)."""
        model = self.model
        return self.filter(
            scope_of(user).q(
                jurisdiction=f"{model.plan_path()}__jurisdiction_id",
                units=f"{model.SUBJECT_FIELD}__units",
                model=model,
            )
        )

    def for_reporter(self, user):
        """Records of the subjects the user's units report."""
        subjects = self.model.subject_model().objects.for_reporter(user).values("pk")
        return self.filter(**{f"{self.model.SUBJECT_FIELD}__in": subjects})

    def approved(self):
        return self.filter(state=ReviewState.APPROVED)

    def submitted(self):
        return self.filter(state=ReviewState.SUBMITTED)

    def with_subject(self):
        """With the subject, its plan and jurisdiction, its units and the people: what pages and
        permission checks read."""
        model = self.model
        return self.select_related(
            f"{model.plan_path()}__jurisdiction", "reported_by", "reviewed_by"
        ).prefetch_related(f"{model.SUBJECT_FIELD}__units")
