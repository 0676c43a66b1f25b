from django.db import models


class PlanQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_synthetic=False)

    def with_structure(self):
        return self.select_related("jurisdiction", "jurisdiction__parent", "parent")


class JurisdictionQuerySet(models.QuerySet):
    def within(self, jurisdiction):
        """The jurisdiction and every one below it (the tree is province → city → district)."""
        pk = getattr(jurisdiction, "pk", jurisdiction)
        return self.filter(models.Q(pk=pk) | models.Q(parent_id=pk) | models.Q(parent__parent_id=pk))
