"""What may be read of the plans, as QuerySet methods: one visibility rule per model, the rule of
`accounts.scope` (a user reads the plans of the jurisdictions in their scope; bureau staff also what
their own units are responsible for, wherever it is, and the plan that holds it).
"""

import functools

from django.apps import apps
from django.db import models

from accounts.scope import scope_of


class PlanQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_synthetic=False)

    def with_structure(self):
        return self.select_related("jurisdiction", "jurisdiction__parent", "parent")

    def visible_to(self, user):
        """Plans of the jurisdictions in the user's scope, and those holding something their units
        are responsible for (opened on those rows: the subjects' own `visible_to`)."""
        paths = [f"{path}__units" for path in _paths_to_subjects()]
        return self.filter(scope_of(user).q(jurisdiction="jurisdiction_id", units=paths, model=self.model))

    def covering(self, year: int):
        """Plans whose period includes `year`."""
        return self.filter(start_year__lte=year, end_year__gte=year)


class SubjectQuerySet(models.QuerySet):
    """Indicators, tasks and key projects: what responsible units report on. Each model names the
    path from itself to its plan (`PLAN_PATH`) and the field that names it (`TITLE_FIELD`); their units
    are the `units` relation."""

    def visible_to(self, user):
        path = f"{self.model.PLAN_PATH}__jurisdiction_id"
        return self.filter(scope_of(user).q(jurisdiction=path, units="units", model=self.model))

    def seen_by(self, user):
        """`visible_to(user)`, or all of them for no user: the reports' selectors, which the commands
        call for nobody (a plan opened for a bureau's own rows reports just those)."""
        return self if user is None else self.visible_to(user)

    def for_reporter(self, user):
        """What the user's own units are responsible for: what they report."""
        return self.filter(pk__in=self._of_units(user))

    def in_year(self, year: int):
        """Those whose plan's period includes `year`."""
        path = self.model.PLAN_PATH
        return self.filter(**{f"{path}__start_year__lte": year, f"{path}__end_year__gte": year})

    def _of_units(self, user):
        return self.model._base_manager.filter(units__in=scope_of(user).units).values("pk")


@functools.cache
def _paths_to_subjects() -> tuple[str, ...]:
    """The paths from a plan to each kind of subject (`chapters__sections__tasks`, `indicators`, …):
    the models whose QuerySet is a `SubjectQuerySet`, found when asked, as subjects live on floors
    above the plans."""
    paths = []
    for model in apps.get_models():
        if not issubclass(getattr(model._default_manager, "_queryset_class", object), SubjectQuerySet):
            continue
        hops, current = [], model
        for name in model.PLAN_PATH.split("__"):
            field = current._meta.get_field(name)
            hops.append(field.related_query_name())
            current = field.related_model
        paths.append("__".join(reversed(hops)))
    return tuple(sorted(paths))


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
