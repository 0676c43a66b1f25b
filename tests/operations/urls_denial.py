"""A URLconf for the logging tests: one view that refuses with Django's PermissionDenied."""

from django.core.exceptions import PermissionDenied
from django.urls import path


def refuse(request):
    raise PermissionDenied("不能查看其他单位的材料")


urlpatterns = [path("refuse/", refuse, name="refuse")]
