"""The reporting cycle: 填报轮次 (a year opened for entry until a due date), the notifications a user
reads in the application, and the log that keeps the daily reminders to one per unit, kind and day."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Jurisdiction


class RoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ReportingRound.State.OPEN)

    def with_coverage(self):
        """With the ids of the jurisdictions named (`covers` reads them without a query each)."""
        return self.prefetch_related(
            models.Prefetch("jurisdictions", queryset=Jurisdiction.objects.only("pk"))
        )

    def with_named(self) -> list:
        """The rounds with the ids of the jurisdictions they name, in one query (a row per name)."""
        rounds = {}
        fields = ["pk", "year", "state", "due_date", "review_due_date"]
        for *values, named in self.values_list(*fields, "jurisdictions"):
            found = rounds.get(values[0])
            if found is None:
                found = rounds[values[0]] = self.model(**dict(zip(fields, values, strict=True)))
                found._named = set()
            if named is not None:
                found._named.add(named)
        return list(rounds.values())


class ReportingRound(models.Model):
    """A year opened for reporting. It covers the plans of the jurisdictions it names (none named:
    every plan). While open it is the year the 填报 and review pages open on; once closed its year takes
    no new figures, only corrections of records a reviewer sent back (returned or reopened)."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    year = models.PositiveSmallIntegerField(_("year"))
    jurisdictions = models.ManyToManyField(
        "accounts.Jurisdiction",
        blank=True,
        related_name="reporting_rounds",
        verbose_name=_("jurisdictions"),
        help_text=_("The plans of these jurisdictions report in this round; none chosen: every plan."),
    )
    due_date = models.DateField(_("due date"))
    review_due_date = models.DateField(_("review due date"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=6, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords(
        verbose_name=_("reporting round history"), verbose_name_plural=_("reporting round history")
    )
    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-year", "due_date"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1949, year__lte=2100), name="round_year_plausible"),
            models.CheckConstraint(
                condition=Q(review_due_date__isnull=True) | Q(review_due_date__gte=F("due_date")),
                name="round_review_due_after_due",
            ),
        ]

    def __str__(self):
        return _("Reporting round %(year)s") % {"year": self.year}

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def jurisdiction_ids(self) -> frozenset[int] | None:
        """The jurisdictions named, None for every one (reads a prefetch when there is one)."""
        named = getattr(self, "_named", None)
        ids = frozenset(named if named is not None else (j.pk for j in self.jurisdictions.all()))
        return ids or None

    def covers(self, jurisdiction_id) -> bool:
        named = self.jurisdiction_ids()
        return named is None or jurisdiction_id in named

    def due_shown(self) -> str:
        """The due date as the pages and messages print it (3月31日)."""
        return formats.date_format(self.due_date, "MONTH_DAY_FORMAT")

    def days_left(self, today=None) -> int:
        """Days until the due date (0 on the day, negative once it has passed)."""
        return (self.due_date - (today or timezone.localdate())).days


class Notification(models.Model):
    class Kind(models.TextChoices):
        RETURNED = "returned", _("record returned")
        REOPENED = "reopened", _("record reopened")
        ROUND_OPENED = "round_opened", _("round opened")
        DUE_CHANGED = "due_changed", _("due date changed")
        DUE_7 = "due_7", _("due in 7 days")
        DUE_1 = "due_1", _("due tomorrow")
        OVERDUE = "overdue", _("overdue")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.text[:60]


class Reminder(models.Model):
    """One reminder sent to a unit: `send_reminders` writes the row before it notifies, so a second
    run on the same day finds it and sends nothing."""

    unit = models.ForeignKey(
        "accounts.ResponsibleUnit", models.CASCADE, related_name="+", verbose_name=_("responsible unit")
    )
    round = models.ForeignKey(
        ReportingRound, models.CASCADE, related_name="reminders", verbose_name=_("reporting round")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Notification.Kind.choices)
    date = models.DateField(_("date"))
    # The due date the reminder announced: once the round's due date changes, the reminders of the new
    # one are sent again (with the new date).
    due_date = models.DateField(_("due date"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "round", "kind", "date", "due_date"], name="reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()} {self.date}"
