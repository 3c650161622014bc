"""No answer value, however strange, makes a checker raise: it is scored or reported as invalid."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.checkers import check, problems
from kit.exercises import catalog

FIX = Path(__file__).parent / "data" / "exercises"
CAT = catalog(FIX)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True) |
    st.text(max_size=20) | st.sampled_from(["a", "b", "c2.s6", "a1.s3", "hedges", "support", "loaded language"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["start", "end", "label", "source", "target", "relation", "c2.s6", "a1.s3", "x"]) |
        st.text(max_size=8), inner, max_size=5),
    max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values, ex_id=st.sampled_from([e.id for e in CAT if e.type != "code"]))
def test_checkers_never_raise(value, ex_id):
    ex = CAT.get(ex_id)
    for grading in (False, True):
        r = check(ex, value, grading=grading)
        assert r.status in ("correct", "partial", "incorrect", "provisional", "unanswered", "invalid", "saved")
        if r.points is not None:
            assert 0 <= r.points <= ex.points


@settings(max_examples=100, deadline=None)
@given(value=json_values)
def test_code_problems_never_raise(value):
    for ex in (CAT.get("90.8"), CAT.get("90.9")):
        assert isinstance(problems(ex, value), list)
