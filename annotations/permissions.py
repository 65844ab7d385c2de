"""Who may do what: plain predicates shared by the HTML views, the API and the admin.

Roles are Django groups created by migrations 0004 and 0011: Admin, Reviewer, Curator and Data
user. Superusers
count as Admins. Every check in the app goes through a function here.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

ADMIN, REVIEWER, CURATOR, DATA_USER = "Admin", "Reviewer", "Curator", "Data user"
# In rank order: a person holding several shows under the first (role_of).
ROLES = (ADMIN, REVIEWER, CURATOR, DATA_USER)

User = AbstractBaseUser | AnonymousUser


def _roles(user: User) -> frozenset[str]:
    # Cached on the user object: a page asks several questions about the same user.
    # RoleAwareModelBackend loads ``role_names`` with the user; other users are asked once.
    cached = getattr(user, "_factcheck_roles", None)
    if cached is None:
        names = getattr(user, "role_names", None)
        if names is None:
            names = user.groups.values_list("name", flat=True)
        cached = frozenset(names)
        user._factcheck_roles = cached
    return cached


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_admin(user: User) -> bool:
    return _active(user) and (user.is_superuser or ADMIN in _roles(user))


def is_reviewer(user: User) -> bool:
    return _active(user) and (REVIEWER in _roles(user) or is_admin(user))


def is_data_user(user: User) -> bool:
    return _active(user) and DATA_USER in _roles(user)


def role_of(user: User) -> str | None:
    """The user's highest role, for display."""
    if is_admin(user):
        return ADMIN
    if is_reviewer(user):
        return REVIEWER
    if is_curator(user):
        return CURATOR
    if is_data_user(user):
        return DATA_USER
    return None


def can_import_articles(user: User) -> bool:
    return is_admin(user)


def can_manage_team(user: User) -> bool:
    """Reviewers, roles, assignments, labels, tokens and the audit log."""
    return is_admin(user)


def can_annotate(user: User) -> bool:
    return is_reviewer(user)


def can_see_all_reviewers(user: User) -> bool:
    """Staff and curators see every reviewer's claims side by side; reviewers work blind."""
    return is_admin(user) or is_curator(user)


def can_export(user: User) -> bool:
    return is_admin(user) or is_data_user(user)


def can_read_articles(user: User) -> bool:
    return is_reviewer(user) or is_data_user(user)


def can_fix_segmentation(user: User) -> bool:
    return is_admin(user)


def can_open_article(user: User, article) -> bool:
    """Admins open everything; reviewers their assigned articles, and the rest if allowed."""
    if is_admin(user):
        return True
    if not is_reviewer(user):
        return False
    from annotations.models import Article

    # One query: every workspace request asks this.
    return _open_to_reviewer(user, Article.objects.filter(pk=article.pk)).exists()


def _open_to_reviewer(user: User, articles):
    """The articles a reviewer may open: all, or only assigned ones when settings say so."""
    from django.db.models import Exists, OuterRef

    from annotations.models import Assignment, WorkspaceSettings

    restricted = WorkspaceSettings.objects.filter(reviewers_may_open_unassigned=False)
    assigned = Assignment.objects.filter(article=OuterRef("pk"), reviewer=user)
    return articles.filter(~Exists(restricted) | Exists(assigned))


def can_change_annotation(user: User, annotation) -> bool:
    """Claims belong to their reviewer; nobody edits another reviewer's work."""
    return _active(user) and annotation.reviewer_id == user.pk and can_annotate(user)


def can_receive_assignments(user: User) -> bool:
    """Articles are assigned to people who can annotate them: reviewers and admins."""
    return can_annotate(user)


def can_hold_api_token(user: User) -> bool:
    """Tokens are for active people with a role; what they can do with one follows the role."""
    return role_of(user) is not None


def can_read_all_claims(user: User) -> bool:
    """In the API, admins and data users read every reviewer's claims; reviewers their own."""
    return is_admin(user) or is_data_user(user)


def can_read_article(user: User, article) -> bool:
    """In the API, admins and data users read every article; reviewers those they may open."""
    return can_export(user) or can_open_article(user, article)


def articles_readable_by(user: User, articles):
    """The articles of the queryset ``articles`` that can_read_article allows ``user``."""
    if can_export(user):
        return articles
    if not is_reviewer(user):
        return articles.none()
    return _open_to_reviewer(user, articles)


def can_import_claims(user: User) -> bool:
    """Loading another instance's export writes claims in other people's names: admins only."""
    return is_admin(user)


# Gold and agreement ---------------------------------------------------------------------------


def is_curator(user: User) -> bool:
    return _active(user) and CURATOR in _roles(user)


def can_adjudicate(user: User) -> bool:
    """Curators and admins turn reviewers' claims into gold; curators manage nothing else."""
    return is_admin(user) or is_curator(user)


def can_view_agreement(user: User) -> bool:
    """The agreement pages are for the people running the team and curating gold."""
    return can_adjudicate(user)


def can_read_agreement_api(user: User) -> bool:
    """``GET /api/agreement/``: the figures data users cite next to the dataset, too."""
    return can_adjudicate(user) or is_data_user(user)


def can_export_gold(user: User) -> bool:
    return can_export(user) or is_curator(user)


def can_change_gold_settings(user: User) -> bool:
    """Pre-merge rules and whether reviewers see gold are team policy: admins only."""
    return is_admin(user)


def can_see_gold_as_reviewer(user: User, gold_settings) -> bool:
    """Reviewers compare their claims with gold when admins allow it; curators always may."""
    return can_adjudicate(user) or (is_reviewer(user) and gold_settings.reviewers_see_gold)
