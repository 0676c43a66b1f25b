"""What may be read of the organisation, as QuerySet methods: one visibility rule per model (`scope`)."""

from django.db import models

from operations.memo import per_request

from .roles import is_admin
from .scope import scope_of, unit_jurisdictions


class JurisdictionQuerySet(models.QuerySet):
    def within(self, jurisdiction):
        """The jurisdiction and every one below it (the tree is province → city → district)."""
        pk = getattr(jurisdiction, "pk", jurisdiction)
        return self.filter(models.Q(pk=pk) | models.Q(parent_id=pk) | models.Q(parent__parent_id=pk))

    def ids_visible_to(self, user) -> set[int] | None:
        """Jurisdictions whose plans the user may read: their own and those below it, and the
        jurisdictions of their units with those below them. None means all of them (administrators).
        Read once per request (one query)."""
        if not user.is_authenticated:
            return set()
        if is_admin(user):
            return None

        def read():
            roots = set(unit_jurisdictions(user).values())
            if user.jurisdiction_id:
                roots.add(user.jurisdiction_id)
            tree = (
                models.Q(pk__in=roots) | models.Q(parent_id__in=roots) | models.Q(parent__parent_id__in=roots)
            )
            return set(self.model.objects.filter(tree).values_list("pk", flat=True)) if roots else set()

        return per_request(user, "jurisdictions", read)

    def visible_to(self, user):
        visible = self.ids_visible_to(user)
        return self if visible is None else self.filter(pk__in=visible)


class ResponsibleUnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The units of the jurisdictions in the user's scope, and their own units (`scope`)."""
        return self.filter(scope_of(user).q(jurisdiction="jurisdiction_id", units="pk"))
