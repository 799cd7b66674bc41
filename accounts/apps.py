from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from allauth.mfa import signals as mfa_signals

        from accounts import selectors

        def forget_totp(sender: Any, user: Any = None, **kwargs: Any) -> None:
            # The request's memo of "has TOTP" must not outlive a device added or removed in it.
            if user is not None:
                selectors.forget_totp(user)

        for signal in (mfa_signals.authenticator_added, mfa_signals.authenticator_removed):
            signal.connect(forget_totp, dispatch_uid=f"accounts-forget-totp-{id(signal)}", weak=False)
