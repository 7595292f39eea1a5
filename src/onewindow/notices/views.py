"""The staff's in-app notices: the bell's page, newest first, and "mark all read"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onewindow.org.permissions import staff_on_page
from onewindow.paging import paged

from . import services
from .models import Notice


@login_required
@require_GET
def notice_list(request):
    staff_on_page(request)
    page = paged(request, Notice.objects.filter(recipient=request.user).order_by("-created_at", "-pk"))
    return render(request, "notices/list.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request):
    staff_on_page(request)
    count = services.mark_read(user=request.user)
    if count:
        messages.success(request, _("已将 %(n)s 条提醒标为已读。") % {"n": count})
    return redirect("notices:list")
