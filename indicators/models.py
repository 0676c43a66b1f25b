"""What is measured (indicators) and what was recorded each year (values, task and project progress)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .kinds import kind_of
from .precision import indicator_places, shown
from .querysets import IndicatorQuerySet, RecordQuerySet
from .states import EDITABLE_STATES, ProgressStatus, ReviewState

__all__ = ["EDITABLE_STATES", "ProgressStatus", "ReviewState"]

# A sanity bound only: whether a year is one of its plan's is `Plan.covers`, checked by the services.
YEARS_PLAUSIBLE = Q(year__gte=1949, year__lte=2100)


def year_plausible(prefix):
    return models.CheckConstraint(condition=YEARS_PLAUSIBLE, name=f"{prefix}_year_plausible")


def one_a_year(subject: str, prefix: str) -> tuple[list, list]:
    """The `ordering` and `constraints` of a yearly record of `subject`: one record per subject and
    year, of a plausible year (constraint names start with `prefix`)."""
    return [f"{subject}_id", "year"], [
        models.UniqueConstraint(fields=[subject, "year"], name=f"{prefix}_unique_year"),
        year_plausible(prefix),
    ]


def history_named(name, **options) -> HistoricalRecords:
    """A model's history, named the same in the singular and the plural."""
    return HistoricalRecords(verbose_name=name, verbose_name_plural=name, **options)


class Direction(models.TextChoices):
    LOWER = "lower_is_better", _("lower is better")
    HIGHER = "higher_is_better", _("higher is better")
    HOLD = "hold", _("hold the level")
    RANGE = "range", _("within a range")
    QUALITATIVE = "qualitative", _("qualitative")


class Attribute(models.TextChoices):
    BINDING = "约束性", _("binding")
    INDICATIVE = "预期性", _("indicative")


class Indicator(models.Model):
    class Source(models.TextChoices):
        TABLE = "table", _("indicator table")
        REVIEW = "review", _("review table")
        GOAL = "goal", _("goal in the text")

    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="indicators", verbose_name=_("plan"))
    box = models.ForeignKey(
        "plans.Box", models.CASCADE, null=True, blank=True, related_name="indicators", verbose_name=_("box")
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.TABLE)
    seq = models.PositiveSmallIntegerField(_("sequence"))
    category = models.CharField(_("category"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline_text = models.CharField(_("baseline as printed"), max_length=100, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_text = models.CharField(_("target as printed"), max_length=100, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=16, decimal_places=4, null=True, blank=True)
    target_2020_text = models.CharField(_("previous period's target as printed"), max_length=100, blank=True)
    attribute = models.CharField(_("attribute"), max_length=3, choices=Attribute.choices, blank=True)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    footnote = models.TextField(_("footnote"), blank=True)
    data_source = models.CharField(
        _("data source"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where the yearly figure comes from, e.g. the monitoring station network or a bureau's statistics."
        ),
    )
    definition = models.TextField(
        _("definition"), blank=True, help_text=_("How the figure is counted (统计口径).")
    )
    key = models.CharField(
        _("comparison key"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Normalised name: the same indicator across regions shares it."),
    )
    parent_indicator = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent plan's indicator"),
    )
    units = models.ManyToManyField(
        "accounts.ResponsibleUnit", blank=True, related_name="indicators", verbose_name=_("responsible units")
    )
    change_threshold = models.DecimalField(
        _("plausible change (%)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "A figure that changes from last year's, or is worse than the baseline, by more than this "
            "percentage asks the reporter for a note. Empty: 50."
        ),
    )
    # Moves on every save (admin edits, re-imports): cached dashboard tables compare it.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    PLAN_PATH, TITLE_FIELD = "plan", "name"
    objects = IndicatorQuerySet.as_manager()
    history = history_named(_("indicator history"), excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("indicator")
        # A context of its own: the bare msgid "indicators" is the overview's count label (项指标).
        verbose_name_plural = pgettext_lazy("model name", "indicators")
        ordering = ["plan_id", "box__number", "source", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "box", "seq"],
                condition=Q(box__isnull=False),
                name="indicator_unique_seq_in_box",
            ),
            models.UniqueConstraint(
                fields=["plan", "seq"], condition=Q(box__isnull=True), name="goal_unique_seq_in_plan"
            ),
            models.CheckConstraint(
                condition=Q(change_threshold__gt=0), name="indicator_change_threshold_positive"
            ),
        ]
        indexes = [models.Index(fields=["plan", "attribute"]), models.Index(fields=["key", "plan"])]

    def __str__(self):
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    @property
    def entered_as_figure(self) -> bool:
        """Whether a yearly value of this indicator is a figure (else a status: 已完成 / 推进中 / 未完成).
        The one rule the 填报 page, the admin, the API and the spreadsheet import read (through
        `services.ValueRow.wants_number`): a figure, unless the indicator is qualitative with neither a
        printed baseline figure nor a figure assigned from above (a text target such as 完成市级下达任务
        over a baseline of 1.8 is measured in numbers, and judged against the assigned figure). Read
        `IndicatorQuerySet.with_entry_kind()` rows to spare a query per indicator."""
        if self.direction != Direction.QUALITATIVE or self.baseline_value is not None:
            return True
        if not hasattr(self, "has_assigned_figure"):
            self.has_assigned_figure = self.assigned_targets.exists()
        return self.has_assigned_figure


class TargetRevision(models.Model):
    """A 中期调整: a revised target (for the plan's last year) in force from a year on; the original stays on the indicator."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="revisions", verbose_name=_("indicator")
    )
    effective_year = models.PositiveSmallIntegerField(_("in force from"))
    target_text = models.CharField(_("revised target as written"), max_length=100)
    target_value = models.DecimalField(
        _("revised target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    decided_on = models.DateField(_("decided on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = history_named(_("target revision history"))

    class Meta:
        verbose_name = _("target revision")
        verbose_name_plural = _("target revisions")
        ordering = ["indicator_id", "effective_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "effective_year"], name="revision_unique_year"),
            models.CheckConstraint(
                condition=Q(effective_year__gte=1949, effective_year__lte=2100),
                name="revision_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.effective_year}: {self.target_text}"


# The longest note of a record, for every writer (`services.record_changes_check`, code "note_too_long").
NOTE_MAX_LENGTH = 2000


class AssignedTarget(models.Model):
    """A figure a higher level assigned for a year (年度下达目标) where the plan prints a text target
    such as 完成市级下达任务: the year's value is judged against it (`attainment.Assigned`)."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="assigned_targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("assigned figure"), max_digits=16, decimal_places=4)
    at_most = models.BooleanField(
        _("upper bound"),
        default=False,
        help_text=_(
            "Tick when the value must not exceed the figure (a concentration, a share of poor water); "
            "leave empty when it must reach it (a reduction, a rate)."
        ),
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    assigned_by = models.CharField(
        _("assigned by"),
        max_length=100,
        blank=True,
        help_text=_("The authority that assigned it, e.g. 长春市生态环境局."),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Cached dashboard tables compare it (see `dashboard.scoreboard.fingerprint`).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assigned yearly target")
        verbose_name_plural = _("assigned yearly targets")
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="assigned_target_unique_year"),
            year_plausible("assigned_target"),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.year}: {self.value.normalize():f}{self.unit}"

    @property
    def label(self) -> str:
        """As pages and reports print it beside the printed target: 本年下达：0.3万吨 (不高于… for a cap)."""
        figure = f"{self.value.normalize():f}{self.unit}"
        if self.at_most:
            figure = gettext("at most %(figure)s") % {"figure": figure}
        return gettext("Assigned this year: %(figure)s") % {"figure": figure}


class ReviewedRecord(models.Model):
    """What every yearly record shares: who reported it, its review state and its lock version.

    Each model says at class level what it reports on, as `AbstractBaseUser` says `USERNAME_FIELD`:
    `SUBJECT_FIELD` (the indicator, task or key project; the subject's model names its `PLAN_PATH`
    and `TITLE_FIELD` and has `units`) and `INPUT_FIELDS` (what a reporter writes). Its descriptor in
    `kinds.KINDS` says how the rest of the site treats it (`kind`); querysets, services and the
    admin read both, so a new kind is a new model here, its link on `Evidence` and its descriptor.
    """

    SUBJECT_FIELD: str
    INPUT_FIELDS: tuple[str, ...]
    # What the services derive from the input and write with it (a value's plausibility warning).
    DERIVED_FIELDS: tuple[str, ...] = ()

    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def subject_model(cls):
        return cls._meta.get_field(cls.SUBJECT_FIELD).related_model

    @classmethod
    def plan_path(cls) -> str:
        return f"{cls.SUBJECT_FIELD}__{cls.subject_model().PLAN_PATH}"

    @property
    def kind(self):
        return kind_of(self)

    @property
    def subject(self):
        return getattr(self, self.SUBJECT_FIELD)

    @property
    def plan(self):
        return self.subject.plan

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class IndicatorValue(ReviewedRecord):
    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ProgressStatus.choices, blank=True)
    warning = models.CharField(
        _("plausibility warning"),
        max_length=500,
        blank=True,
        help_text=_("Set when the figure looks unusual; the reporter explains it in the note."),
    )

    SUBJECT_FIELD, INPUT_FIELDS = "indicator", ("value", "status", "note")
    DERIVED_FIELDS = ("warning",)

    # The warning is derived from the figure (and judged anew on every save): the history keeps the
    # input, and stays within SQLite's bound parameters per bulk insert of 50 rows.
    history = history_named(_("yearly value history"), excluded_fields=["warning"])

    class Meta:
        verbose_name = _("yearly value")
        verbose_name_plural = _("yearly values")
        ordering, constraints = one_a_year("indicator", "value")
        constraints += [
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(status=""), name="value_has_number_or_status"
            ),
        ]
        indexes = [models.Index(fields=["year", "state"])]

    def __str__(self):
        if self.value is not None:
            return f"{self.indicator.name} {self.year}: {shown(self.value, indicator_places(self.indicator))}"
        return f"{self.indicator.name} {self.year}: {self.get_status_display()}"


class ProgressRecord(ReviewedRecord):
    """The progress of a task or a key project in a year: a status and what was done."""

    status = models.CharField(_("status"), max_length=12, choices=ProgressStatus.choices)
    narrative = models.TextField(_("progress"), blank=True)

    INPUT_FIELDS = ("status", "narrative", "note")

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.subject.title} {self.year}: {self.get_status_display()}"


class TaskProgress(ProgressRecord):
    task = models.ForeignKey("plans.Task", models.CASCADE, related_name="progress", verbose_name=_("task"))

    SUBJECT_FIELD = "task"
    history = history_named(_("task progress history"))

    class Meta:
        verbose_name = verbose_name_plural = _("task progress")
        ordering, constraints = one_a_year("task", "task_progress")


class ProjectProgress(ProgressRecord):
    project = models.ForeignKey(
        "plans.KeyProject", models.CASCADE, related_name="progress", verbose_name=_("key project")
    )

    SUBJECT_FIELD = "project"
    history = history_named(_("project progress history"))

    class Meta:
        verbose_name = verbose_name_plural = _("project progress")
        ordering, constraints = one_a_year("project", "project_progress")


# The model of evidence files lives beside the code that checks and stores them.
from .evidence_model import Evidence  # noqa: E402, F401
