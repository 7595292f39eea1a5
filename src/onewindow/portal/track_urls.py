"""The public tracking page at /track/ (a root URL name, `track`, so receipts and SMS can link to it)."""

from django.urls import path

from .track import track

urlpatterns = [path("", track, name="track")]
