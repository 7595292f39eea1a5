"""Deadlines on real cases across National Day 2025 (1-8 October off; Sunday 28 September and Saturday
11 October are make-up working days): a supplement pause, a restart, a special procedure and an
extension, with the stored figures that lists read, and the daily sweep."""

from datetime import date

from onewindow.cases import clocks
from onewindow.cases.models import Case
from onewindow.catalog import services as catalog_services
from onewindow.timelimits import sweep
from onewindow.workcalendar.official import naive_add_workdays

from .conftest import do, intake, live, staff_in


def test_a_supplement_pause_takes_out_the_working_days_wholly_inside_it(catalog, today):
    today.set(date(2025, 9, 30))  # Tuesday, the eve of the holiday
    case = intake("clerk", "不动产抵押登记")  # 2 working days
    assert case.deadline == date(2025, 10, 10)  # day 1 is Thursday 9 October, after the holiday
    today.set(date(2025, 10, 9))
    case = do("reviewer2", case, "start_review")
    case = do("reviewer2", case, "pause", pause_kind="supplement", reason="抵押合同缺少签字页")
    assert case.status == "paused" and case.deadline is None and case.clock_state == "paused"
    assert case.remaining_days == 1  # frozen while paused
    today.set(date(2025, 10, 13))
    case = do("reviewer2", case, "resume")
    # 10 and 11 October (a make-up Saturday) lay wholly inside the pause; 13 October counts as day 2.
    assert case.deadline == date(2025, 10, 13)
    assert case.remaining_days == 0 and case.warning == "yellow"


def test_a_restart_counts_afresh_from_the_supplement_and_old_cases_keep_their_version(catalog, today):
    today.set(date(2025, 9, 29))
    old_case = intake("clerk", "不动产抵押登记")
    version = live("不动产抵押登记")
    draft = catalog_services.save_draft(actor=None, item=version.item, data={"supplement_rule": "restart"})
    catalog_services.publish(actor=None, version=draft)
    case = intake("clerk", "不动产抵押登记")
    assert case.supplement_restarts is True and case.item_version_id == draft.pk
    old_case.refresh_from_db()
    assert old_case.item_version_id == version.pk and old_case.supplement_restarts is False

    today.set(date(2025, 9, 30))
    case = do("reviewer2", case, "start_review")
    case = do("reviewer2", case, "pause", pause_kind="supplement", reason="补正抵押合同")
    today.set(date(2025, 10, 9))
    case = do("reviewer2", case, "resume")
    # Day 1 is Friday 10 October, day 2 the make-up Saturday 11 October.
    assert case.deadline == date(2025, 10, 11)
    assert case.remaining_days == 2


def test_a_special_procedure_and_an_extension_on_a_joint_case(catalog, today):
    for name, username in [("住房和城乡建设局", "zj"), ("自然资源和规划局", "zr"), ("生态环境局", "sthj")]:
        staff_in(name, username, "reviewer", "chief_rep")
    today.set(date(2025, 9, 25))
    case = intake("clerk", "企业投资项目联合审批（工程建设许可阶段）")  # 15 working days, joint
    assert case.deadline == naive_add_workdays(date(2025, 9, 25), 15) == date(2025, 10, 22)
    today.set(date(2025, 9, 29))
    case = do("zj", case, "start_review")
    case = do("zj", case, "pause", pause_kind="expert_review", reason="组织专家评审")
    today.set(date(2025, 10, 13))
    case = do("zj", case, "resume")
    # 30 September, 9, 10 and 11 October were wholly inside the pause: four working days later.
    assert case.deadline == date(2025, 10, 28)
    tasks = {t.department.name: t for t in case.tasks.select_related("department")}
    assert {t.deadline for t in tasks.values()} == {date(2025, 10, 28)}  # tasks stop with the case

    today.set(date(2025, 10, 14))
    too_long = _refused(lambda: do("zj", case, "extend", days=11, reason="需补充论证"))
    assert too_long.code == "extension_invalid"  # the item allows at most 10
    refused = _refused(lambda: do("zr", case, "extend", days=5, reason="不是牵头部门"))
    assert refused.status == 403
    case = do("zj", case, "extend", days=5, reason="专家意见需补充论证")
    assert case.status == "extended" and case.extended_days == 5
    assert case.deadline == date(2025, 11, 4)
    assert tasks["自然资源和规划局"].deadline == date(
        2025, 10, 28
    )  # the extension is the case's, not the tasks'


def _refused(call):
    from onewindow.errors import ServiceError

    try:
        call()
    except ServiceError as exc:
        return exc
    raise AssertionError("the action was not refused")


def test_a_late_task_turns_the_whole_case_red(catalog, today):
    for name, username in [("住房和城乡建设局", "zj"), ("自然资源和规划局", "zr"), ("生态环境局", "sthj")]:
        staff_in(name, username)
    today.set(date(2025, 9, 1))
    case = intake("clerk", "房屋建筑和市政基础设施工程竣工联合验收")
    tasks = list(case.tasks.all())
    assert tasks and all(t.deadline for t in tasks)
    shortest = min(tasks, key=lambda t: t.deadline)
    late_day = naive_add_workdays(shortest.deadline, 1)
    assert late_day <= case.deadline  # the case itself is still in time: the red comes from the task
    sweep.refresh_due(on=late_day)
    case.refresh_from_db()
    shortest.refresh_from_db()
    assert shortest.warning == "red"
    assert case.warning == "red"


def test_the_daily_sweep_agrees_with_a_full_replay(catalog, today):
    today.set(date(2025, 9, 1))
    cases = [
        intake("clerk", "不动产抵押登记"),
        intake("clerk", "企业设立登记"),
        intake("clerk", "食品经营许可"),
    ]
    do("reviewer2", cases[0], "start_review")
    paused = do("reviewer2", cases[0], "pause", pause_kind="supplement", reason="补正")

    def state(day):
        return {
            c.pk: (clocks.days_left(c, day), c.warning, c.clock_state, c.due_on, c.yellow_on)
            for c in Case.objects.all()
        }

    for day in (date(2025, 9, 2), date(2025, 9, 3), date(2025, 9, 5), date(2025, 9, 9), date(2025, 10, 9)):
        before = state(day)
        changed = sweep.refresh_due(on=day)
        assert sweep.refresh_due(on=day) == 0  # already brought up to the day: twice is safe
        swept = state(day)
        assert changed == sum(before[pk][1:4] != swept[pk][1:4] for pk in swept)  # only what changed
        for case in Case.objects.all():
            clocks.refresh(case, on=day)
        assert swept == state(day), day
    assert Case.objects.get(pk=paused.pk).clock_state == "paused"
    assert Case.objects.filter(warning="red").count() == 2


def test_a_deadline_in_a_year_not_yet_loaded_waits_for_the_calendar(
    catalog, today, admin_user, django_capture_on_commit_callbacks
):
    from onewindow.workcalendar import services as calendar_services
    from onewindow.workcalendar.models import CalendarYear, YearSource
    from onewindow.workcalendar.parsing import parse_csv
    from tests.workcalendar.test_calendar import CSV_2027

    CalendarYear.objects.filter(year__gte=2027).delete()
    today.set(date(2026, 12, 28))
    case = intake("clerk", "食品经营许可")  # 5 working days: 29-31 December, then 2027
    assert case.status == "accepted"
    assert case.deadline is None and case.clock_state == "no_calendar"  # never a wrong date
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.import_days(actor=admin_user, parsed=parse_csv(CSV_2027), source=YearSource.CSV)
    case.refresh_from_db()
    # 29, 30, 31 December, then 4 and 5 January (1-3 January are off in the imported year).
    assert case.clock_state == "running" and case.deadline == date(2027, 1, 5)
