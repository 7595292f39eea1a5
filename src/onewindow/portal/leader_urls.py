"""The public pages of leaders' on-site office days at /leaders/."""

from django.urls import path

from . import leaders

app_name = "leaders"
urlpatterns = [
    path("", leaders.schedule, name="schedule"),
    path("raise/", leaders.raise_topic, name="raise"),
    path("follow/", leaders.follow, name="follow"),
]
