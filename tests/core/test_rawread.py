"""Rows read by fixed SQL are the ORM's rows (core.rawread)."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict

from accounts.models import User
from core import rawread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_row_read_by_fixed_sql_equals_the_orm_s_row() -> None:
    user = UserFactory.create(display_name="Erika", phone="")
    read = rawread.first(User, 'WHERE "accounts_user"."id" = %s', [user.pk])
    assert read is not None
    assert not read._state.adding
    expected = User.objects.get(pk=user.pk)
    assert model_to_dict(read) == model_to_dict(expected)
    assert read.last_login == expected.last_login
    assert read.date_joined == expected.date_joined


def test_no_row_is_none_and_rows_keep_their_order() -> None:
    first, second = UserFactory.create(), UserFactory.create()
    assert rawread.first(User, 'WHERE "accounts_user"."id" = %s', [0]) is None
    found = rawread.rows(
        User, 'WHERE "accounts_user"."id" IN (%s, %s) ORDER BY "accounts_user"."id" DESC', [first.pk, second.pk]
    )
    assert [u.pk for u in found] == sorted([first.pk, second.pk], reverse=True)
