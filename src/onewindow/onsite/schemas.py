"""The API's shapes shared by the staff API and the public one."""

from datetime import date

from ninja import Field, Schema

from . import topics
from .choices import SessionStatus, Solved, SubmitterKind, TopicStatus


class LeaderOut(Schema):
    id: int
    name: str
    title: str
    towns: list[str] = Field(description="联系镇街")
    projects: list[str] = Field(description="包保重点项目")
    headquarters: str


class SessionRowOut(Schema):
    id: int
    day: date
    planned_on: date = Field(description="轮值表原定日期（顺延时与 day 不同）")
    leader_id: int
    leader: str
    leader_title: str
    status: SessionStatus
    status_label: str
    place: str
    cancel_reason: str


class TopicIn(Schema):
    submitter_kind: SubmitterKind
    submitter_name: str = Field(min_length=1, max_length=topics.NAME_MAX)
    submitter_phone: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=1, max_length=topics.TITLE_MAX)
    content: str = Field(min_length=1, max_length=topics.TEXT_MAX)
    town_id: int | None = Field(None, ge=1, le=2**63 - 1, description="问题所在镇街（区划编号）")
    case_number: str = Field("", max_length=32, description="卡住的办件编号")
    project_id: int | None = Field(None, ge=1, le=2**63 - 1, description="涉及的重点项目")

    def new_topic(self) -> topics.NewTopic:
        return topics.NewTopic(**self.dict())


class DecisionOut(Schema):
    id: int
    topic_number: str
    text: str
    unit_id: int | None
    unit: str | None
    person: str
    days: int | None
    due_on: date | None
    expedite_case_number: str | None
    matter_number: str | None = Field(description="纪要印发后的督办事项编号")
    state: str = Field(description="落实情况（督办事项的状态）")
    closed: bool
    feedback: str = Field(description="责任单位反馈的落实情况")
    reply: str = Field(description="中心对提交方的答复")
    late: bool


class TopicOut(Schema):
    number: str
    status: TopicStatus
    status_label: str
    channel: str
    submitter_kind: SubmitterKind
    submitter_name: str
    submitter_phone: str = Field(description="联系电话（遮蔽，除非本人或中心办公室）")
    title: str
    content: str
    raised_on: date
    town: str | None
    case_number: str | None
    project: str | None
    vet_note: str
    merged_into: str | None
    session_id: int | None
    session_day: date | None
    position: int
    decisions: list[DecisionOut] = Field(description="决定及落实情况（列表中为空）")
    resolved: bool = Field(description="全部决定已办结")
    solved: Solved | None = Field(description="提交方评价：是否已解决")
    solved_note: str


class MinutesOut(Schema):
    number: str | None
    status: str = Field(
        description="pending 待起草（会后即到期，正文为空）、draft 草稿、approved 领导已审定、issued 已印发"
    )
    status_label: str
    text: str = Field(description="纪要正文；责任单位在印发后才能看到")
    draft_due: date
    drafted_on: date | None = Field(description="起草日期；未起草时为 null（正文为空）")
    deadline: date | None = Field(description="印发期限")
    warning: str
    issued_on: date | None


class SessionOut(SessionRowOut):
    invited: list[str]
    present: list[str]
    attendees: str
    agenda: list[TopicOut]
    decisions: list[DecisionOut]
    minutes: MinutesOut | None
    open_decisions: int
