from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.years, name="years"),
    path("<int:year>/", views.year, name="year"),
    path("import/", views.import_csv, name="import_csv"),
    path("notice/", views.import_notice, name="import_notice"),
]
