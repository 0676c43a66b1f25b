from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Organisation and user accounts")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (`accounts.admin_site.AdminSite`) as the default."""

    default = False
    default_site = "accounts.admin_site.AdminSite"
