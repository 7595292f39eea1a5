"""The notice pages, served at /cases/notices/ (the staff bell's address since F4)."""

from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("read/", views.mark_all_read, name="read"),
]
