from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("home/<slug:role>/", views.role_home, name="role_home"),
]
