"""Model permissions from the user's role, so that a 填报人 created in the admin works at once.

A role is what the application's rules ask (`accounts.roles`); the admin asks model
permissions. This backend derives the second from the first, so nobody has to keep groups in step
with roles. Permissions given to a user or a group directly still count (ModelBackend).
"""

from django.contrib.auth.backends import BaseBackend

from .roles import is_admin, role_permissions


class RoleBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(role_permissions(user_obj))

    def has_perm(self, user_obj, perm, obj=None):
        # An administrator by role has every permission, as a superuser has.
        if user_obj.is_active and not user_obj.is_anonymous and is_admin(user_obj):
            return True
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and not user_obj.is_anonymous and is_admin(user_obj):
            return True
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))
