from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .tokens import user_sign_out_everywhere


@require_POST
@login_required
def logout_everywhere(request):
    """Ends this session and every other one of the user, and revokes the user's API tokens."""
    user_sign_out_everywhere(user=request.user)
    logout(request)
    return redirect("login")
