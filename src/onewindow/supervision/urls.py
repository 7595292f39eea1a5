from django.urls import path

from onewindow.documents.views import print_page

from . import matter_views, views

app_name = "supervision"
urlpatterns = [
    path("cards/", views.card_board, name="cards"),
    path("cards/<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("matters/", matter_views.inbox, name="matters"),
    path("matters/new/", matter_views.register, name="matter_new"),
    path("matters/<str:number>/", matter_views.detail, name="matter"),
    path("matters/<str:number>/act/<slug:action>/", matter_views.act, name="act"),
    path("matters/<str:number>/print/<slug:kind>/", print_page, {"subject": "matter"}, name="print"),
]
