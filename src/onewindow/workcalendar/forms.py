from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 512 * 1024


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV 文件"), required=False, help_text=_("UTF-8 编码，每行“日期,类型,名称”。")
    )
    text = forms.CharField(
        label=_("或直接粘贴"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 10, "placeholder": _("2027-01-01,off,元旦\n2027-02-20,work,春节")}
        ),
    )

    accept = forms.BooleanField(label=_("我已核对上述差异，确认按此导入"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("文件过大（上限 512 KB）。"))
            try:
                data["content"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("文件不是 UTF-8 编码。请另存为 UTF-8 CSV 后再上传。")) from exc
        else:
            data["content"] = data.get("text", "")
        if not data["content"].strip():
            raise forms.ValidationError(_("请上传 CSV 文件或粘贴内容。"))
        return data


MAX_NOTICE_CHARS = 20_000
MAX_LINES_CHARS = 5_000


class NoticeForm(forms.Form):
    """A notice pasted as published, or typed as lines; previewed, then confirmed."""

    text = forms.CharField(
        label=_("通知全文"),
        required=False,
        max_length=MAX_NOTICE_CHARS,
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "placeholder": _(
                    "国务院办公厅关于2027年部分节假日安排的通知\n……\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n……"
                ),
            }
        ),
        help_text=_("从中国政府网复制整篇通知粘贴于此；标题、发文字号、落款和日期可以一并粘贴。"),
    )
    year = forms.IntegerField(
        label=_("年份"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("粘贴通知时可不填，按通知读取；逐行录入时必填。"),
    )
    mode = forms.ChoiceField(
        label=_("通知类型"),
        choices=[
            ("auto", _("按通知标题判断")),
            ("annual", _("全年安排：整年替换")),
            ("supplement", _("补充或调整通知：只改所列日期")),
        ],
        initial="auto",
        required=False,
    )
    holidays = forms.CharField(
        label=_("放假安排"),
        required=False,
        max_length=MAX_LINES_CHARS,
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": _("元旦, 2027-01-01, 2027-01-03\n春节, 2027-02-06, 2027-02-13")}
        ),
        help_text=_("每行一个节日：节日名称, 开始日期, 结束日期。"),
    )
    makeup = forms.CharField(
        label=_("调休上班日"),
        required=False,
        max_length=MAX_LINES_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("2027-02-20, 春节")}),
        help_text=_("每行一天：日期, 节日名称。"),
    )
    basis = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    accept = forms.BooleanField(label=_("我已核对上述差异，确认按此保存"), required=False)

    def clean(self):
        data = super().clean()
        data["mode"] = data.get("mode") or "auto"
        if not (data.get("text") or "").strip() and not (data.get("holidays") or "").strip():
            raise forms.ValidationError(_("请粘贴通知全文，或逐行录入放假安排。"))
        return data
