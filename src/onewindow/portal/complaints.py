"""The public complaint and enquiry form (投诉 · 咨询) and its follow-up page, for anyone, on a phone.

Submitting answers with the matter's number and query code (kept on the page to write down); following
asks for both and shows the steps by day and unit, the reply and the outcome, nothing personal. A
wrong code answers exactly like an unknown number; both pages are throttled per client address.
"""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from onewindow.accounts.services import allow_rate
from onewindow.client_address import client_ip
from onewindow.errors import Invalid, Throttled
from onewindow.org.models import Department
from onewindow.supervision import public


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[("complaint", _("投诉")), ("enquiry", _("咨询"))],
        initial="complaint",
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("事由"), max_length=100, help_text=_("一句话说明，如“家中电话断线多日”。")
    )
    content = forms.CharField(
        label=_("详细情况"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("时间、地点、经过和您的诉求。"),
    )
    respondent_unit = forms.ModelChoiceField(
        label=_("被投诉单位"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("不涉及或不清楚"),
    )
    respondent_person = forms.CharField(
        label=_("被投诉人"), max_length=50, required=False, help_text=_("不知道姓名时可写窗口号或岗位。")
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent_unit"].queryset = public.respondent_units()
        for name, field in self.fields.items():
            if name == "respondent_unit":
                field.widget.attrs["class"] = "form-select form-select-lg"
            elif name != "kind":
                field.widget.attrs["class"] = "form-control form-control-lg"


class FollowForm(forms.Form):
    number = forms.CharField(label=_("编号"), max_length=32)
    code = forms.CharField(label=_("查询码"), max_length=10)

    def clean_number(self):
        return "".join(self.cleaned_data["number"].split()).upper()

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("查询码是 6 位数字。"))
        return code


@never_cache
@require_http_methods(["GET", "POST"])
def complain(request):
    form = ComplaintForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            matter = public.submit(
                source=form.cleaned_data["kind"], client=client_ip(request), **_fields(form)
            )
        except Throttled:
            return render(request, "portal/complain.html", {"form": form, "throttled": True}, status=429)
        except Invalid as exc:
            for name, message in ((exc.details or {}).get("fields") or {"__all__": exc.message}).items():
                form.add_error(name if name in form.fields else None, message)
        else:
            return render(request, "portal/complain.html", {"submitted": matter}, status=201)
    if form.errors:
        status = 422
    return render(request, "portal/complain.html", {"form": form}, status=status)


def _fields(form) -> dict:
    data = form.cleaned_data
    unit = data["respondent_unit"]
    return {
        "title": data["title"],
        "content": data["content"],
        "name": data["name"],
        "phone": data["phone"],
        "respondent_unit_id": unit.pk if unit else None,
        "respondent_person": data["respondent_person"],
    }


@never_cache
@require_http_methods(["GET"])
def follow(request):
    asked = bool(request.GET.get("number") or request.GET.get("code"))
    form = FollowForm(request.GET if asked else None)
    context, status = {"form": form, "asked": asked}, 200
    if asked:
        if not allow_rate(f"track:{client_ip(request)}", settings.TRACK_LOOKUPS_PER_MINUTE):
            context["throttled"] = True
            return render(request, "portal/complaint_follow.html", context, status=429)
        if form.is_valid():
            matter = public.tracked(form.cleaned_data["number"], form.cleaned_data["code"])
            if matter is None:
                context.update(not_found=True, form=FollowForm())
                status = 404
            else:
                context.update(matter=matter, steps=public.public_steps(matter))
    return render(request, "portal/complaint_follow.html", context, status=status)
