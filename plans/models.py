"""The structure of a plan as published: chapters, sections, tasks, boxes and key projects."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Jurisdiction, ResponsibleUnit

from .querysets import (
    KeyProjectQuerySet,
    PlanQuerySet,
    TaskQuerySet,
)


class Plan(models.Model):
    title = models.CharField(_("title"), max_length=200)
    jurisdiction = models.ForeignKey(
        Jurisdiction, models.PROTECT, related_name="plans", verbose_name=_("jurisdiction")
    )
    parent = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="children", verbose_name=_("parent plan")
    )
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    # As printed: a full date or only "YYYY-MM"; issued_on holds it when the day is known.
    issued_date_text = models.CharField(_("issue date as printed"), max_length=20, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), default=2021)
    end_year = models.PositiveSmallIntegerField(_("last year"), default=2025)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), default=2020)
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("source sha256"), max_length=64, blank=True)
    warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["jurisdiction__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "title"], name="plan_unique_title_in_jurisdiction"
            ),
            models.CheckConstraint(
                condition=Q(end_year__gt=F("start_year")), name="plan_period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__lt=F("start_year")), name="plan_baseline_before_period"
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.jurisdiction.natural_key(), self.title)

    natural_key.dependencies = ["accounts.jurisdiction"]

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))

    def covers(self, year: int) -> bool:
        """Whether `year` is one of the plan's years, for which values are reported."""
        return self.start_year <= year <= self.end_year

    def clamp_year(self, year: int) -> int:
        """The plan year nearest to `year`."""
        return min(max(year, self.start_year), self.end_year)


class Chapter(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="chapters", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="chapter_unique_number")]

    def __str__(self):
        return _("Chapter %(number)s %(title)s") % {"number": self.number, "title": self.title}


class Section(models.Model):
    chapter = models.ForeignKey(Chapter, models.CASCADE, related_name="sections", verbose_name=_("chapter"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["chapter_id", "number"]
        constraints = [models.UniqueConstraint(fields=["chapter", "number"], name="section_unique_number")]

    def __str__(self):
        return _("Section %(number)s %(title)s") % {"number": self.number, "title": self.title}


class Task(models.Model):
    section = models.ForeignKey(Section, models.CASCADE, related_name="tasks", verbose_name=_("section"))
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("heading"), max_length=500)
    text = models.TextField(_("full text"))
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    units = models.ManyToManyField(
        ResponsibleUnit,
        through="TaskResponsibility",
        related_name="tasks",
        verbose_name=_("responsible units"),
    )

    PLAN_PATH, TITLE_FIELD = "section__chapter__plan", "title"
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["section_id", "order"]
        constraints = [models.UniqueConstraint(fields=["section", "order"], name="task_unique_order")]

    def __str__(self):
        return self.title

    @property
    def plan(self):
        return self.section.chapter.plan


class TaskResponsibility(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        RESPONSIBLE = "responsible", _("responsible")
        SUPPORT = "support", _("support")

    task = models.ForeignKey(Task, models.CASCADE, related_name="responsibilities", verbose_name=_("task"))
    unit = models.ForeignKey(
        ResponsibleUnit, models.PROTECT, related_name="responsibilities", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("task responsibility")
        verbose_name_plural = _("task responsibilities")
        ordering = ["task_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "order"], name="responsibility_unique_order"),
            models.UniqueConstraint(fields=["task", "unit"], name="responsibility_unique_unit"),
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self):
        return f"{self.unit.name}（{self.get_role_display()}）"


class TextTarget(models.Model):
    """A quantitative target stated in a task's running text ("到2025年…达到97%")."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="text_targets", verbose_name=_("task"))
    order = models.PositiveSmallIntegerField(_("order"))
    statement = models.TextField(_("statement"))
    metric = models.CharField(_("metric"), max_length=200)
    value = models.CharField(_("value"), max_length=50)
    unit = models.CharField(_("unit"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("text target")
        verbose_name_plural = _("text targets")
        ordering = ["task_id", "order"]
        constraints = [models.UniqueConstraint(fields=["task", "order"], name="text_target_unique_order")]

    def __str__(self):
        return self.statement


class Box(models.Model):
    """A 专栏 insert: the main indicator table, the 十三五 review table or a list of key projects."""

    class Kind(models.TextChoices):
        INDICATORS = "indicators", pgettext_lazy("box kind", "indicators")
        REVIEW = "review", _("review")
        PROJECTS = "projects", _("projects")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="boxes", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("box")
        verbose_name_plural = _("boxes")
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="box_unique_number")]

    def __str__(self):
        return _("Box %(number)s %(title)s") % {"number": self.number, "title": self.title}


class KeyProject(models.Model):
    """A 重点工程 item of a projects box."""

    box = models.ForeignKey(Box, models.CASCADE, related_name="projects", verbose_name=_("box"))
    seq = models.PositiveSmallIntegerField(_("sequence"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    units = models.ManyToManyField(
        ResponsibleUnit, blank=True, related_name="projects", verbose_name=_("responsible units")
    )

    PLAN_PATH, TITLE_FIELD = "box__plan", "title"
    objects = KeyProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        ordering = ["box_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["box", "seq"], name="project_unique_seq")]

    def __str__(self):
        return self.title

    @property
    def plan(self):
        return self.box.plan


class PendingUpload(models.Model):
    """A plan document uploaded for its preview, waiting to be confirmed or cancelled (`plans.views`).
    Kept in the database, not on the host, so that a confirmation reaching another application server
    finds it (README "Scaling past one machine")."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    name = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pending plan upload")
        verbose_name_plural = _("pending plan uploads")

    def __str__(self):
        return self.name
