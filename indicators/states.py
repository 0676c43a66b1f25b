"""The states a yearly record moves through, and the statuses of qualitative targets and tasks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


class ProgressStatus(models.TextChoices):
    DONE = "done", _("completed")
    IN_PROGRESS = "in_progress", _("in progress")
    NOT_DONE = "not_done", _("not completed")


# A reporter may change a record in these states; submitted and approved ones are locked.
EDITABLE_STATES = frozenset({ReviewState.DRAFT, ReviewState.RETURNED})
