"""Reads for the team pages: people with their figures, who can be assigned, labels, tokens."""

import datetime
from dataclasses import dataclass

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from annotations.models import (
    Annotation,
    ApiToken,
    Article,
    Assignment,
    Label,
    NoClaimMark,
    Sentence,
    UserPreferences,
)
from annotations.permissions import (
    REVIEWER,
    ROLE_TITLES,
    ROLES,
    acting_as,
    highest_role,
    whose_role_is,
    with_any_role,
)

# The role filter's value for people without any role.
NO_ROLE = "none"


class MemberStatus:
    ACTIVE = "active"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class MemberRow:
    """One person on the team page, with the figures an admin compares reviewers by."""

    user: User
    role: str | None
    claims: int
    articles_done: int
    assignments: int
    last_active: datetime.datetime | None

    @property
    def role_title(self) -> str:
        return str(ROLE_TITLES.get(self.role or "", ""))


def team_members(*, query: str = "", role: str = "", status: str = "") -> QuerySet:
    """People for the team page, with the figures that come from single columns."""
    members = User.objects.annotate(
        role_names=role_names(),
        claim_count=_count(Annotation.objects.filter(reviewer=OuterRef("pk"))),
        assignment_count=_count(Assignment.objects.filter(reviewer=OuterRef("pk"))),
        last_claim_at=Subquery(
            Annotation.objects.filter(reviewer=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        ),
        last_mark_at=Subquery(
            NoClaimMark.objects.filter(reviewer=OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
    ).order_by("-is_active", "username")
    if query:
        members = members.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if status == MemberStatus.ACTIVE:
        members = members.filter(is_active=True)
    elif status == MemberStatus.INACTIVE:
        members = members.filter(is_active=False)
    # Each person shows under one role, their highest (the filter matches the role column).
    if role in ROLES:
        members = members.filter(whose_role_is(role))
    elif role == NO_ROLE:
        members = members.filter(whose_role_is(None))
    return members


def role_names() -> ArraySubquery:
    """Each person's group names, as the ``role_names`` annotation annotations.permissions reads."""
    return ArraySubquery(
        User.groups.through.objects.filter(user=OuterRef("pk"))
        .order_by("group__name")
        .values("group__name")
    )


def member_rows(members) -> list[MemberRow]:
    """Rows for a page of ``team_members()``; one more query whatever the page size."""
    members = list(members)
    done = articles_done_by(reviewer_ids=[member.pk for member in members])
    return [
        MemberRow(
            user=member,
            role=highest_role(member),
            claims=member.claim_count,
            articles_done=done.get(member.pk, 0),
            assignments=member.assignment_count,
            last_active=_latest(member.last_login, member.last_claim_at, member.last_mark_at),
        )
        for member in members
    ]


def member_language(user: User) -> str:
    """The interface language chosen for ``user``; empty for the browser's."""
    preferences = UserPreferences.objects.filter(user=user).first()
    return preferences.language if preferences else ""


def active_user(user_id: int) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


def member_row(user: User) -> MemberRow:
    return member_rows(team_members().filter(pk=user.pk))[0]


def articles_done_by(*, reviewer_ids: list[int]) -> dict[int, int]:
    """How many articles each reviewer has finished: every sentence has their claim or mark."""
    if not reviewer_ids:
        return {}
    sql = f"""
        WITH reviewed AS (
            SELECT reviewer_id, sentence_id FROM {Annotation._meta.db_table}
            WHERE reviewer_id = ANY(%(ids)s)
            UNION
            SELECT reviewer_id, sentence_id FROM {NoClaimMark._meta.db_table}
            WHERE reviewer_id = ANY(%(ids)s)
        ),
        per_article AS (
            SELECT reviewed.reviewer_id, sentence.article_id, COUNT(*) AS reviewed
            FROM reviewed JOIN {Sentence._meta.db_table} sentence
                ON sentence.id = reviewed.sentence_id
            GROUP BY reviewed.reviewer_id, sentence.article_id
        ),
        sizes AS (
            SELECT article_id, COUNT(*) AS total FROM {Sentence._meta.db_table}
            WHERE article_id IN (SELECT article_id FROM per_article)
            GROUP BY article_id
        )
        SELECT per_article.reviewer_id, COUNT(*)
        FROM per_article JOIN sizes ON sizes.article_id = per_article.article_id
        WHERE per_article.reviewed = sizes.total
        GROUP BY per_article.reviewer_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ids": list(reviewer_ids)})
        return dict(cursor.fetchall())


def assignable_reviewers() -> QuerySet:
    """Active people who can annotate, for the assignment forms."""
    return User.objects.filter(acting_as(REVIEWER)).order_by("username")


def assignment_holders() -> QuerySet:
    """People who can take work or hold some, for filtering assignments by reviewer."""
    return (
        User.objects.filter(
            Q(pk__in=assignable_reviewers().values("pk"))
            | Q(pk__in=Assignment.objects.values("reviewer_id"))
        )
        .distinct()
        .order_by("username")
    )


def token_holders() -> QuerySet:
    """Active people with a role, for the token form."""
    return User.objects.filter(with_any_role()).order_by("username")


def labels_with_usage() -> QuerySet[Label]:
    """Every label, active or not, in workspace order, with how many claims use it."""
    return Label.objects.annotate(claim_count=Count("annotations")).order_by("order", "name")


def token_list(*, user: User | None = None, status: str = "") -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user", "created_by").order_by("-created_at")
    if user is not None:
        tokens = tokens.filter(user=user)
    if status == "active":
        tokens = tokens.filter(revoked_at__isnull=True)
    elif status == "revoked":
        tokens = tokens.filter(revoked_at__isnull=False)
    return tokens


@dataclass(frozen=True)
class LoginFailures:
    count: int
    locked: bool


def login_failures(*, user: User) -> LoginFailures:
    """Recent failed logins for ``user``'s username, and whether they lock the account now."""
    attempts = AccessAttempt.objects.filter(username=user.get_username())
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    count = attempts.aggregate(n=Coalesce(Max("failures_since_start"), 0))["n"]
    return LoginFailures(count=count, locked=count >= get_failure_limit(None, None))


def _count(rows: QuerySet) -> Coalesce:
    # COUNT as a plain function, not an aggregate: no GROUP BY, one number per outer row.
    counted = rows.order_by().annotate(
        n=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Coalesce(Subquery(counted.values("n")), 0)


def _latest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None


def member_has_work(user: User) -> bool:
    """Whether anything the database protects names ``user`` as its author."""
    return (
        Annotation.objects.filter(reviewer=user).exists()
        or NoClaimMark.objects.filter(reviewer=user).exists()
        or Article.objects.filter(imported_by=user).exists()
    )
