from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("cards/", views.card_board, name="cards"),
    path("cards/<str:number>/withdraw/", views.withdraw, name="withdraw"),
]
