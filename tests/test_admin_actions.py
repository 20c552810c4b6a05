"""Every action in the admin writes (revokes, deletes, resets, sends), so none is offered to a
staff user who may only view the model: each needs the change or delete permission. Enumerates
every ModelAdmin on the site, our own and the installed apps' (django-axes' is re-registered in
beredskab/accounts/admin.py for this)."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def _viewer(make_user, model):
    """A staff user with the view permission on `model` and nothing else."""
    user = make_user(is_staff=True)
    codename = get_permission_codename("view", model._meta)
    user.user_permissions.add(
        Permission.objects.get(content_type=ContentType.objects.get_for_model(model), codename=codename)
    )
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


@pytest.mark.parametrize(
    "model_admin", list(admin.site._registry.values()), ids=lambda m: f"{m.opts.app_label}.{m.opts.model_name}"
)
def test_a_view_only_user_is_offered_no_action_on_any_model(make_user, model_admin):
    viewer = _viewer(make_user, model_admin.model)
    request = RequestFactory().get("/admin/")
    request.user = viewer
    assert model_admin.has_view_permission(request)
    offered = model_admin.get_actions(request)
    assert not offered, f"{model_admin} offers {sorted(offered)} to a user who may only view"
