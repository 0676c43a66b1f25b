from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "jurisdiction", "unit_names", "is_active"]
    list_filter = ["role", "jurisdiction", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "units__name"]
    list_select_related = ["jurisdiction"]
    autocomplete_fields = ["units", "jurisdiction"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Work"), {"fields": ["role", "jurisdiction", "units"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("units")

    @admin.display(description=_("responsible units"))
    def unit_names(self, obj):
        return "、".join(unit.name for unit in obj.units.all())
