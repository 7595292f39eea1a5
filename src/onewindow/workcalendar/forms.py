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


class NoticeForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    holidays = forms.CharField(
        label=_("放假安排"),
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": _("元旦, 2027-01-01, 2027-01-03\n春节, 2027-02-06, 2027-02-13")}
        ),
        help_text=_("每行一个节日：节日名称, 开始日期, 结束日期。"),
    )
    makeup = forms.CharField(
        label=_("调休上班日"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": _("2027-02-20, 春节")}),
        help_text=_("每行一天：日期, 节日名称。"),
    )
