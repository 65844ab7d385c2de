"""Authentication backend that loads a user together with their role names in one query."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User

from annotations.selectors.team import role_names


class RoleAwareModelBackend(ModelBackend):
    """Django's ModelBackend; ``get_user`` also fetches group names for the role predicates.

    Every request asks what the user may do; reading the roles with the user saves a query on
    each of them (the workspace's save path is counted in queries).
    """

    def get_user(self, user_id):
        user = User._default_manager.annotate(role_names=role_names()).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
