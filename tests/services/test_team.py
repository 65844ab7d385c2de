"""Team services: people and roles, assignments (bulk and balanced), labels, tokens, settings."""

from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.db.models import ProtectedError
from django.test import RequestFactory

from annotations import services
from annotations.models import (
    Annotation,
    ApiToken,
    Assignment,
    Label,
    LabelEvent,
    UserPreferences,
    WorkspaceSettings,
    hash_token,
)
from annotations.permissions import ADMIN, DATA_USER, REVIEWER, is_admin, role_of
from tests.team_data import (  # noqa: F401 (an autouse fixture)
    fast_password_hashing,
    make_articles,
    review_whole_article,
)

pytestmark = pytest.mark.django_db

STRONG = "a long passphrase of words"


def can_log_in(username: str, password: str):
    """The user the login form would accept, or None (the lock-out backend needs a request)."""
    return authenticate(
        RequestFactory().post("/accounts/login/"), username=username, password=password
    )


# People and roles


def test_reviewer_create_gives_one_role_language_and_a_working_password(admin_user):
    user = services.reviewer_create(
        username="neu",
        role=REVIEWER,
        actor=admin_user,
        first_name=" Nora ",
        email="nora@EXAMPLE.org",
        language="de",
        password=STRONG,
    )
    assert role_of(user) == REVIEWER
    assert user.first_name == "Nora"
    assert user.email == "nora@example.org"
    assert not user.is_staff
    assert UserPreferences.objects.get(user=user).language == "de"
    assert can_log_in("neu", STRONG) == user


def test_reviewer_create_of_an_admin_lets_them_into_the_django_admin(admin_user):
    user = services.reviewer_create(username="boss", role=ADMIN, actor=admin_user, password=STRONG)
    assert user.is_staff
    assert is_admin(user)


def test_reviewer_create_without_a_password_makes_an_account_that_cannot_log_in_yet(admin_user):
    user = services.reviewer_create(username="invited", role=REVIEWER, actor=admin_user)
    assert not user.has_usable_password()


def test_reviewer_create_refuses_an_existing_username_in_any_case(admin_user, reviewer):
    with pytest.raises(services.TeamError, match="already exists") as refusal:
        services.reviewer_create(username="RITA", role=REVIEWER, actor=admin_user)
    assert refusal.value.field == "username"


def test_reviewer_create_refuses_a_weak_password_saying_why(admin_user):
    with pytest.raises(services.TeamError, match="too short") as refusal:
        services.reviewer_create(username="neu", role=REVIEWER, actor=admin_user, password="abc")
    assert refusal.value.field == "password"


def test_reviewer_create_refuses_an_unknown_role(admin_user):
    with pytest.raises(services.TeamError, match="Unknown role"):
        services.reviewer_create(username="neu", role="Editor", actor=admin_user)


def test_reviewer_set_role_replaces_the_role(admin_user, reviewer):
    services.reviewer_set_role(user=reviewer, role=DATA_USER, actor=admin_user)
    assert list(reviewer.groups.values_list("name", flat=True)) == [DATA_USER]
    assert role_of(reviewer) == DATA_USER


def test_reviewer_set_role_to_admin_and_back_switches_django_admin_access(admin_user, reviewer):
    services.reviewer_set_role(user=reviewer, role=ADMIN, actor=admin_user)
    assert reviewer.is_staff
    services.reviewer_set_role(user=reviewer, role=REVIEWER, actor=admin_user)
    reviewer.refresh_from_db()
    assert not reviewer.is_staff
    assert role_of(reviewer) == REVIEWER


def test_an_admin_cannot_remove_their_own_admin_role(admin_user, superuser):
    with pytest.raises(services.TeamError, match="your own Admin role"):
        services.reviewer_set_role(user=admin_user, role=REVIEWER, actor=admin_user)


def test_the_last_active_admin_keeps_the_role(admin_user, reviewer):
    with pytest.raises(services.TeamError, match="last active admin"):
        services.reviewer_set_role(user=admin_user, role=REVIEWER, actor=None)
    assert role_of(admin_user) == ADMIN


def test_a_superuser_cannot_be_demoted_by_role(superuser, admin_user):
    with pytest.raises(services.TeamError, match="superuser"):
        services.reviewer_set_role(user=superuser, role=REVIEWER, actor=admin_user)


def test_reviewer_deactivate_blocks_login_and_keeps_the_work(admin_user, reviewer, article, labels):
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    services.reviewer_deactivate(user=reviewer, actor=admin_user)
    reviewer.refresh_from_db()
    assert not reviewer.is_active
    assert can_log_in("rita", "correct horse battery staple") is None
    claim = Annotation.objects.get()
    assert claim.reviewer.username == "rita"


def test_reviewer_reactivate_lets_them_log_in_again(admin_user, reviewer, password):
    services.reviewer_deactivate(user=reviewer, actor=admin_user)
    services.reviewer_reactivate(user=reviewer, actor=admin_user)
    assert can_log_in("rita", password) == reviewer


def test_an_admin_cannot_deactivate_themselves(admin_user, superuser):
    with pytest.raises(services.TeamError, match="your own account"):
        services.reviewer_deactivate(user=admin_user, actor=admin_user)


def test_the_last_active_admin_cannot_be_deactivated(admin_user, reviewer):
    with pytest.raises(services.TeamError, match="last active admin"):
        services.reviewer_deactivate(user=admin_user, actor=reviewer)


def test_the_database_refuses_to_delete_a_reviewer_with_claims(reviewer, article, labels):
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    with pytest.raises(ProtectedError):
        reviewer.delete()


def test_the_database_refuses_to_delete_a_reviewer_with_no_claim_marks(reviewer, article):
    services.sentence_mark_no_claim(sentence=article.sentences.first(), reviewer=reviewer)
    with pytest.raises(ProtectedError):
        reviewer.delete()


def test_reviewer_delete_of_someone_with_work_says_to_deactivate(
    admin_user, reviewer, article, labels, django_user_model
):
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    with pytest.raises(services.TeamError, match="Deactivate the account instead"):
        services.reviewer_delete(user=reviewer, actor=admin_user)
    assert django_user_model.objects.filter(pk=reviewer.pk).exists()


def test_reviewer_delete_removes_an_account_without_work(admin_user, outsider, django_user_model):
    services.reviewer_delete(user=outsider, actor=admin_user)
    assert not django_user_model.objects.filter(pk=outsider.pk).exists()


def test_reviewer_set_password_replaces_the_password(admin_user, reviewer):
    services.reviewer_set_password(user=reviewer, password=STRONG, actor=admin_user)
    assert can_log_in("rita", STRONG) == reviewer


def test_reviewer_set_password_applies_the_password_rules(admin_user, reviewer):
    with pytest.raises(services.TeamError, match="too common"):
        services.reviewer_set_password(user=reviewer, password="password", actor=admin_user)


def test_workspace_settings_update_changes_the_switch(admin_user):
    services.workspace_settings_update(actor=admin_user, reviewers_may_open_unassigned=False)
    assert not WorkspaceSettings.load().reviewers_may_open_unassigned


# Assignments


@pytest.fixture
def team(django_user_model, password):
    from tests.conftest import make_user

    return [make_user(django_user_model, f"r{n}", password, REVIEWER) for n in (1, 2, 3)]


def test_bulk_assignment_gives_every_article_to_every_reviewer(admin_user, team):
    articles = make_articles(20)
    outcome = services.assignment_create_bulk(articles=articles, reviewers=team, actor=admin_user)
    assert len(outcome.created) == 60
    assert Assignment.objects.count() == 60
    assert set(Assignment.objects.values_list("assigned_by", flat=True)) == {admin_user.pk}


def test_bulk_assignment_keeps_existing_assignments_as_they_are(admin_user, team):
    import datetime

    articles = make_articles(2)
    first_due = datetime.date(2030, 1, 1)
    services.assignment_create(
        article=articles[0], reviewer=team[0], actor=admin_user, due_on=first_due
    )
    outcome = services.assignment_create_bulk(
        articles=articles, reviewers=team, actor=admin_user, due_on=datetime.date(2031, 1, 1)
    )
    assert outcome.already_assigned == 1
    assert len(outcome.created) == 5
    assert Assignment.objects.get(article=articles[0], reviewer=team[0]).due_on == first_due


@pytest.mark.parametrize(
    ("articles", "reviewers", "per_article"), [(20, 3, 2), (7, 3, 1), (5, 4, 3)]
)
def test_balanced_assignment_gives_each_article_exactly_n_and_spreads_the_load(
    admin_user, django_user_model, password, articles, reviewers, per_article
):
    from tests.conftest import make_user

    people = [make_user(django_user_model, f"p{n}", password, REVIEWER) for n in range(reviewers)]
    chosen = make_articles(articles)
    services.assignments_balance(
        articles=chosen, reviewers=people, per_article=per_article, actor=admin_user
    )
    per_article_counts = Counter(Assignment.objects.values_list("article_id", flat=True))
    assert set(per_article_counts.values()) == {per_article}
    assert len(per_article_counts) == articles
    loads = Counter(Assignment.objects.values_list("reviewer_id", flat=True))
    assert max(loads.values()) - min(loads.values()) <= 1


def test_balanced_assignment_counts_existing_assignments(admin_user, team):
    articles = make_articles(3)
    services.assignment_create(article=articles[0], reviewer=team[0], actor=admin_user)
    outcome = services.assignments_balance(
        articles=articles, reviewers=team, per_article=2, actor=admin_user
    )
    assert outcome.already_assigned == 1
    assert len(outcome.created) == 5
    first = set(Assignment.objects.filter(article=articles[0]).values_list("reviewer", flat=True))
    assert team[0].pk in first
    assert len(first) == 2
    loads = Counter(Assignment.objects.values_list("reviewer_id", flat=True))
    assert sorted(loads.values()) == [2, 2, 2]


def test_balanced_assignment_needs_enough_reviewers(admin_user, team):
    with pytest.raises(services.TeamError, match="only 3 are selected"):
        services.assignments_balance(
            articles=make_articles(1), reviewers=team, per_article=4, actor=admin_user
        )
    assert not Assignment.objects.exists()


def test_assignment_to_a_data_user_or_a_deactivated_reviewer_is_refused(
    admin_user, data_user, reviewer, article
):
    services.reviewer_deactivate(user=reviewer, actor=admin_user)
    with pytest.raises(services.TeamError, match="dora, rita"):
        services.assignment_create_bulk(
            articles=[article], reviewers=[data_user, reviewer], actor=admin_user
        )
    assert not Assignment.objects.exists()


def test_assignment_delete_keeps_the_claims(admin_user, reviewer, article, labels):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    review_whole_article(article, reviewer, labels["opinion"])
    services.assignment_delete(assignment=Assignment.objects.get(), actor=admin_user)
    assert not Assignment.objects.exists()
    assert Annotation.objects.filter(reviewer=reviewer).count() == 1


# Labels


def test_label_create_makes_a_slug_and_puts_it_last(admin_user):
    label = services.label_create(name="Zahl / Statistik", shortcut="4", actor=admin_user)
    assert label.slug == "zahl_statistik"
    assert label.order == 4
    assert label.is_active


@pytest.mark.parametrize(
    ("shortcut", "message"),
    [
        ("j", "reserved by the workspace"),
        ("1", "already the shortcut of “Quoted fact”"),
        ("ab", "one key"),
        ("!", "one key"),
    ],
)
def test_label_shortcut_rules_are_explained(admin_user, shortcut, message):
    with pytest.raises(services.TeamError, match=message) as refusal:
        services.label_create(name="Neu", shortcut=shortcut, actor=admin_user)
    assert refusal.value.field == "shortcut"


def test_a_shortcut_of_an_inactive_label_can_be_reused(admin_user, labels):
    services.label_deactivate(label=labels["opinion"], actor=admin_user)
    label = services.label_create(name="Kommentar", shortcut="2", actor=admin_user)
    assert label.shortcut == "2"


def test_a_label_whose_key_was_taken_cannot_be_reactivated(admin_user, labels):
    services.label_deactivate(label=labels["opinion"], actor=admin_user)
    services.label_create(name="Kommentar", shortcut="2", actor=admin_user)
    with pytest.raises(services.TeamError, match="now belongs to “Kommentar”"):
        services.label_reactivate(label=labels["opinion"], actor=admin_user)


def test_label_update_renames_and_recolours_but_keeps_the_slug(admin_user, labels):
    label = services.label_update(
        label=labels["opinion"],
        actor=admin_user,
        name="Meinung",
        description="Wertung.",
        shortcut="M",
        colour="#AA00CC",
    )
    label.refresh_from_db()
    assert (label.slug, label.name, label.shortcut, label.colour) == (
        "opinion",
        "Meinung",
        "m",
        "#aa00cc",
    )


def test_label_delete_of_a_label_in_use_is_refused_saying_to_deactivate(
    admin_user, reviewer, article, labels
):
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    with pytest.raises(services.TeamError, match="used by 1 claim and cannot be deleted"):
        services.label_delete(label=labels["opinion"], actor=admin_user)
    assert Label.objects.filter(slug="opinion").exists()


def test_label_delete_of_an_unused_label(admin_user, labels):
    services.label_delete(label=labels["opinion"], actor=admin_user)
    assert not Label.objects.filter(slug="opinion").exists()


def test_label_move_swaps_with_the_neighbour(admin_user, labels):
    services.label_move(label=labels["editorial_framing"], direction="up", actor=admin_user)
    assert list(Label.objects.values_list("slug", flat=True)) == [
        "quoted_fact",
        "editorial_framing",
        "opinion",
    ]
    services.label_move(label=labels["quoted_fact"], direction="up", actor=admin_user)
    assert Label.objects.first().slug == "quoted_fact"


# Tokens


def test_token_create_returns_the_key_once_and_stores_only_its_hash(admin_user, data_user):
    created = services.token_create(user=data_user, name="Export", actor=admin_user)
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(created.key)
    assert token.prefix == created.key[:8]
    assert token.created_by == admin_user
    stored = [str(value) for value in ApiToken.objects.values().get().values()]
    assert created.key not in stored


def test_token_create_for_a_deactivated_person_is_refused(admin_user, data_user):
    services.reviewer_deactivate(user=data_user, actor=admin_user)
    with pytest.raises(services.TeamError, match="deactivated or has no role"):
        services.token_create(user=data_user, name="Export", actor=admin_user)


def test_token_revoke_keeps_the_record(admin_user, data_user):
    created = services.token_create(user=data_user, name="Export", actor=admin_user)
    services.token_revoke(token=created.token, actor=admin_user)
    assert ApiToken.objects.get().revoked_at is not None


# History


def test_services_outside_a_request_record_their_actor(admin_user, labels):
    services.label_update(
        label=labels["opinion"],
        actor=admin_user,
        name="Meinung",
        description="",
        shortcut="2",
        colour="#b35c00",
    )
    event = (
        LabelEvent.objects.filter(pgh_label="update", pgh_context__isnull=False)
        .select_related("pgh_context")
        .get()
    )
    assert event.pgh_context.metadata["user"] == admin_user.pk
