from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.errors import Conflict, Invalid
from onewindow.org.permissions import staff_on_page
from onewindow.paging import paged
from onewindow.timelimits import reading

from . import selectors
from .cards import withdraw_card
from .forms import CardFilterForm, WithdrawForm


@login_required
@require_http_methods(["GET"])
def card_board(request):
    """The supervisor's card board: the cards of one's scope by department, level, rule, period and
    state, the tally per department, and one bounded page of the cards."""
    actor = staff_on_page(request)
    cards = selectors.visible_cards(actor)
    wanted = request.GET.copy()
    if "raised_from" not in wanted and "raised_to" not in wanted:  # this month, unless the period was set
        first, last = selectors.period_default(reading.today())
        wanted.update({"raised_from": first.isoformat(), "raised_to": last.isoformat()})
    form = CardFilterForm(wanted, departments=selectors.departments_in_scope(actor))
    valid = form.is_valid()
    cards = selectors.narrowed(cards, form.cleaned_data) if valid else cards.none()
    context = {
        "form": form,
        "tally": selectors.board_tally(actor, form.cleaned_data) if valid else [],
        "page": paged(request, cards.select_related(*selectors.CARD_RELATED).order_by("-raised_on", "-pk")),
        "may_withdraw": actor.is_admin or actor.has_role("supervisor"),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "supervision/cards.html", context)


@login_required
@require_POST
def withdraw(request, number: str):
    actor = staff_on_page(request)
    card = selectors.card_by_number(actor, number)
    if card is None:
        raise Http404
    try:  # the service checks the reason (required, at most REASON_MAX), in one place for page and API
        withdraw_card(actor=request.user, card=card, reason=request.POST.get("reason", ""))
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已摘牌：%(number)s。") % {"number": card.number})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "supervision:cards")
