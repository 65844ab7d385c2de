"""Who may do what: the roles, and plain predicates (with their queryset forms) shared by the
HTML views, the API, the admin, selectors and services.

Roles are Django groups (created by migrations: 0004 for the first three, 0016 for Curator);
superusers always hold the Admin role. ``ROLE_DEFINITIONS`` is the one place that says which
roles exist, how they rank and whose rights each includes: adding a role is one entry there, a
migration creating its group, and the predicates for what it may do.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ADMIN, REVIEWER, CURATOR, DATA_USER = "Admin", "Reviewer", "Curator", "Data user"

# Who a request is from: a person, or an anonymous visitor.
AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Role:
    name: str  # the Django group's name: a stable identifier, never shown translated
    title: Promise  # the role as people read it
    summary: Promise  # what it may do, for the role forms
    includes: tuple[str, ...] = ()  # roles whose rights this one has too


# Highest first: a person holding several roles shows under, and is counted as, the first.
ROLE_DEFINITIONS = (
    Role(
        ADMIN,
        _("Admin"),
        _("Admin – manages the team, labels, assignments, imports; sees everything"),
        includes=(REVIEWER,),
    ),
    Role(REVIEWER, _("Reviewer"), _("Reviewer – annotates the articles open to them")),
    Role(
        CURATOR,
        _("Curator"),
        _("Curator – adjudicates reviewers' claims into gold; sees agreement"),
    ),
    Role(DATA_USER, _("Data user"), _("Data user – reads and exports through the API, read-only")),
)
ROLES = tuple(role.name for role in ROLE_DEFINITIONS)
ROLE_TITLES = {role.name: role.title for role in ROLE_DEFINITIONS}
# Roles that get into the Django admin (is_staff).
STAFF_ROLES = frozenset({ADMIN})


def held_roles(user: AnyUser) -> frozenset[str]:
    """The roles ``user`` holds, whether or not the account is active."""
    # Cached on the user object: a page asks several questions about the same user.
    # RoleAwareModelBackend and role_names() load ``role_names`` with the user; others ask once.
    cached = getattr(user, "_factcheck_roles", None)
    if cached is None:
        if not user.is_authenticated:
            cached = frozenset()
        else:
            names = getattr(user, "role_names", None)
            if names is None:
                names = user.groups.values_list("name", flat=True)
            cached = frozenset(names) & frozenset(ROLES)
            if user.is_superuser:
                cached |= {ADMIN}
        user._factcheck_roles = cached  # type: ignore[union-attr]  # a cache on the object
    return cached


def forget_roles(user: AnyUser) -> None:
    """Drop the cached roles after ``user``'s groups changed."""
    for attribute in ("_factcheck_roles", "role_names"):
        user.__dict__.pop(attribute, None)


def highest_role(user: AnyUser) -> str | None:
    """The person's role for display, whether or not they are active."""
    held = held_roles(user)
    return next((role for role in ROLES if role in held), None)


def _granting(role: str) -> tuple[str, ...]:
    """The roles that carry ``role``'s rights: itself and those that include it."""
    return tuple(r.name for r in ROLE_DEFINITIONS if r.name == role or role in r.includes)


def _acts_as(user: AnyUser, role: str) -> bool:
    return _active(user) and not held_roles(user).isdisjoint(_granting(role))


def _active(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


# Queryset forms, as conditions on the user model (``User.objects.filter(holding(ADMIN))``).


def holding(*roles: str) -> Q:
    """People who hold any of ``roles`` (superusers hold Admin), active or not."""
    groups = User.groups.through.objects.filter(user=OuterRef("pk"), group__name__in=roles)
    condition = Q(Exists(groups))
    if ADMIN in roles:
        condition |= Q(is_superuser=True)
    return condition


def acting_as(role: str) -> Q:
    """Active people with ``role``'s rights, directly or through a role that includes it."""
    return Q(is_active=True) & holding(*_granting(role))


def whose_role_is(role: str | None) -> Q:
    """People whose highest role (highest_role) is ``role``; None: people with no role."""
    if role is None:
        return ~holding(*ROLES)
    higher = ROLES[: ROLES.index(role)]
    return holding(role) & ~holding(*higher) if higher else holding(role)


def with_any_role() -> Q:
    """Active people with a role: who can hold an API token."""
    return Q(is_active=True) & holding(*ROLES)


def is_admin(user: AnyUser) -> bool:
    return _acts_as(user, ADMIN)


def is_reviewer(user: AnyUser) -> bool:
    return _acts_as(user, REVIEWER)


def is_data_user(user: AnyUser) -> bool:
    return _acts_as(user, DATA_USER)


def role_of(user: AnyUser) -> str | None:
    """The highest role of an active user: the one they act in now."""
    return highest_role(user) if _active(user) else None


def can_import_articles(user: AnyUser) -> bool:
    return is_admin(user)


def can_manage_team(user: AnyUser) -> bool:
    """Reviewers, roles, assignments, labels, tokens and the audit log."""
    return is_admin(user)


def can_annotate(user: AnyUser) -> bool:
    return is_reviewer(user)


def can_see_all_reviewers(user: AnyUser) -> bool:
    """Staff and curators see every reviewer's claims side by side; reviewers work blind."""
    return is_admin(user) or is_curator(user)


def can_export(user: AnyUser) -> bool:
    return is_admin(user) or is_data_user(user)


def can_read_articles(user: AnyUser) -> bool:
    return is_reviewer(user) or is_data_user(user)


def can_fix_segmentation(user: AnyUser) -> bool:
    return is_admin(user)


def can_open_article(user: AnyUser, article) -> bool:
    """Admins open everything; reviewers their assigned articles, and the rest if allowed."""
    if is_admin(user):
        return True
    if not is_reviewer(user):
        return False
    from annotations.models import Article

    # One query: every workspace request asks this.
    return _open_to_reviewer(user, Article.objects.filter(pk=article.pk)).exists()


def _open_to_reviewer(user: AnyUser, articles):
    """The articles a reviewer may open: all, or only assigned ones when settings say so."""
    from django.db.models import Exists, OuterRef

    from annotations.models import Assignment, WorkspaceSettings

    restricted = WorkspaceSettings.objects.filter(reviewers_may_open_unassigned=False)
    assigned = Assignment.objects.filter(article=OuterRef("pk"), reviewer=user.pk)
    return articles.filter(~Exists(restricted) | Exists(assigned))


def can_change_annotation(user: AnyUser, annotation) -> bool:
    """Claims belong to their reviewer; nobody edits another reviewer's work."""
    return _active(user) and annotation.reviewer_id == user.pk and can_annotate(user)


def can_receive_assignments(user: AnyUser) -> bool:
    """Articles are assigned to people who can annotate them: reviewers and admins."""
    return can_annotate(user)


def can_hold_api_token(user: AnyUser) -> bool:
    """Tokens are for active people with a role; what they can do with one follows the role."""
    return role_of(user) is not None


def can_read_all_claims(user: AnyUser) -> bool:
    """In the API, admins and data users read every reviewer's claims; reviewers their own."""
    return is_admin(user) or is_data_user(user)


def articles_readable_by(user: AnyUser, articles):
    """The articles of the queryset ``articles`` that ``user`` may read in the API.

    Admins and data users read every article; reviewers those they may open.
    """
    if can_export(user):
        return articles
    if not is_reviewer(user):
        return articles.none()
    return _open_to_reviewer(user, articles)


def can_import_claims(user: AnyUser) -> bool:
    """Loading another instance's export writes claims in other people's names: admins only."""
    return is_admin(user)


# Gold and agreement ---------------------------------------------------------------------------


def is_curator(user: AnyUser) -> bool:
    return _acts_as(user, CURATOR)


def can_adjudicate(user: AnyUser) -> bool:
    """Curators and admins turn reviewers' claims into gold; curators manage nothing else."""
    return is_admin(user) or is_curator(user)


def can_view_agreement(user: AnyUser) -> bool:
    """The agreement pages are for the people running the team and curating gold."""
    return can_adjudicate(user)


def can_read_agreement_api(user: AnyUser) -> bool:
    """``GET /api/agreement/``: the figures data users cite next to the dataset, too."""
    return can_adjudicate(user) or is_data_user(user)


def can_export_gold(user: AnyUser) -> bool:
    return can_export(user) or is_curator(user)


def can_change_gold_settings(user: AnyUser) -> bool:
    """Pre-merge rules and whether reviewers see gold are team policy: admins only."""
    return is_admin(user)


def can_see_gold_as_reviewer(user: AnyUser, gold_settings) -> bool:
    """Reviewers compare their claims with gold when admins allow it; curators always may."""
    return can_adjudicate(user) or (is_reviewer(user) and gold_settings.reviewers_see_gold)
