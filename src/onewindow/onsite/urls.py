from django.urls import path

from onewindow.documents.views import print_page

from . import figure_views, topic_views, views

app_name = "onsite"
urlpatterns = [
    path("", views.home, name="home"),
    path("rota/", views.rota, name="rota"),
    path("figures/", figure_views.page, name="figures"),
    path("figures/excel/", figure_views.sheet, name="figures_sheet"),
    path("sessions/<int:pk>/", views.detail, name="session"),
    path("sessions/<int:pk>/swap/", views.swap, name="swap"),
    path("sessions/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("sessions/<int:pk>/agenda/", views.schedule_topic, name="schedule_topic"),
    path("sessions/<int:pk>/agenda/move/", views.move, name="move"),
    path("sessions/<int:pk>/invite/", views.invite, name="invite"),
    path("sessions/<int:pk>/hold/", views.hold, name="hold"),
    path("sessions/<int:pk>/walk-in/", views.walk_in, name="walk_in"),
    path("sessions/<int:pk>/decisions/", views.decide, name="decide"),
    path("sessions/<int:pk>/decisions/<int:decision>/", views.amend, name="amend"),
    path("sessions/<int:pk>/minutes/", views.draft, name="draft"),
    path("sessions/<int:pk>/minutes/text/", views.edit_minutes, name="edit_minutes"),
    path("sessions/<int:pk>/minutes/approve/", views.approve, name="approve"),
    path("sessions/<int:pk>/minutes/issue/", views.issue, name="issue"),
    path("sessions/<int:pk>/close/", views.close, name="close"),
    path("sessions/<int:pk>/print/<slug:kind>/", print_page, {"subject": "onsite_session"}, name="print"),
    path("topics/", topic_views.listed, name="topics"),
    path("topics/new/", topic_views.new, name="topic_new"),
    path("topics/<str:number>/", topic_views.detail, name="topic"),
    path("topics/<str:number>/vet/", topic_views.vet, name="vet"),
    path("topics/<str:number>/schedule/", topic_views.schedule, name="schedule"),
    path("topics/<str:number>/materials/", topic_views.attach, name="attach"),
    path("topics/<str:number>/materials/<int:pk>/", topic_views.material_file, name="material"),
]
