"""Roles, and the model permissions each carries, so that a 填报人 created in the admin works at once.

A role is what the application's rules ask (`indicators.permissions` for records); the admin asks
model permissions. `accounts.backends.RoleBackend` derives the second from the first, so nobody has to
keep groups in step with roles. The permissions are named as strings: the organisation sits below
the apps whose models they open (a test checks them against the record kinds, `indicators.kinds.KINDS`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REPORTER = "reporter", _("reporter")
    REVIEWER = "reviewer", _("reviewer")
    LEADER = "leader", _("official")
    ADMIN = "admin", _("administrator")


# The models of the yearly records, as "app_label.model_name".
RECORD_MODEL_LABELS = ("indicators.indicatorvalue", "indicators.taskprogress", "indicators.projectprogress")


def _codenames(*actions) -> set[str]:
    return {
        f"{app}.{action}_{model}"
        for app, model in (k.split(".") for k in RECORD_MODEL_LABELS)
        for action in actions
    }


_READ = {"indicators.view_indicator", "indicators.view_evidence"}
# The model permissions each role carries: they open the admin's pages; which rows a user sees and
# may change there is decided per object (`indicators.permissions`).
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.REPORTER: frozenset(_codenames("view", "add", "change") | _READ),
    Role.REVIEWER: frozenset(_codenames("view") | _READ),
    Role.LEADER: frozenset(_codenames("view") | _READ | {"indicators.view_targetrevision"}),
}


def is_admin(user) -> bool:
    return user.is_superuser or getattr(user, "role", None) == Role.ADMIN


def role_permissions(user) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(getattr(user, "role", None), frozenset())


def may_use_admin(user) -> bool:
    """Every active user with a role works in the admin as well as on the pages."""
    return user.is_active and (user.is_staff or is_admin(user) or bool(role_permissions(user)))
