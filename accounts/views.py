from __future__ import annotations

import json
from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions, privacy, profile_links, selectors, services
from accounts.forms import AccountDeleteForm, AdministratorForm, ProfileForm, RoleGrantForm
from accounts.models import User


def _user(request: HttpRequest) -> User:
    # Every caller is behind login_required, so this is always a real account.
    return cast(User, request.user)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        response.set_cookie("language", user.preferred_language, samesite="Lax")
        return response
    context = {"form": form, "has_totp": selectors.user_has_totp(user), "more_links": profile_links.links_for(user)}
    return render(request, "accounts/profile.html", context)


@login_required
@require_safe
def data_export(request: HttpRequest) -> HttpResponse:
    payload = json.dumps(privacy.export_account(_user(request)), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meine-daten.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        privacy.delete_account(user)
        messages.success(request, _("Your account has been deleted."))
        return redirect("portal:home")
    return render(request, "accounts/account_delete.html", {"form": form})


def _require_role_manager(request: HttpRequest) -> None:
    if not permissions.can_manage_roles(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    role_form = RoleGrantForm(request.POST if "grant_role" in request.POST else None)
    admin_form = AdministratorForm(request.POST if "grant_administrator" in request.POST else None)
    if request.method == "POST":
        if role_form.is_bound and role_form.is_valid():
            data = role_form.cleaned_data
            role, scope_id = data["grant"]
            services.role_grant(user=data["email"], role=role, scope_id=scope_id)
            messages.success(request, _("The role has been given."))
            return redirect("accounts:roles")
        if admin_form.is_bound and admin_form.is_valid():
            services.administrator_set(user=admin_form.cleaned_data["email"], is_administrator=True)
            messages.success(request, _("The person is now an administrator."))
            return redirect("accounts:roles")
    context = {
        "grants": selectors.role_grants(),
        "administrators": selectors.administrators(),
        "role_form": role_form,
        "admin_form": admin_form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/roles.html", context, status=status)


@login_required
@require_POST
def role_revoke(request: HttpRequest, role: str, pk: int) -> HttpResponse:
    _require_role_manager(request)
    if services.role_revoke(role=role, pk=pk) is None:
        raise Http404
    messages.success(request, _("The role has been taken away."))
    return redirect("accounts:roles")


@login_required
@require_POST
def administrator_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role_manager(request)
    user = get_object_or_404(User, pk=pk)
    if user == request.user:
        messages.error(request, _("You cannot take away your own administrator role."))
    else:
        services.administrator_set(user=user, is_administrator=False)
        messages.success(request, _("The administrator role has been taken away."))
    return redirect("accounts:roles")
