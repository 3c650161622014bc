"""The text format: every kind of broken sidecar gives its exact file:line message."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kit.textformat import TextFormatError, read, validate

ORIGINAL = "A title\nQ: Why?\nA: Because.\nA reader comment.\n"
HEAD = """\
    title: A title
    source: a test
    date: 2025-03
    language: en
    licence: public domain
    speakers:
      host: {name: Host, role: interviewer}
      guest: {name: Guest, role: interviewee}
      reader: {name: Reader, role: reader}
    segments:
"""
GOOD = HEAD + """\
      - {id: title, lines: 1, kind: title, speaker: host}
      - {id: q1, lines: 2, kind: question, speaker: host, label: "Q:"}
      - {id: a1, lines: 3, kind: answer, speaker: guest, label: "A:"}
      - {id: c1, lines: 4, kind: comment, speaker: reader}
"""


def messages(path):
    return [str(p) for p in validate(path)]


def test_a_valid_text_reads_with_labels_removed(write_text):
    s = read(write_text(ORIGINAL, GOOD))
    a1 = s.segments[2]
    assert (a1.id, a1.label, s.original[a1.start:a1.end]) == ("a1", "A:", "Because.")


def test_overlapping_segments(write_text):
    yml = write_text(ORIGINAL, HEAD + """\
      - {id: title, lines: 1-2, kind: title, speaker: host}
      - {id: q1, lines: 2, kind: question, speaker: host}
      - {id: rest, lines: 3-4, kind: answer, speaker: guest}
""")
    assert messages(yml) == [f"{yml}:12: segment 'q1' overlaps segment 'title' (text lines 1-2)"]


def test_lines_out_of_range(write_text):
    yml = write_text(ORIGINAL, HEAD + """\
      - {id: all, lines: 1-3, kind: answer, speaker: guest}
      - {id: more, lines: 4-9, kind: comment, speaker: reader}
""")
    assert messages(yml) == [f"{yml}:12: lines 4-9 are out of range (the text has 4 lines)"]


def test_malformed_line_range(write_text):
    yml = write_text(ORIGINAL, HEAD + """\
      - {id: all, lines: "one to four", kind: answer, speaker: guest}
""")
    assert messages(yml)[0] == f"{yml}:11: lines 'one to four' must be a line number or a range like 5-8"


def test_unknown_kind(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("kind: comment", "kind: speech"))
    (msg,) = messages(yml)
    assert msg.startswith(f"{yml}:14: unknown kind 'speech' (one of: title, subtitle, byline,")


def test_a_list_where_a_kind_or_role_belongs_is_reported_at_its_line(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("kind: comment", "kind: [comment]").replace("role: reader", "role: [reader]", 1))
    msgs = messages(yml)
    assert any(m.startswith(f"{yml}:14: unknown kind") for m in msgs), msgs
    assert any(": unknown role" in m and m.startswith(f"{yml}:") for m in msgs), msgs


def test_unknown_speaker(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("speaker: reader}", "speaker: someone}"))
    assert messages(yml) == [f"{yml}:14: unknown speaker 'someone' (not in 'speakers')"]


def test_missing_original(write_text):
    yml = write_text(None, GOOD)
    assert messages(yml) == [f"{yml}:1: original text 'sample.txt' not found next to the sidecar"]


def test_wrong_encoding_names_the_original_and_its_line(write_text):
    latin1 = "A title\nQ: Why?\nA: Caf\xe9.\nA reader comment.\n".encode("latin-1")
    yml = write_text(latin1, GOOD)
    txt = yml.with_suffix(".txt")
    assert messages(yml) == [f"{txt}:3: not valid UTF-8 (byte 0xe9); the original must be saved as UTF-8"]


def test_empty_sidecar(write_text):
    yml = write_text(ORIGINAL, "")
    assert messages(yml) == [f"{yml}:1: the sidecar is empty; see docs/text-format.md"]


def test_empty_original(write_text):
    yml = write_text("  \n\n", GOOD)
    assert messages(yml) == [f"{yml.with_suffix('.txt')}:1: the text is empty"]


def test_invalid_yaml_names_the_line(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("kind: question,", "kind: [question,"))
    (msg,) = messages(yml)
    # libyaml and PyYAML word the problem differently; both name the line and what was expected
    assert msg.startswith(f"{yml}:12: invalid YAML: ") and "expected ',' or ']'" in msg


def test_label_must_open_the_segment(write_text):
    yml = write_text(ORIGINAL, GOOD.replace('label: "A:"', 'label: "Answer:"'))
    assert messages(yml) == [f"{yml}:13: segment 'a1' does not start with its label 'Answer:'"]


def test_every_line_must_be_in_a_segment(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("      - {id: c1, lines: 4, kind: comment, speaker: reader}\n", ""))
    assert messages(yml) == [f"{yml}:10: text line 4 is not in any segment (mark it, if only as kind 'other')"]


def test_duplicate_segment_id(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("id: c1", "id: a1"))
    assert messages(yml) == [f"{yml}:14: duplicate segment id 'a1' (first on line 13)"]


def test_missing_metadata_and_bad_date(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("    source: a test\n", "").replace("2025-03", "March 2025"))
    assert messages(yml) == [
        f"{yml}:1: missing required field 'source'",
        f"{yml}:2: date 'March 2025' must be YYYY, YYYY-MM or YYYY-MM-DD (put what is uncertain in date_note)",
    ]


def test_quote_must_be_verbatim(write_text):
    yml = write_text(ORIGINAL, GOOD.replace(
        "speaker: reader}", "speaker: reader, quotes: [{text: 'no such words', voice: guest}]}"))
    assert messages(yml) == [f"{yml}:14: quote 'no such words' not found in segment 'c1'"]


def test_read_raises_with_every_problem(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("kind: comment", "kind: speech").replace("speaker: host}", "speaker: nobody}"))
    with pytest.raises(TextFormatError) as info:
        read(yml)
    assert len(info.value.problems) == 2
    assert all(str(p).startswith(f"{yml}:") for p in info.value.problems)


def test_kit_validate_exits_non_zero_with_file_line_messages(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("kind: comment", "kind: speech"))
    run = subprocess.run([sys.executable, "-m", "kit", "validate", str(yml)], capture_output=True, text=True)
    assert run.returncode == 1
    assert f"{yml}:14: unknown kind 'speech'" in run.stderr
    assert "0 of 1 texts valid" in run.stderr


def test_kit_validate_accepts_the_shipped_texts():
    run = subprocess.run([sys.executable, "-m", "kit", "validate"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_overlap_check_scales_to_thousands_of_segments(write_text):
    # 3,000 one-line comments, then one segment that overlaps the last: found, and only it is named
    n = 3000
    original = "\n".join(f"Comment number {i}." for i in range(n)) + "\n"
    items = "".join(f"  - {{id: c{i}, lines: {i + 1}, kind: comment, speaker: r}}\n" for i in range(n))
    yml = write_text(original, "title: t\nsource: s\ndate: '2025'\nlanguage: en\nlicence: x\n"
                               "speakers: {r: {name: R, role: reader}}\nsegments:\n" + items
                               + f"  - {{id: extra, lines: {n}, kind: comment, speaker: r}}\n")
    assert messages(yml) == [f"{yml}:{n + 8}: segment 'extra' overlaps segment 'c{n - 1}' (text lines {n})"]


def test_a_recorded_digest_catches_an_edited_original(write_text):
    import hashlib
    digest = hashlib.sha256(ORIGINAL.encode("utf-8")).hexdigest()
    yml = write_text(ORIGINAL, GOOD.replace("licence: public domain", f"licence: public domain\n    sha256: {digest}"))
    assert messages(yml) == []
    yml.with_suffix(".txt").write_text(ORIGINAL.replace("Because.", "Because!"), encoding="utf-8")
    (problem,) = messages(yml)
    assert problem.startswith(f"{yml}:6: the original 'sample.txt' has changed since this sidecar was made")


def test_a_malformed_digest_is_reported(write_text):
    yml = write_text(ORIGINAL, GOOD.replace("licence: public domain", "licence: public domain\n    sha256: abc"))
    assert messages(yml) == [f"{yml}:6: sha256 must be the 64 hex digits of the original's SHA-256"]
