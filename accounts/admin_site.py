"""The admin site: open to every user with a role, not only to those with the staff flag.

Django's admin lets in `is_staff` users; ours is where bureau staff, reviewers and officials also
work, so the rule is `accounts.roles.may_use_admin`, and what each sees there is decided by the model
permissions of their role (`accounts.backends.RoleBackend`) and the per-object rules.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .roles import may_use_admin


class RoleAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class AdminSite(admin.AdminSite):
    site_header = _("Jilin eco-environmental plan indicators")
    site_title = _("Plan indicator monitoring")
    index_title = _("Administration")
    login_form = RoleAuthenticationForm

    def has_permission(self, request):
        return may_use_admin(request.user)
