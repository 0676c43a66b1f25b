from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import JurisdictionQuerySet, ResponsibleUnitQuerySet
from .roles import Role


class Jurisdiction(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        DISTRICT = "district", _("district")
        DEVELOPMENT_ZONE = "development_zone", _("development zone")

    name = models.CharField(_("name"), max_length=100, unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False)

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        db_table = "plans_jurisdiction"  # the table kept its name when the model moved here from plans
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)

    @property
    def peer_level(self) -> str:
        """The level it is compared at: a development zone ranks among the districts."""
        return self.Level.DISTRICT if self.level == self.Level.DEVELOPMENT_ZONE else self.level


class ResponsibleUnit(models.Model):
    """A 责任单位: a bureau of one jurisdiction, named as the plans print it."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, models.CASCADE, related_name="units", verbose_name=_("jurisdiction")
    )
    name = models.CharField(_("name"), max_length=100)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)

    objects = ResponsibleUnitQuerySet.as_manager()

    class Meta:
        db_table = "plans_responsibleunit"
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["jurisdiction__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="unit_unique_name_in_jurisdiction"),
        ]

    def __str__(self):
        return f"{self.jurisdiction.name} {self.name}"

    def natural_key(self):
        return (*self.jurisdiction.natural_key(), self.name)

    natural_key.dependencies = ["accounts.jurisdiction"]


class User(AbstractUser):
    """A civil servant: staff of one or more units, a reviewer or an official of a jurisdiction."""

    Role = Role

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.REPORTER)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("jurisdiction"),
        help_text=_("Reviewers and officials see this jurisdiction and those below it."),
    )
    units = models.ManyToManyField(
        ResponsibleUnit, blank=True, related_name="users", verbose_name=_("responsible units")
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
