"""The notifications page (read, open, mark read) and the 使用说明 pages, one per role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.scope import is_admin
from operations.params import id_param, page_param

from . import services
from .models import Notification

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    """The user's own notifications, newest first; POST marks one (`notification`) or all (`all`) read."""
    if request.method == "POST":
        if "all" in request.POST:
            count = services.notifications_read_all(user=request.user)
            messages.success(request, _("Marked %(count)d notifications as read.") % {"count": count})
        else:
            pk = id_param(request.POST, "notification")
            if pk is None or not services.notification_read(user=request.user, notification_id=pk):
                raise Http404(_("No such notification."))
        return redirect("rounds:notifications")
    page = Paginator(Notification.objects.filter(user=request.user), PAGE_SIZE).get_page(
        page_param(request.GET)
    )
    return render(request, "rounds/notifications.html", {"page": page})


@login_required
@require_GET
def notification_open(request, pk):
    """Follow one of the user's notifications to what it is about, marking it read on the way: opening
    it is reading it, so the count in the header goes down without a second click."""
    if not services.notification_read(user=request.user, notification_id=pk):
        raise Http404(_("No such notification."))
    link = Notification.objects.get(pk=pk).link
    # The links are the site's own paths; anything else goes back to the list rather than away.
    if not link or not url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect("rounds:notifications")
    return redirect(link)


# The 使用说明 pages: a role's page by the names people use for it.
HELP_ROLES = {
    "reporter": User.Role.REPORTER,
    "reviewer": User.Role.REVIEWER,
    "leader": User.Role.LEADER,
    "admin": User.Role.ADMIN,
}


@require_GET
def help_page(request, role=None):
    """使用说明: the page of the user's own role unless another is asked for; every page links the others."""
    if role is None:
        user_role = getattr(request.user, "role", None) if request.user.is_authenticated else None
        if request.user.is_authenticated and is_admin(request.user):
            user_role = User.Role.ADMIN
        role = next((name for name, value in HELP_ROLES.items() if value == user_role), "reporter")
    if role not in HELP_ROLES:
        raise Http404(_("No such help page."))
    roles = [(name, HELP_ROLES[name].label) for name in HELP_ROLES]
    return render(
        request,
        f"rounds/help/{role}.html",
        {"role": role, "role_label": HELP_ROLES[role].label, "roles": roles},
    )
