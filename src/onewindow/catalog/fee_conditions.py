"""Which fee lines an applicant owes. A line is always owed, or owed on an answer: "one of" lines share a
question and exactly one of them is owed (房屋用途: 住宅 80 or 非住宅 550); an "on a fact" line is owed
when the stated fact has its answer (另需证书: 是), and any other answer owes nothing. The intake asks
each question once, for an item or for a whole bundle (lines with the same question share it)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .choices import FeeCondition

NONE_APPLIES = ""  # the answer to a fact question that none of its lines' answers applies


@dataclass(frozen=True)
class FeeQuestion:
    text: str
    one_of: bool  # one of `options` must be chosen; otherwise "none applies" is an answer too
    options: tuple[str, ...]


def questions_of(lines: Iterable) -> list[FeeQuestion]:
    """The questions to ask, in the order of the lines, each once with its options in order."""
    asked: dict[str, dict] = {}
    for line in lines:
        if line.condition == FeeCondition.ALWAYS:
            continue
        entry = asked.setdefault(line.question, {"one_of": False, "options": []})
        entry["one_of"] |= line.condition == FeeCondition.ONE_OF
        if line.answer not in entry["options"]:
            entry["options"].append(line.answer)
    return [FeeQuestion(text, e["one_of"], tuple(e["options"])) for text, e in asked.items()]


def answer_problems(lines: Iterable, answers: Mapping[str, str]) -> dict[str, str]:
    """What is wrong with the answers, by question (empty: all answered as the lines allow)."""
    problems = {}
    questions = questions_of(lines)
    for question in questions:
        answer = (answers.get(question.text) or NONE_APPLIES).strip()
        if question.one_of and answer not in question.options:
            problems[question.text] = _("请选择“%(question)s”：%(options)s。") % {
                "question": question.text,
                "options": "、".join(question.options),
            }
        elif not question.one_of and answer not in (*question.options, NONE_APPLIES):
            problems[question.text] = _("“%(question)s”的回答只能是：%(options)s，或不适用。") % {
                "question": question.text,
                "options": "、".join(question.options),
            }
    unknown = set(answers) - {q.text for q in questions}
    for question in sorted(unknown):
        problems[question] = _("没有此收费问题：%(question)s。") % {"question": question}
    return problems


def owed(lines: Iterable, answers: Mapping[str, str]) -> list:
    """The lines owed under the answers (checked first with `answer_problems`)."""
    return [
        line
        for line in lines
        if line.condition == FeeCondition.ALWAYS
        or (answers.get(line.question) or NONE_APPLIES).strip() == line.answer
    ]


@dataclass
class AnswerField:
    """A question as a form field (fee_<n>) on the intake screen and the online application, with the
    answer posted and the service's word on it."""

    name: str
    question: FeeQuestion
    chosen: str = ""
    error: str = ""


def answer_fields(questions: list[FeeQuestion], posted=None, errors=None) -> list[AnswerField]:
    posted, errors = posted or {}, errors or {}
    return [
        AnswerField(f"fee_{n}", q, (posted.get(f"fee_{n}") or "").strip(), errors.get(q.text, ""))
        for n, q in enumerate(questions)
    ]


def posted_answers(questions: list[FeeQuestion], posted) -> dict[str, str]:
    """The posted answers by question, as the intake takes them."""
    return {f.question.text: f.chosen for f in answer_fields(questions, posted)}


def answer_errors(details) -> dict[str, str]:
    """A service refusal's messages on the fee questions, by question."""
    details = details if isinstance(details, dict) else {}
    return {k.split(".", 1)[1]: str(v) for k, v in details.items() if k.startswith("fee_answers.")}
