"""An issue's papers: sent with it from the portal, added by the office on the page and through the API,
read by the departments the session invites (before any decision), never by other staff or the public;
a bad file is refused and nothing is half-written."""

import base64
import json
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.onsite import topics
from onewindow.onsite.models import Topic, TopicMaterial
from tests.cases.conftest import api

from .conftest import a_session, a_topic, police, user

PDF = b"%PDF-1.4\n% a map of the works\n"


def test_the_paper_sent_with_an_issue_and_who_reads_it(leaders, today, client, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today.set(date(2026, 3, 10))
    fields = {
        "submitter_kind": "enterprise",
        "submitter_name": "新泰华源机械有限公司",
        "submitter_phone": "13905381111",
        "title": "管辖不清",
        "content": "三个派出所交界处。",
    }
    refused = client.post(
        "/leaders/raise/", {**fields, "material": SimpleUploadedFile("x.pdf", b"not a pdf")}
    )
    assert refused.status_code == 422 and not Topic.objects.exists()  # neither the issue nor its paper
    answer = client.post("/leaders/raise/", {**fields, "material": SimpleUploadedFile("map.pdf", PDF)})
    assert answer.status_code == 201
    topic = Topic.objects.get()
    material = TopicMaterial.objects.get(topic=topic)
    path = f"/onsite/topics/{topic.number}/materials/{material.pk}/"
    assert login("supervisor").get(path).status_code == 200
    assert login("police").get(path).status_code == 404  # not invited yet
    assert client.get(path).status_code == 302  # the public signs in first, and then finds nothing
    session = a_session(date(2026, 3, 11), leaders[0])
    topics.vet(actor=user("supervisor"), topic=topic, decision="accept")
    topics.put_on_agenda(actor=user("supervisor"), topic=topic, session=session)
    topics.invite(actor=user("supervisor"), session=session, department_ids=[police().pk])
    downloaded = login("police").get(path)
    assert downloaded.status_code == 200 and b"".join(downloaded.streaming_content) == PDF
    assert login("clerk").get(path).status_code == 404


def test_the_office_adds_papers_on_the_page_and_through_the_api(leaders, today, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today.set(date(2026, 3, 10))
    topic = a_topic(date(2026, 3, 10))
    login("supervisor").post(
        f"/onsite/topics/{topic.number}/materials/",
        {"title": "厂区位置图", "file": SimpleUploadedFile("m.pdf", PDF)},
    )
    body = {"title": "情况说明", "file_name": "s.pdf", "content_base64": base64.b64encode(PDF).decode()}
    made = api("supervisor").post(
        f"/api/v1/onsite/topics/{topic.number}/materials", json.dumps(body), content_type="application/json"
    )
    assert made.status_code == 201
    listed = api("supervisor").get(f"/api/v1/onsite/topics/{topic.number}/materials").json()
    assert [m["title"] for m in listed] == ["厂区位置图", "情况说明"]
    file = api("supervisor").get(f"/api/v1/onsite/topics/{topic.number}/materials/{listed[1]['id']}/file")
    assert file.status_code == 200 and b"".join(file.streaming_content) == PDF
    refused = api("leader").post(
        f"/api/v1/onsite/topics/{topic.number}/materials", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 403  # the leader reads; the office keeps the papers
    bad = api("supervisor").post(
        f"/api/v1/onsite/topics/{topic.number}/materials",
        json.dumps({**body, "content_base64": base64.b64encode(b"GIF89a").decode()}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "file" in bad.json()["details"]["fields"]
