from django.urls import path

from onewindow.documents.views import print_page

from . import apply, mine, proxy, views

app_name = "portal"
urlpatterns = [
    path("", views.search, name="search"),
    path("item/<str:code>/", views.item, name="item"),
    path("item/<str:code>/notice/", print_page, {"subject": "item", "kind": "notice"}, name="notice"),
    path("item/<str:code>/apply/", apply.apply_item, name="apply_item"),
    path("bundle/<str:code>/", views.bundle, name="bundle"),
    path("bundle/<str:code>/apply/", apply.apply_bundle, name="apply_bundle"),
    path("material/<int:material_id>/<slug:kind>/", views.material_file, name="material_file"),
    path("my/", mine.my_cases, name="my"),
    path("my/proxy/", proxy.my_proxy, name="my_proxy"),
    path("my/proxy/<str:number>/rate/", proxy.rate, name="my_proxy_rate"),
    path("my/<str:number>/", mine.my_case, name="my_case"),
    path("my/<str:number>/upload/", mine.upload, name="my_upload"),
    path("my/<str:number>/withdraw/", mine.withdraw, name="my_withdraw"),
    path("my/<str:number>/material/<int:material_id>/", mine.material_file, name="my_material"),
]
