"""Catalog pages for administrators (the public guides live in `portal`)."""

from . import import_views

app_name = "catalog"
urlpatterns = [
    *import_views.urlpatterns,
]
