"""Review decisions on many records at once (the review page's batch): approve them together, or
return them with one reason. The view parses the selection and calls `records_review_batch`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .kinds import kind_by_key
from .services import records_transition

DECISIONS = ("approve", "return")


def records_review_batch(*, user, items: dict[str, dict[int, int]], decision: str, reason: str = "") -> int:
    """Approve or return the records of `items` ({kind: {pk: version}}): one transition per kind (each
    record still one history row), all or nothing. A record the user may not see refuses the batch
    (PermissionDenied), as does any refusal of `records_transition` (PermissionDenied, ConflictError,
    ValidationError). Returns how many records moved."""
    if decision not in DECISIONS:
        raise ValidationError(_("Select the records to approve or return."), code="decision")
    with transaction.atomic():
        for kind, versions in items.items():
            found = list(kind_by_key(kind).model.objects.visible_to(user).filter(pk__in=versions))
            if len(found) != len(versions):
                raise PermissionDenied(_("You may not review this record."))
            records_transition(user=user, records=found, action=decision, reason=reason, versions=versions)
    return sum(len(versions) for versions in items.values())
