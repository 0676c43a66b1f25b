"""A URLconf for the logging tests: the site's own, plus one view that refuses with Django's PermissionDenied
(the 403 page links to the site's pages)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import urlpatterns as site


def refuse(request):
    raise PermissionDenied("不能查看其他单位的材料")


urlpatterns = [path("refuse/", refuse, name="refuse"), *site]
