"""What may be read of the plans, as QuerySet methods: one visibility rule per model.

A user reads the plans of the jurisdictions in their scope (`accounts.scope`); bureau staff also
read whatever their own units are responsible for, wherever it is.
"""

from django.db import models

from accounts.scope import user_unit_ids, visible_jurisdiction_ids


class PlanQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_synthetic=False)

    def with_structure(self):
        return self.select_related("jurisdiction", "jurisdiction__parent", "parent")

    def visible_to(self, user):
        visible = visible_jurisdiction_ids(user)
        return self if visible is None else self.filter(jurisdiction_id__in=visible)

    def covering(self, year: int):
        """Plans whose period includes `year`."""
        return self.filter(start_year__lte=year, end_year__gte=year)


class SubjectQuerySet(models.QuerySet):
    """Indicators, tasks and key projects: what responsible units report on. Each model names the
    path from itself to its plan (`PLAN_PATH`) and the field that names it (`TITLE_FIELD`); their units
    are the `units` relation."""

    def visible_to(self, user):
        visible = visible_jurisdiction_ids(user)
        if visible is None:
            return self
        in_scope = models.Q(**{f"{self.model.PLAN_PATH}__jurisdiction_id__in": visible})
        # A subquery rather than a join: no duplicate rows, so no DISTINCT (which the admin and
        # row locks dislike).
        return self.filter(in_scope | models.Q(pk__in=self._of_units(user)))

    def for_reporter(self, user):
        """What the user's own units are responsible for: what they report."""
        return self.filter(pk__in=self._of_units(user))

    def in_year(self, year: int):
        """Those whose plan's period includes `year`."""
        path = self.model.PLAN_PATH
        return self.filter(**{f"{path}__start_year__lte": year, f"{path}__end_year__gte": year})

    def _of_units(self, user):
        return self.model._base_manager.filter(units__in=user_unit_ids(user)).values("pk")


class TaskQuerySet(SubjectQuerySet):
    def for_entry(self):
        return (
            self.select_related("section__chapter__plan__jurisdiction")
            .prefetch_related("units", "responsibilities__unit")
            .order_by("section__chapter__plan_id", "section__chapter__number", "section__number", "order")
        )


class KeyProjectQuerySet(SubjectQuerySet):
    def for_entry(self):
        return (
            self.select_related("box__plan__jurisdiction")
            .prefetch_related("units")
            .order_by("box__plan_id", "box__number", "seq")
        )
