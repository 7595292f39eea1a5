from django.urls import path

from onewindow.documents.views import print_page

from . import figure_views, project_views, request_views, views

app_name = "proxy"
urlpatterns = [
    path("entrustments/", views.listed, name="entrustments"),
    path("entrustments/new/", views.new, name="entrustment_new"),
    path("entrustments/<str:number>/", views.detail, name="entrustment"),
    path("entrustments/<str:number>/revoke/", views.revoke, name="revoke"),
    path("entrustments/<str:number>/signature/", views.signature, name="signature"),
    path(
        "entrustments/<str:number>/print/<slug:kind>/", print_page, {"subject": "entrustment"}, name="print"
    ),
    path("figures/", figure_views.page, name="figures"),
    path("figures/excel/", figure_views.sheet, name="figures_sheet"),
    path("projects/", project_views.listed, name="projects"),
    path("projects/new/", project_views.new, name="project_new"),
    path("projects/<int:pk>/", project_views.detail, name="project"),
    path("projects/<int:pk>/steps/<int:step>/case/", project_views.link_case, name="project_case"),
    path("projects/<int:pk>/pre-review/", project_views.pre_review, name="project_pre_review"),
    path("requests/", request_views.listed, name="requests"),
    path("requests/new/", request_views.new, name="request_new"),
    path("requests/<str:number>/", request_views.detail, name="request"),
    path("requests/<str:number>/reassign/", request_views.reassign, name="reassign"),
    path("requests/<str:number>/act/<slug:action>/", request_views.act, name="act"),
    path("requests/<str:number>/appointments/", request_views.book, name="book"),
    path("requests/<str:number>/handovers/", request_views.hand_over, name="hand_over"),
    path("requests/<str:number>/handovers/<int:pk>/confirm/", request_views.confirm, name="confirm"),
]
