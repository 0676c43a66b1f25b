from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User
from .tokens import user_sign_out_everywhere


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "jurisdiction", "unit_names", "is_active"]
    list_filter = ["role", "jurisdiction", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "units__name"]
    list_select_related = ["jurisdiction"]
    autocomplete_fields = ["units", "jurisdiction"]
    actions = ["sign_out_everywhere"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Work"), {"fields": ["role", "jurisdiction", "units"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("units")

    @admin.display(description=_("responsible units"))
    def unit_names(self, obj):
        return "、".join(unit.name for unit in obj.units.all())

    @admin.action(
        description=_("Log out everywhere (end sessions, revoke API tokens)"), permissions=["change"]
    )
    def sign_out_everywhere(self, request, queryset):
        for user in queryset:
            user_sign_out_everywhere(user=user)
        self.message_user(
            request,
            _("%(count)d users were logged out everywhere.") % {"count": len(queryset)},
            messages.SUCCESS,
        )
