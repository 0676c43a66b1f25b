from django.db import models


class IndicatorQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related("plan", "plan__jurisdiction", "box").prefetch_related("units")


class IndicatorValueQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)
