"""Supervision in proportion to the generated cases: the day's cards and the matters they open, and
matters from the other sources, about one per `CASES_PER_MATTER` cases, registered over the span.

The cards come from the card sweep itself (`supervision.cards.raise_cards`) run on the generated
cases as they stand today, so their number follows the workload's late and nearly late cases, exactly
as a real county's would; red cards open their matters in the same run. The other matters go through
the bulk registration the sweep uses (`register_matters`), each with its register event and audit record.
"""

from collections import defaultdict
from datetime import date

import numpy as np

from onewindow.org.models import ServiceBody
from onewindow.supervision.cards import raise_cards
from onewindow.supervision.choices import Source, Urgency
from onewindow.supervision.matter_services import NewMatter, register_matters
from onewindow.supervision.models import Card, Matter

CASES_PER_MATTER = 1_000
# The sources of matters other than cards, with their shares (complaints and the hotline the most).
SOURCES = {
    Source.COMPLAINT: 0.3,
    Source.HOTLINE: 0.3,
    Source.ENQUIRY: 0.15,
    Source.RATING: 0.1,
    Source.INSTRUCTION: 0.05,
    Source.MEDIA: 0.04,
    Source.INVESTIGATION: 0.03,
    Source.ONSITE: 0.03,
}
TITLES = {
    Source.COMPLAINT: "群众投诉：办件等待时间过长",
    Source.HOTLINE: "12345 热线转办：办事进度咨询无人答复",
    Source.ENQUIRY: "群众咨询：办理所需材料",
    Source.RATING: "差评整改：窗口服务态度",
    Source.INSTRUCTION: "上级批示：优化审批流程",
    Source.MEDIA: "媒体反映：窗口排队",
    Source.INVESTIGATION: "查办：重复要求提交材料",
    Source.ONSITE: "现场办公决定：限期办结积压件",
}


def generate_supervision(cases: int, workdays: list[date], today: date, seed: int) -> dict[str, int]:
    """Cards and matters for `cases` generated cases over `workdays`; returns how many of each."""
    raise_cards(on=today)
    rng = np.random.default_rng([seed, 9])
    count = max(1, cases // CASES_PER_MATTER)
    bodies = list(ServiceBody.objects.filter(parent__isnull=True).select_related("division"))
    sources = rng.choice(list(SOURCES), size=count, p=list(SOURCES.values()))
    days = rng.choice(workdays, size=count)
    urgencies = rng.choice(Urgency.values, size=count, p=[0.8, 0.15, 0.05])
    by_day = defaultdict(list)
    for n, (source, day, urgency) in enumerate(zip(sources, days, urgencies, strict=True)):
        public = source in (Source.COMPLAINT, Source.HOTLINE, Source.ENQUIRY, Source.RATING)
        new = NewMatter(
            source=str(source),
            title=TITLES[source],
            content=f"{TITLES[source]}（生成的第 {n + 1} 件）。",
            urgency=str(urgency),
            requester_phone=f"138{rng.integers(10**8):08d}" if public else "",
            external_id=f"G{seed}-{n + 1}" if source == Source.HOTLINE else "",
        )
        by_day[day].append((bodies[n % len(bodies)], new))
    for day in sorted(by_day):
        register_matters(by_day[day], on=day)
    return {"cards": Card.objects.count(), "matters": Matter.objects.count()}
