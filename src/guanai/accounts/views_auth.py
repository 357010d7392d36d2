"""Login, logout, own password and personal API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping, services
from guanai.accounts.forms import PasswordChangeForm, TokenForm
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than any account's.

    Django's form only sets the input's ``maxlength``; a longer name posted by a script
    reached ``authenticate`` and django-axes, whose record of the attempt holds 255
    characters, so PostgreSQL failed the request. It is refused here, before anything.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = User._meta.get_field("username").max_length or 150
        self.fields["username"].validators.append(MaxLengthValidator(limit))


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm


# Public: a session that has already ended still logs out and lands on the login page
# (LoginView is public in Django itself).
@method_decorator(login_not_required, name="dispatch")
class LogoutView(auth_views.LogoutView):
    """Log out; the browser is told to clear what this site kept on it (the offline data,
    the outbox, the kept pages), as the page's script does itself where the browser ignores
    the header (plain http on an intranet)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                request=request,
            )
        except services.AccountLocked:
            # The guesses locked the account: this session ends as well, or whoever sat
            # down at an open session could keep guessing after the lockout.
            logout(request)
            return render(request, "accounts/locked_out.html", status=429)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password was changed."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not scoping.may_hold_api_tokens(user):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(user=user, name=form.cleaned_data["name"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            form = TokenForm()
    tokens = scoping.api_tokens_of(user)
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "new_key": new_key,
            "now": timezone.now(),
            "lifetime_days": settings.GUANAI_API_TOKEN_DAYS,
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # A token is only ever reachable by its owner: another user's id is a 404.
    token = scoping.access_api_token(request.user, pk)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
