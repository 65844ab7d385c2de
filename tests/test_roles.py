"""The roles' predicates and their queryset forms agree, for every combination of roles a person
can hold, so the team page's filter, its role column and the permission checks never disagree."""

from itertools import combinations

import pytest
from django.contrib.auth.models import Group, User

from annotations.permissions import (
    ROLES,
    acting_as,
    highest_role,
    is_admin,
    is_curator,
    is_data_user,
    is_reviewer,
    role_of,
    whose_role_is,
    with_any_role,
)

pytestmark = pytest.mark.django_db

PREDICATES = {
    "Admin": is_admin,
    "Reviewer": is_reviewer,
    "Curator": is_curator,
    "Data user": is_data_user,
}


@pytest.fixture
def people():
    """One person per set of groups, superuser or not, active or not."""
    made = []
    sets = [combo for size in range(len(ROLES) + 1) for combo in combinations(ROLES, size)]
    for number, held in enumerate(sets):
        for superuser in (False, True):
            for active in (True, False):
                user = User.objects.create_user(
                    f"p{number}{'s' if superuser else ''}{'a' if active else 'i'}",
                    is_superuser=superuser,
                    is_active=active,
                )
                user.groups.add(*Group.objects.filter(name__in=held))
                made.append(user)
    return [User.objects.get(pk=user.pk) for user in made]


def test_every_role_has_a_predicate():
    assert set(PREDICATES) == set(ROLES)


def test_role_filter_matches_each_persons_highest_role(people):
    for role in (*ROLES, None):
        matched = set(User.objects.filter(whose_role_is(role)).values_list("pk", flat=True))
        assert matched == {user.pk for user in people if highest_role(user) == role}, role


def test_acting_as_a_role_matches_its_predicate(people):
    for role, predicate in PREDICATES.items():
        matched = set(User.objects.filter(acting_as(role)).values_list("pk", flat=True))
        assert matched == {user.pk for user in people if predicate(user)}, role


def test_superusers_are_admins_and_deactivated_people_act_in_no_role(people):
    for user in people:
        if user.is_superuser:
            assert highest_role(user) == "Admin"
        if not user.is_active:
            assert role_of(user) is None
            assert not any(predicate(user) for predicate in PREDICATES.values())


def test_admins_may_do_what_reviewers_may(people):
    assert all(is_reviewer(user) for user in people if is_admin(user))


def test_people_with_any_role_are_the_active_ones_with_a_role(people):
    matched = set(User.objects.filter(with_any_role()).values_list("pk", flat=True))
    assert matched == {user.pk for user in people if role_of(user) is not None}
