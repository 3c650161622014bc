"""Property: any text with any valid sidecar gives tables that satisfy the offset invariant."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from kit.tables import build
from kit.textformat import KINDS, read

WORDS = ["the", "West", "Россия", "мир", "“quoted.”", '"so-called"', "U.S.", "Mr.", "hadn’t", "—", "1941-1945",
         "end.", "why?", "yes!", "(aside)", "…", "St", "FM", "’", "«да»"]
line = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)


@st.composite
def texts(draw):
    lines = draw(st.lists(st.one_of(line, line, line, st.just(""), st.just("   ")), min_size=1, max_size=30))
    while lines and lines[-1] == "":
        lines.pop()  # "a\n" is one line: a final line break does not open another
    if not any(s.strip() for s in lines):
        lines.append("the end.")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    # cut the line numbers into consecutive segments
    cuts = sorted(set(draw(st.lists(st.integers(1, len(lines)), max_size=10))) | {len(lines)})
    segments, first = [], 1
    for n, last in enumerate(cuts, start=1):
        labelled = draw(st.booleans())
        if labelled and lines[first - 1].strip():
            lines[first - 1] = "Speaker " + str(n % 3) + ": " + lines[first - 1]
        segments.append((f"s{n}", first, last, draw(st.sampled_from(sorted(KINDS))),
                         f"p{n % 3}", f"Speaker {n % 3}:" if labelled and lines[first - 1].strip() else ""))
        first = last + 1
    original = newline.join(lines) + draw(st.sampled_from(["", newline]))
    return original, segments


def sidecar(segments) -> str:
    out = ["title: t", "source: s", "date: '2025'", "language: en", "licence: test", "speakers:"]
    out += [f"  p{i}: {{name: P{i}, role: unknown}}" for i in range(3)]
    out.append("segments:")
    for sid, first, last, kind, speaker, label in segments:
        item = f"  - {{id: {sid}, lines: '{first}-{last}', kind: {kind}, speaker: {speaker}"
        out.append(item + (f', label: "{label}"}}' if label else "}"))
    return "\n".join(out) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_random_valid_texts_satisfy_the_offset_invariant(case):
    original, segments = case
    # segments made only of blank lines are rejected as empty; keep the rest
    segments = [s for s in segments if "".join(original.split("\n")[s[1] - 1:s[2]]).strip()]
    lines = original.replace("\r\n", "\n").split("\n")
    with tempfile.TemporaryDirectory() as tmp:
        txt, yml = Path(tmp) / "t.txt", Path(tmp) / "t.yml"
        txt.write_bytes(original.encode("utf-8"))
        yml.write_text(sidecar(segments), encoding="utf-8")
        uncovered = [i for i, ln in enumerate(lines, 1) if ln.strip()
                     and not any(a <= i <= b for _, a, b, *_ in segments)]
        assert not uncovered
        tables = build(read(yml))
    for name, table in tables.items():
        for r in table.itertuples():
            assert original[r.start:r.end] == r.text, (name, r)
    # tokens tile the non-space characters of each sentence, in order
    tokens = tables["tokens"]
    assert tokens.start.is_monotonic_increasing
    assert (tokens.end > tokens.start).all()
    assert set(tables["segments"].segment_id.str.split(":").str[1]) == {s[0] for s in segments}
