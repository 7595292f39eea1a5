"""The real URLs plus one page nobody declared, for the access matrix's coverage test."""

from django.http import HttpResponse
from django.urls import path

from onewindow.urls import urlpatterns as real


def peek(request, number):
    return HttpResponse(number)


urlpatterns = [*real, path("cases/<case_number:number>/peek/", peek)]
