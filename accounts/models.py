from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A civil servant: staff of one or more units, a reviewer or an official of a jurisdiction."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        REVIEWER = "reviewer", _("reviewer")
        LEADER = "leader", _("official")
        ADMIN = "admin", _("administrator")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.REPORTER)
    jurisdiction = models.ForeignKey(
        "plans.Jurisdiction",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("jurisdiction"),
        help_text=_("Reviewers and officials see this jurisdiction and those below it."),
    )
    units = models.ManyToManyField(
        "plans.ResponsibleUnit", blank=True, related_name="users", verbose_name=_("responsible units")
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        full = self.get_full_name()
        return f"{full}（{self.username}）" if full else self.username

    def get_full_name(self):
        """A Chinese name: family name first, no space (王丽, not Django's "丽 王")."""
        return f"{self.last_name}{self.first_name}".strip()
