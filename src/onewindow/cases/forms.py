"""The forms of the staff case pages: one small form per action with exactly the fields it needs, and
the filters of the case list. A valid action form turns into the services' `ActionInput`."""

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.catalog.choices import CaseKind, MaterialRequirement
from onewindow.timelimits.choices import PauseKind, Warning

from . import clocks, workflow
from .choices import Action, Channel, Delivery, FeeState, PaymentMethod, Provision, Status
from .listing import SORTS, STATUS_GROUPS, Wanted
from .services import ActionInput, MaterialInput

A = Action

# Which inputs each action asks for. "note" is an optional remark; "reason" a required one.
SKIP = "skip"  # a missing line not handed in this time


def _text(label, *, required=True, rows=None, max_length=None, initial="", help_text=""):
    widget = (
        forms.Textarea(attrs={"rows": rows, "class": "form-control"})
        if rows
        else forms.TextInput(attrs={"class": "form-control"})
    )
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        initial=initial,
        help_text=help_text,
        strip=True,
    )


def _choice(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, choices=choices, widget=forms.Select(attrs={"class": "form-select"})
    )


class ActionForm(forms.Form):
    """One action on one case (or one joint-case task), built for the case as it stands."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, action: str, case, detail: dict, *, task=None, data=None, files=None):
        self.action, self.case, self.task = action, case, task
        slot = f"{action}-{task.pk}" if task is not None else action
        super().__init__(data, files, auto_id=f"{slot}-%s", initial={"version": case.version})
        self.slot = slot
        self.material_lines = []
        self.fee_questions = []  # asked only when the answers given on applying no longer fit
        spec = workflow.CASE.spec(action)
        self.danger = spec.danger
        # What cannot be taken back is confirmed first (the page's data-confirm, app.js).
        self.confirm = not spec.undoable
        if task is not None:
            self.fields["task_id"] = forms.IntegerField(widget=forms.HiddenInput, initial=task.pk)
        for name in spec.fields:
            getattr(self, f"_add_{name}")(detail)

    # --- the fields ------------------------------------------------------------------------------

    def _add_reason(self, detail):
        labels = {
            A.PAUSE: gettext_lazy("暂停理由"),
            A.EXTEND: gettext_lazy("延期理由"),
            A.DENY: gettext_lazy("不予许可理由"),
            A.RETURN: gettext_lazy("退回理由"),
            A.TASK_DENY: gettext_lazy("部门意见"),
            A.WAIVE_FEE: gettext_lazy("减免理由"),
        }
        self.fields["reason"] = _text(labels.get(self.action, gettext_lazy("理由")), rows=2)

    def _add_note(self, detail):
        labels = {
            A.APPROVE: gettext_lazy("审批意见")
            if self.case.status != Status.REPORTED_UP
            else gettext_lazy("上级机关答复"),
            A.REPORT_UP: gettext_lazy("上报说明"),
            A.TASK_APPROVE: gettext_lazy("部门意见"),
            A.WITHDRAW: gettext_lazy("撤回说明"),
            A.RECORD_VISIT: gettext_lazy("来访事由"),
        }
        self.fields["reason"] = _text(labels.get(self.action, gettext_lazy("说明")), required=False, rows=2)

    def _add_basis(self, detail):
        self.fields["basis"] = _text(
            gettext_lazy("法律依据"),
            max_length=300,
            help_text=gettext_lazy("法律、法规或规章的名称和条款。"),
        )

    def _add_pause_kind(self, detail):
        kinds = [PauseKind.SUPPLEMENT, *self.case.item_version.special_procedures]
        choices = [(k, PauseKind(k).label) for k in dict.fromkeys(kinds) if k in PauseKind.values]
        self.fields["pause_kind"] = forms.ChoiceField(
            label=gettext_lazy("暂停原因"),
            choices=choices,
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    def _add_days(self, detail):
        left = max(0, (self.case.item_version.extension_max_days or 0) - self.case.extended_days)
        self.extension_left = left
        self.fields["days"] = forms.IntegerField(
            label=gettext_lazy("延长工作日数"),
            min_value=1,
            max_value=max(left, 1),
            help_text=_("本事项最多还可延长 %(left)s 个工作日。") % {"left": left},
            widget=forms.NumberInput(attrs={"class": "form-control", "min": 1, "max": left}),
        )

    def _add_authority(self, detail):
        self.fields["authority"] = _text(
            gettext_lazy("上报机关"), max_length=100, initial=self.case.item_version.report_up_authority
        )

    def _add_certificate(self, detail):
        issued = self.case.item_version.issues_certificate
        if not issued:
            return
        self.issues_certificate = issued
        self.fields["certificate_number"] = _text(
            gettext_lazy("证照编号"),
            required=False,
            max_length=60,
            help_text=_("核发“%(type)s”并存入电子证照库；不填则以办件编号为证照编号。") % {"type": issued},
        )
        self.fields["valid_until"] = forms.DateField(
            label=gettext_lazy("有效期至"),
            required=False,
            help_text=gettext_lazy("不填为长期有效。"),
            widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        )

    def _add_delivery(self, detail):
        self.fields["delivery"] = forms.ChoiceField(
            label=gettext_lazy("送达方式"),
            choices=Delivery.choices,
            initial=Delivery.WINDOW,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        )

    def _add_postal_number(self, detail):
        self.fields["postal_number"] = _text(
            gettext_lazy("邮件单号"),
            required=False,
            max_length=40,
            help_text=gettext_lazy("邮寄送达时必填。"),
        )

    def _fee_field(self, fees, label):
        return forms.TypedMultipleChoiceField(
            label=label,
            coerce=int,
            choices=[(f.pk, f"{f.name} ¥{f.amount}") for f in fees],
            initial=[f.pk for f in fees],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        )

    def _add_fee_ids(self, detail):
        unpaid = [f for f in detail["fees"] if f.state == FeeState.UNPAID]
        self.fields["fee_ids"] = self._fee_field(unpaid, gettext_lazy("缴纳的费用"))

    def _add_waive_ids(self, detail):
        waivable = [f for f in detail["fees"] if f.state == FeeState.UNPAID and f.waivable]
        self.fields["fee_ids"] = self._fee_field(waivable, gettext_lazy("减免的费用"))

    def _add_late_explanation(self, detail):
        """Only on a case past its deadline today: the decision then says why (超时说明)."""
        late_by = clocks.late_by(self.case)
        if not late_by:
            return
        self.fields["late_explanation"] = _text(
            gettext_lazy("超时说明"),
            rows=2,
            help_text=_("本件已超过办结期限 %(n)s 个工作日，请说明原因。") % {"n": late_by},
        )

    def _add_reduce_to(self, detail):
        self.fields["reduce_to"] = forms.DecimalField(
            label=gettext_lazy("减免后应收（元）"),
            required=False,
            min_value=Decimal("0.01"),
            max_digits=12,
            decimal_places=2,
            help_text=gettext_lazy("部分减免时填写减免后仍应收的金额（一次一项）；不填为全额减免。"),
            widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01", "min": "0.01"}),
        )

    def _add_payment_method(self, detail):
        self.fields["payment_method"] = forms.ChoiceField(
            label=gettext_lazy("缴费方式"),
            choices=PaymentMethod.choices,
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    def _add_receipt_number(self, detail):
        self.fields["receipt_number"] = _text(gettext_lazy("票据号"), max_length=40)

    def _add_missing_ids(self, detail):
        """Every line of the checklist; those already missing go into the notice anyway."""
        lines = [m for m in detail["materials"] if m.requirement != MaterialRequirement.OPTIONAL]
        missing = [m.pk for m in lines if m.provision == Provision.MISSING]
        self.fields["missing_ids"] = forms.TypedMultipleChoiceField(
            label=gettext_lazy("一次性告知补正的材料"),
            coerce=int,
            required=False,
            choices=[(m.pk, m.name) for m in lines],
            initial=missing,
            help_text=gettext_lazy("已缺少的材料一律列入告知书；告知书以外的材料以后不得再要求。"),
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        )
        # Why each is asked for, as the notice and the applicant's page will say (empty: not handed in).
        self.reason_ids = [m.pk for m in lines]
        for line in lines:
            self.fields[f"missing_reason_{line.pk}"] = _text(
                format_lazy(gettext_lazy("补正原因：{name}"), name=line.name),
                required=False,
                max_length=200,
                help_text=gettext_lazy("勾选的材料须补正的原因，如“复印件不清晰”；不填为“未提交”。"),
            )

    def _add_fee_answers(self, detail):
        """The fee questions again, only when the answers given on applying no longer fit what is in force
        (a bundle whose items changed meanwhile); otherwise acceptance asks nothing."""
        from .applied import applied_to

        applied = applied_to(self.case)
        if not applied.fee_answer_problems(self.case.fee_answers):
            return
        self.fee_questions = applied.fee_questions
        for n, question in enumerate(self.fee_questions):
            empty = gettext_lazy("请选择") if question.one_of else gettext_lazy("不适用")
            self.fields[f"fee_{n}"] = forms.ChoiceField(
                label=question.text,
                required=question.one_of,
                choices=[("", empty), *[(option, option) for option in question.options]],
                initial=self.case.fee_answers.get(question.text, ""),
                help_text=gettext_lazy("收费问题已随事项调整，请按申请人所述重新回答。"),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def _add_materials(self, detail):
        """One line per material still to be handed in: on paper or uploaded (with its file)."""
        if self.action == A.SUPPLEMENT:
            lines = [m for m in detail["materials"] if m.in_notice and m.provision == Provision.MISSING]
        else:
            lines = [
                m
                for m in detail["materials"]
                if m.provision == Provision.MISSING and m.requirement == MaterialRequirement.DEFERRABLE
            ]
        choices = [
            (Provision.PAPER, Provision.PAPER.label),
            (Provision.UPLOAD, Provision.UPLOAD.label),
            (SKIP, gettext_lazy("暂不提供")),
        ]
        for line in lines:
            name = f"material_{line.pk}"
            self.fields[name] = forms.ChoiceField(
                label=line.name,
                choices=choices,
                initial=Provision.PAPER,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{name}_file"] = forms.FileField(
                label=gettext_lazy("电子文件"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"class": "form-control form-control-sm", "accept": ".pdf,.jpg,.jpeg,.png,.ofd"}
                ),
            )
            self.material_lines.append((self[name], self[f"{name}_file"], line))

    # --- reading it --------------------------------------------------------------------------------

    @property
    def is_multipart(self):
        return bool(self.material_lines)

    def plain_fields(self):
        """The visible fields other than the material lines (drawn apart, one row per line)."""
        skip = {f"material_{line.pk}" for *_fields, line in self.material_lines}
        skip |= {f"{name}_file" for name in skip}
        return [f for f in self.visible_fields() if f.name not in skip]

    def to_input(self) -> ActionInput:
        data = self.cleaned_data
        materials = []
        for _choice, _file, line in self.material_lines:
            provision = data.get(f"material_{line.pk}")
            if provision in (Provision.PAPER, Provision.UPLOAD):
                upload = data.get(f"material_{line.pk}_file") if provision == Provision.UPLOAD else None
                materials.append(MaterialInput(line.pk, provision, upload))
        return ActionInput(
            version=data["version"],
            reason=data.get("reason", ""),
            basis=data.get("basis", ""),
            pause_kind=data.get("pause_kind", ""),
            days=data.get("days") or 0,
            authority=data.get("authority", ""),
            delivery=data.get("delivery", ""),
            postal_number=data.get("postal_number", ""),
            task_id=data.get("task_id"),
            fee_ids=data.get("fee_ids") or None,
            reduce_to=data.get("reduce_to"),
            late_explanation=data.get("late_explanation", ""),
            payment_method=data.get("payment_method", ""),
            receipt_number=data.get("receipt_number", ""),
            materials=materials,
            missing_ids=data.get("missing_ids") or None,
            missing_reasons={
                pk: data[f"missing_reason_{pk}"]
                for pk in getattr(self, "reason_ids", ())
                if data.get(f"missing_reason_{pk}") and pk in (data.get("missing_ids") or ())
            }
            or None,
            fee_answers={q.text: data.get(f"fee_{n}") or "" for n, q in enumerate(self.fee_questions)}
            if self.fee_questions
            else None,
            certificate_number=data.get("certificate_number", ""),
            valid_until=data.get("valid_until"),
        )

    def absorb(self, error) -> None:
        """Put a service's refusal on the form: its message on top, its field details on the fields."""
        from onewindow.errors import Invalid

        self.service_error = error
        # Only a refusal of the input carries messages per field; other details are data.
        details = error.details if isinstance(error, Invalid) and isinstance(error.details, dict) else {}
        for key, value in details.items():
            if not isinstance(value, str):
                continue
            name = key.replace("materials.", "material_")
            if name in self.fields:
                self._errors.setdefault(name, self.error_class()).append(value)


class CaseFilterForm(forms.Form):
    """The filters and the order of a staff case list (`listing`); every one is optional."""

    q = forms.CharField(
        label=gettext_lazy("办件编号或证件号码"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": gettext_lazy("办件编号（可输前几位）或证件号码")}
        ),
    )
    status = _choice(
        gettext_lazy("状态"),
        [
            ("", gettext_lazy("全部状态")),
            *[(k, label) for k, (label, _s) in STATUS_GROUPS.items()],
            *Status.choices,
        ],
    )
    kind = _choice(gettext_lazy("办件类型"), [("", gettext_lazy("全部类型")), *CaseKind.choices])
    warning = _choice(gettext_lazy("预警"), [("", gettext_lazy("全部预警")), *Warning.choices])
    channel = _choice(gettext_lazy("申请渠道"), [("", gettext_lazy("全部渠道")), *Channel.choices])
    item = forms.TypedChoiceField(label=gettext_lazy("事项"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(
        label=gettext_lazy("承办部门"), required=False, coerce=int, empty_value=None
    )
    body = forms.TypedChoiceField(
        label=gettext_lazy("受理机构"), required=False, coerce=int, empty_value=None
    )
    window = forms.TypedChoiceField(
        label=gettext_lazy("受理窗口"), required=False, coerce=int, empty_value=None
    )
    submitted_from = forms.DateField(
        label=gettext_lazy("申请日期自"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    submitted_to = forms.DateField(
        label=gettext_lazy("申请日期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    fees = _choice(
        gettext_lazy("费用"), [("", gettext_lazy("全部")), ("unsettled", gettext_lazy("费用未缴清"))]
    )
    sort = _choice(gettext_lazy("排序"), list(SORTS.items()))

    def __init__(self, data=None, *, actor, default_sort: str = "newest"):
        from onewindow.catalog.selectors import live_items
        from onewindow.org import selectors as org

        super().__init__(data)
        self.fields["sort"].initial = self.default_sort = default_sort
        # What may be chosen is what this person may see (the hall's roster is not secret to its staff).
        choices = {
            "item": lambda: live_items().order_by("name").values_list("item_id", "name"),
            "department": lambda: [(d.pk, d.name) for d in org.departments(actor)],
            "body": lambda: [(b.pk, b.name) for b in org.bodies(actor)],
            "window": lambda: [(w.pk, f"{w.number} {w.name}") for w in org.windows(actor)],
        }
        for name, read in choices.items():
            field = self.fields[name]
            field.choices = lambda read=read: [("", gettext_lazy("全部")), *read()]
            field.widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("结束日期不能早于开始日期。"))
        return data

    @property
    def wanted(self) -> Wanted:
        return Wanted.of(self.cleaned_data if self.is_bound else {})

    @property
    def sort_order(self) -> str:
        return (self.cleaned_data.get("sort") if self.is_bound else "") or self.default_sort
