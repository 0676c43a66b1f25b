"""The admin site: open to every user with a role, not only to those with the staff flag.

Django's admin lets in `is_staff` users; ours is where bureau staff, reviewers and officials also
work, so the rule is `accounts.roles.may_use_admin`, and what each sees there is decided by the model
permissions of their role (`accounts.backends.RoleBackend`) and the per-object rules.
"""

import inspect
from functools import wraps

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from operations.params import whole_number

from .roles import may_use_admin

INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.IntegerField)


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

    def admin_view(self, view, cacheable=False):
        """Every model page of the admin (change, delete, history, a past version) answers 404 to an id
        that names no row: "abc", "²", "1.0" or "%00" reached simple_history's lookups and answered 500."""
        inner = super().admin_view(view, cacheable)
        model_admin = getattr(view, "__self__", None)
        if not isinstance(model_admin, admin.ModelAdmin):
            return inner

        # simple_history's past-version page takes its ids positionally: name them as the view does.
        names = [name for name in inspect.signature(view).parameters if name != "request"]

        @wraps(inner)
        def checked(request, *args, **kwargs):
            ids = {**dict(zip(names, args, strict=False)), **kwargs}
            if "object_id" in ids and not _is_key(model_admin.model, ids["object_id"]):
                raise Http404
            if "version_id" in ids and whole_number(ids["version_id"], minimum=1) is None:
                raise Http404
            return inner(request, *args, **kwargs)

        return checked


def _is_key(model, object_id) -> bool:
    """Whether `object_id` (as the admin quotes it in URLs) can be a primary key of `model`: integer keys
    in ASCII digits within a database integer (`operations.params.whole_number`), others as the field reads them."""
    key = unquote(object_id)
    field = model._meta.pk
    if isinstance(field, INTEGER_KEYS):
        return whole_number(key, minimum=1) is not None
    try:
        field.to_python(key)
    except ValidationError:
        return False
    return "\x00" not in key
