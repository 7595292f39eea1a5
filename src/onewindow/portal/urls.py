from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.search, name="search"),
    path("item/<str:code>/", views.item, name="item"),
    path("item/<str:code>/notice/", views.notice, name="notice"),
    path("bundle/<str:code>/", views.bundle, name="bundle"),
    path("material/<int:material_id>/<slug:kind>/", views.material_file, name="material_file"),
]
