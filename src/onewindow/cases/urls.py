from django.urls import path, register_converter

from onewindow.documents.views import print_page

from . import views, views_lists


class CaseNumberConverter:
    """A case number: 6-digit area code, 8-digit date, 6-digit sequence."""

    regex = "[0-9]{20}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CaseNumberConverter, "case_number")

app_name = "cases"
urlpatterns = [
    path("", views_lists.case_list, name="list"),
    path("inbox/", views_lists.inbox, name="inbox"),
    path("overdue/", views_lists.overdue, name="overdue"),
    path("<case_number:number>/", views.detail, name="detail"),
    path("<case_number:number>/act/<slug:action>/", views.act, name="act"),
    path("<case_number:number>/materials/<int:material_id>/file/", views.material_file, name="material_file"),
    path("<case_number:number>/print/<slug:kind>/", print_page, {"subject": "case"}, name="print"),
]
