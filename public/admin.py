"""Publishing in the admin: administrators add a published year (plan and year: the snapshot is taken
then), publish selected years again with today's approved figures, or withdraw them. Every change goes
through `services`, which logs it (`PublicationEvent`)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.roles import is_admin

from .models import PublicationEvent, PublishedYear
from .services import plan_year_check, plan_year_publish, plan_year_unpublish


class AdministratorsOnly:
    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # a snapshot is never edited: it is published again

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn by the action, which logs it


class PublishForm(forms.ModelForm):
    class Meta:
        model = PublishedYear
        fields = ["plan", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("plan") and cleaned.get("year"):
            plan_year_check(plan=cleaned["plan"], year=cleaned["year"], user=self.user)
        return cleaned


@admin.register(PublishedYear)
class PublishedYearAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["plan", "year", "published_at", "published_by", "data_as_of"]
    list_filter = ["year", "plan__jurisdiction"]
    search_fields = ["plan__title", "plan__jurisdiction__name"]
    list_select_related = ["plan__jurisdiction", "published_by"]
    autocomplete_fields = ["plan"]
    actions = ["publish_again", "withdraw"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("snapshot")

    def has_add_permission(self, request):
        return is_admin(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = PublishForm
        form = super().get_form(request, obj, change, **kwargs)

        class WithUser(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return WithUser

    def save_model(self, request, obj, form, change):
        published = plan_year_publish(plan=obj.plan, year=obj.year, user=request.user)
        obj.pk = published.pk

    @admin.action(description=_("Publish again with the figures approved now"))
    def publish_again(self, request, queryset):
        for published in queryset.select_related("plan"):
            plan_year_publish(plan=published.plan, year=published.year, user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d year published again.", "%(count)d years published again.", queryset.count())
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw from the public site"))
    def withdraw(self, request, queryset):
        count = 0
        for published in list(queryset.select_related("plan")):
            count += plan_year_unpublish(plan=published.plan, year=published.year, user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d year withdrawn.", "%(count)d years withdrawn.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(PublicationEvent)
class PublicationEventAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["at", "action", "plan", "year", "user"]
    list_filter = ["action", "year"]
    list_select_related = ["plan", "user"]
    search_fields = ["plan__title"]

    def has_add_permission(self, request):
        return False
