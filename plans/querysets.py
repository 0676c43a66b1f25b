from django.db import models


class PlanQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_synthetic=False)

    def with_structure(self):
        return self.select_related("jurisdiction", "jurisdiction__parent", "parent")
