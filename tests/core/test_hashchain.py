from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.hashchain import GENESIS, Link, link_hash, verify_chain

records = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.integers(1, 10**9),
            "action": st.text(max_size=20),
            "after": st.none() | st.dictionaries(st.text(max_size=5), st.integers()),
        }
    ),
    min_size=1,
    max_size=20,
)


def chain(recs):
    prev, links = GENESIS, []
    for seq, rec in enumerate(recs, start=1):
        digest = link_hash(prev, rec)
        links.append(Link(key=seq, seq=seq, prev_hash=prev, hash=digest, record=rec))
        prev = digest
    return links


@given(records)
def test_an_untouched_chain_verifies(recs):
    report = verify_chain(chain(recs))
    assert report.ok
    assert report.checked == len(recs)


@given(records, st.data())
def test_changing_any_field_of_any_record_names_that_record(recs, data):
    links = chain(recs)
    i = data.draw(st.integers(0, len(links) - 1))
    field = data.draw(st.sampled_from(sorted(links[i].record)))
    tampered = dict(links[i].record)
    tampered[field] = ["tampered", tampered[field]]
    links[i] = Link(links[i].key, links[i].seq, links[i].prev_hash, links[i].hash, tampered)
    report = verify_chain(links)
    assert not report.ok
    assert report.broken_key == links[i].key


@given(records.filter(lambda r: len(r) >= 3), st.data())
def test_removing_a_record_from_the_middle_is_caught(recs, data):
    links = chain(recs)
    i = data.draw(st.integers(1, len(links) - 2))
    del links[i]
    report = verify_chain(links)
    assert not report.ok
    assert report.broken_key == links[i].key


def test_key_order_does_not_change_the_hash():
    assert link_hash(GENESIS, {"a": 1, "b": "二"}) == link_hash(GENESIS, {"b": "二", "a": 1})


def test_a_forged_hash_breaks_the_next_link():
    links = chain([{"id": 1}, {"id": 2}])
    forged = link_hash(GENESIS, {"id": 99})
    links[0] = Link(1, 1, GENESIS, forged, {"id": 99})
    report = verify_chain(links)
    assert report.broken_key == 2
