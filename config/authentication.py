"""Token authentication for scripts and the load of many annotators: DRF's TokenAuthentication
with its lookup written as one raw statement (token and user in one row). DRF's ORM lookup
cost ~0.7 ms of CPU per request, a tenth of a next-task call; this one ~0.1 ms. Same answers:
an unknown key and an inactive user are refused with DRF's own messages."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from annotation import rawsql


class FastTokenAuthentication(TokenAuthentication):
    _statement: tuple | None = None

    @classmethod
    def _lookup(cls):
        if cls._statement is None:
            token = rawsql.Columns(Token, "t")
            user = rawsql.Columns(get_user_model(), "u")
            sql = (
                f"SELECT {token.sql}, {user.sql} FROM {rawsql.table(Token)} t "
                f"JOIN {rawsql.table(get_user_model())} u ON u.{rawsql.column(get_user_model(), 'id')} = "
                f"t.{rawsql.column(Token, 'user')} WHERE t.{rawsql.column(Token, 'key')} = %s"
            )
            cls._statement = (sql, token, user)
        return cls._statement

    def authenticate_credentials(self, key):
        if self.get_model() is not Token:  # a subclass with another model: DRF's own lookup
            return super().authenticate_credentials(key)
        sql, token_columns, user_columns = self._lookup()
        row = rawsql.fetchone(sql, [key])
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = token_columns.build(row)
        user = user_columns.build(row, len(token_columns))
        token.user = user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token
