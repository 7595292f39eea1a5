"""The public complaint and enquiry pages at /complaints/."""

from django.urls import path

from . import complaints

app_name = "complaints"
urlpatterns = [
    path("", complaints.complain, name="new"),
    path("follow/", complaints.follow, name="follow"),
]
