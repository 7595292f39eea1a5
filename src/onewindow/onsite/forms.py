"""The forms of the office-day pages; each only shapes input, the services decide (and say why not)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.styled import styled

from . import schedule, sessions, topics
from .choices import OnDayOff, Solved, SubmitterKind, Vetting

DATE = {"type": "date"}
WEEKDAYS = [
    (0, _("星期一")),
    (1, _("星期二")),
    (2, _("星期三")),
    (3, _("星期四")),
    (4, _("星期五")),
    (5, _("星期六")),
    (6, _("星期日")),
]


def _full_name(department) -> str:
    return department.name


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class TopicForm(StyledForm):
    """An issue, as the portal, the office and the session's walk-in desk take it."""

    submitter_kind = forms.ChoiceField(label=_("提交方类型"), choices=SubmitterKind.choices)
    submitter_name = forms.CharField(label=_("企业、单位或个人名称"), max_length=topics.NAME_MAX)
    submitter_phone = forms.CharField(label=_("联系电话"), max_length=20)
    title = forms.CharField(label=_("问题（一句话）"), max_length=topics.TITLE_MAX)
    content = forms.CharField(
        label=_("问题的经过和诉求"), max_length=topics.TEXT_MAX, widget=forms.Textarea({"rows": 4})
    )
    town = forms.ModelChoiceField(label=_("所在镇街"), queryset=None, required=False)
    case_number = forms.CharField(label=_("卡住的办件编号"), max_length=32, required=False)
    project = forms.ModelChoiceField(label=_("涉及的重点项目"), queryset=None, required=False)
    material = forms.FileField(
        label=_("材料（图片或 PDF）"),
        required=False,
        help_text=_("如位置图、情况说明，PDF、JPG、PNG 或 OFD，不超过 20 MB。"),
        widget=forms.ClearableFileInput({"accept": ".pdf,.jpg,.jpeg,.png,.ofd"}),
    )

    def __init__(self, *args, towns, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns
        self.fields["project"].queryset = projects

    def new_topic(self) -> topics.NewTopic:
        data = self.cleaned_data
        return topics.NewTopic(
            submitter_kind=data["submitter_kind"],
            submitter_name=data["submitter_name"],
            submitter_phone=data["submitter_phone"],
            title=data["title"],
            content=data["content"],
            town_id=data["town"].pk if data.get("town") else None,
            case_number=data.get("case_number", ""),
            project_id=data["project"].pk if data.get("project") else None,
        )


class RotaForm(StyledForm):
    first = forms.DateField(label=_("起始日期"), widget=forms.DateInput(DATE, "%Y-%m-%d"))
    last = forms.DateField(label=_("截止日期"), widget=forms.DateInput(DATE, "%Y-%m-%d"))
    weekday = forms.TypedChoiceField(label=_("每周"), choices=WEEKDAYS, coerce=int, initial=2)
    on_day_off = forms.ChoiceField(label=_("遇休息日"), choices=OnDayOff.choices, initial=OnDayOff.MOVE)
    place = forms.CharField(label=_("地点"), max_length=schedule.PLACE_MAX, required=False)
    leaders = forms.ModelMultipleChoiceField(
        label=_("轮值领导（按排序轮流）"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = leaders

    def plan(self) -> schedule.RotaPlan:
        data = self.cleaned_data
        return schedule.RotaPlan(
            data["first"],
            data["last"],
            data["weekday"],
            [leader.pk for leader in data["leaders"]],
            data["on_day_off"],
            data.get("place", ""),
        )


class DecisionForm(StyledForm):
    topic_number = forms.ChoiceField(label=_("议题"))
    text = forms.CharField(
        label=_("决定"), max_length=sessions.DECISION_MAX, widget=forms.Textarea({"rows": 3})
    )
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=None, required=False)
    person = forms.CharField(label=_("责任人"), max_length=sessions.PERSON_MAX, required=False)
    days = forms.IntegerField(
        label=_("时限（工作日）"), min_value=1, max_value=sessions.DAYS_MAX, required=False
    )
    expedite_case_number = forms.CharField(label=_("督促加快的办件编号"), max_length=32, required=False)

    def __init__(self, *args, agenda, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic_number"].choices = [(t.number, f"{t.position}. {t.title}") for t in agenda]
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = _full_name

    def decision(self) -> sessions.DecisionInput:
        data = self.cleaned_data
        return sessions.DecisionInput(
            topic_number=data["topic_number"],
            text=data["text"],
            unit_id=data["unit"].pk if data.get("unit") else None,
            person=data.get("person", ""),
            days=data.get("days"),
            expedite_case_number=data.get("expedite_case_number", ""),
        )


class DepartmentsForm(StyledForm):
    departments = forms.ModelMultipleChoiceField(
        label=_("部门"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    attendees = forms.CharField(label=_("参会人员"), max_length=sessions.ATTENDEES_MAX, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = units
        self.fields["departments"].label_from_instance = _full_name


class VetForm(StyledForm):
    decision = forms.ChoiceField(label=_("审核结果"), choices=Vetting.choices)
    note = forms.CharField(label=_("意见或理由"), max_length=topics.NOTE_MAX, required=False)
    merge_into = forms.CharField(label=_("合并到议题编号"), max_length=32, required=False)


class SolvedForm(StyledForm):
    solved = forms.ChoiceField(label=_("问题是否已解决"), choices=Solved.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
