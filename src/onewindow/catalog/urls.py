"""Catalog pages for administrators (the public guides live in `portal`)."""

from . import edit_views, import_views

app_name = "catalog"
urlpatterns = [
    *import_views.urlpatterns,
    *edit_views.urlpatterns,
]
