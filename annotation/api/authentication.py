"""Token authentication for scripts and the load of many annotators: DRF's TokenAuthentication
with its lookup as one statement, token and user in one row (annotation/sql.py), since every
annotating request makes it. Same answers: an unknown key and an inactive user are refused with
DRF's own messages."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from .. import sql


class FastTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        if self.get_model() is not Token:  # a subclass with another model: DRF's own lookup
            return super().authenticate_credentials(key)
        token = sql.token_with_user(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
