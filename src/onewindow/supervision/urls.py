from django.urls import path

from onewindow.documents.views import print_page

from . import circulation_views, matter_views, views

app_name = "supervision"
urlpatterns = [
    path("cards/", views.card_board, name="cards"),
    path("cards/<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("matters/", matter_views.inbox, name="matters"),
    path("matters/new/", matter_views.register, name="matter_new"),
    path("matters/<str:number>/", matter_views.detail, name="matter"),
    path("matters/<str:number>/act/<slug:action>/", matter_views.act, name="act"),
    path("matters/<str:number>/attachments/", matter_views.attach, name="attach"),
    path("matters/<str:number>/attachments/<int:pk>/", matter_views.attachment_file, name="attachment"),
    path("matters/<str:number>/print/<slug:kind>/", print_page, {"subject": "matter"}, name="print"),
    path("reports/", circulation_views.reports, name="reports"),
    path("reports/publish/", circulation_views.publish, name="publish"),
    path("reports/<int:pk>/", circulation_views.report, name="report"),
    path("reports/<int:pk>/excel/", circulation_views.report_sheet, name="report_sheet"),
    path("reports/<int:pk>/print/<slug:kind>/", print_page, {"subject": "circulation"}, name="report_print"),
]
