"""The comprehensive window's intake screen, under /cases/intake/ (see `intake_views`)."""

from django.urls import path, re_path

from . import intake_views as views

app_name = "intake"
urlpatterns = [
    path("", views.start, name="intake"),
    path("new/", views.new, name="new"),
    path("library/", views.library, name="library"),
    re_path(r"^(?P<number>\d{20})/$", views.result, name="result"),
]
