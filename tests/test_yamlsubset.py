"""The fast sidecar reader gives exactly what the full reader gives, or steps aside.

``kit.yamlsubset.parse`` reads the plain YAML that kit files are written in;
anything else (and every error) is read by libyaml and ``kit.yamlines``. These
tests read real sidecars (the shipped texts, the bench's generated corpora,
``kit import``'s drafts of the test transcripts), every YAML file of the
repository and random YAML both ways and compare values, types and lines; and
they check that hostile and malformed sidecars still give the full reader's
``file:line`` messages through the public ``read`` and ``validate``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kit import textformat, yamlsubset
from kit.textformat import TextFormatError, read, validate
from kit.yamlines import FileError, LineDict, LineList, loads

ROOT = Path(__file__).resolve().parents[1]
SEED = "lavrov-new-regions-2025"


def difference(a, b, where="top"):
    """Where ``a`` and ``b`` differ (value, type, order of keys or line), or None."""
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} {a!r:.60} against {type(b).__name__} {b!r:.60}"
    if isinstance(a, LineDict):
        if (a.line, list(a), a.key_lines) != (b.line, list(b), b.key_lines):
            return f"{where}: line {a.line}/{b.line}, keys {list(a)}/{list(b)}, key lines {a.key_lines}/{b.key_lines}"
        return next((d for k in a if (d := difference(a[k], b[k], f"{where}.{k}"))), None)
    if isinstance(a, LineList):
        if (a.line, len(a), a.item_lines) != (b.line, len(b), b.item_lines):
            return f"{where}: line {a.line}/{b.line}, length {len(a)}/{len(b)}, item lines {a.item_lines}/{b.item_lines}"
        return next((d for k, (x, y) in enumerate(zip(a, b)) if (d := difference(x, y, f"{where}[{k}]"))), None)
    return None if a == b or (a != a and b != b) else f"{where}: {a!r} against {b!r}"  # nan is nan


def own(path: Path, fast: bool):
    """The sidecar's data, Structure and problems as one reader alone gives them (no second reading)."""
    problems = []
    data = textformat._load_sidecar(path, problems, fast)
    structure = textformat._read(path, data, problems) if data is not None else None
    return data, structure, [str(p) for p in problems]


def assert_same_both_ways(path: Path) -> bool:
    """Both readers give equal data (with lines), Structures and problems; True if the fast one read it."""
    fast, slow = own(path, True), own(path, False)
    assert difference(fast[0], slow[0]) is None, (path, difference(fast[0], slow[0]))
    assert fast[1] == slow[1], path
    assert fast[2] == slow[2], path
    return yamlsubset.parse(path.read_text(encoding="utf-8")) is not None


# ---------------------------------------------------------------- real sidecars, both ways

def test_the_shipped_texts_read_the_same_both_ways():
    took = {p.stem: assert_same_both_ways(p) for p in sorted((ROOT / "texts").glob("*.yml"))}
    assert len(took) >= 4
    # flow mappings, folded and quoted scalars, comments: in the fast reader's subset
    assert took[SEED] and took["state-briefing-2022-08-18"], took


def test_the_bench_corpora_read_the_same_both_ways(tmp_path):
    from bench.bench_analysis import generate
    short, long = tmp_path / "short", tmp_path / "long"
    short.mkdir()
    long.mkdir()
    generate(short, 15_000, short=True)   # block style, written by PyYAML
    generate(long, 40_000)                # the seed's sidecar dumped by PyYAML: scalars folded over lines
    paths = sorted(short.glob("*.yml")) + sorted(long.glob("*.yml"))
    assert len(paths) >= 5
    assert all(assert_same_both_ways(p) for p in paths)
    assert all(read(p).segments for p in paths)


def test_drafts_written_by_kit_import_read_the_same_both_ways(tmp_path):
    from kit.importer import ImportFailure, import_text
    done = []
    for source in sorted((ROOT / "tests" / "data" / "import").iterdir()):
        if source.suffix in (".md", ".txt", ".html", ".htm", ".xml", ".vtt") and source.name != "README.md":
            try:
                done.append(import_text(source, out=tmp_path).yml)
            except ImportFailure:
                continue
    assert len(done) >= 20
    took = [assert_same_both_ways(p) for p in done]
    assert all(took), [p.name for p, t in zip(done, took) if not t]


def test_every_yaml_file_of_the_repository_reads_the_same_or_goes_to_the_full_reader():
    skip = {".venv", "node_modules", ".git"}
    paths = [p for p in ROOT.rglob("*.yml") if not skip & set(p.relative_to(ROOT).parts)]
    fast = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        data = yamlsubset.parse(text)
        if data is not None:
            fast += 1
            assert difference(data, loads(text, path, fast=False)) is None, path
    assert fast >= 15, (fast, len(paths))  # exercises, data files, sidecars: not only trivial files


# ---------------------------------------------------------------- random YAML, both ways

SCALARS = ["word", "two words", "Reader 1 (name not kept)", "yes", "No", "off", "~", "null", "Null", "true",
           "1", "0", "012", "0x1F", "0o17", "1_000", "1:20", "-1", "+1", ".5", "1.5e3", "1e3", ".inf", "-.Inf",
           ".nan", "2025", "2025-03", "2025-03-01", "2025-03-01 10:00:00", "2025-3-1", "2001-12-14t21:59:43.10-05:00",
           '"dq"', '"dq: # x"', r'"esc \" \\ \/ \n \t \u00e9"', r'"bad \q"', r'"\x41"', r'"\ud800"', "'sq ''x'''",
           "''", '""', "a: b", "a #c", "a#b", "a:b", "http://x.org/a", "[a, b]", "[]", "{}", '{a: 1, b: "x"}',
           "{a: b, c}", "{a: [x, 'y'], b: 2}", "{a: {b: 1}}", "[a, [b]]", "{a: 1,}", "{a:1}", "&x v", "*x", "!!str 1",
           "!t v", ">-", ">", "|", "|-", "|+", ">2", '"open', "'open", "x,y", "—", "é ü", "%x", "@x", "`x", "? x",
           ": x", "- x", "-x", "a ", "a  # c", "[a, b] x", "'a' b", '"a"b', "<<", "=", "a:", "#x"]
KEYS = ["id", "a", "b", "lines", "1", "yes", "null", "a.b", "key-1", "_c", '"q"', "'s'", "a b", "2025-03-01", "<<"]
LINE = st.one_of(
    st.tuples(st.sampled_from(["key"]), st.sampled_from(KEYS), st.sampled_from(SCALARS)),
    st.tuples(st.sampled_from(["open", "dash", "dashkey", "text", "comment", "blank", "bare"]),
              st.sampled_from(KEYS), st.sampled_from(SCALARS)))


def render(rows) -> str:
    out = []
    for indent, (shape, key, value) in rows:
        pad = " " * indent
        out.append({"key": f"{pad}{key}: {value}", "open": f"{pad}{key}:", "dash": f"{pad}- {value}",
                    "dashkey": f"{pad}- {key}: {value}", "text": f"{pad}{value}", "comment": f"{pad}# {value}",
                    "blank": "", "bare": f"{pad}-"}[shape])
    return "\n".join(out) + "\n"


def assert_same_or_declined(text: str) -> None:
    """The fast reader gives what the full reader gives, or declines (None); it declines whatever the full one refuses."""
    fast = yamlsubset.parse(text)
    try:
        slow = loads(text, "x.yml", fast=False)
    except FileError:
        assert fast is None, text
        return
    if fast is not None:
        assert difference(fast, slow) is None, (text, difference(fast, slow))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([0, 0, 2, 2, 4, 1, 3, 6]), LINE), min_size=1, max_size=14))
def test_random_yaml_reads_the_same_or_goes_to_the_full_reader(rows):
    assert_same_or_declined(render(rows))


SAFE = ["word", "two words", "Reader 1 (name not kept)", "yes", "~", "1", "012", "1:20", "2025-03-01", "a#b",
        "http://x.org/a", '"dq: # x"', r'"esc \" \\ \n \u00e9"', "'sq ''x'''", """[a, 'b', "c"]""", "{a: 1, b: [x]}",
        "{}", "x, y", "é ü", "a  # c", "1.5", "-.Inf", ".nan", "0x1F", "off"]


def block(rnd, depth: int, indent: int, in_item: bool = False) -> list[str]:
    """The lines of a random block mapping at ``indent``: scalars, nested blocks, flows, comments."""
    out, pad = [], " " * indent

    def scalar():
        return rnd.choice(SCALARS) if rnd.random() < 0.15 else rnd.choice(SAFE)

    for n in range(rnd.randint(1, 4)):
        key = rnd.choice(KEYS[:11])
        lead = ("- " if n == 0 else "  ") if in_item else ""
        where = " " * (indent - 2) + lead if in_item else pad
        shape = rnd.random()
        if rnd.random() < 0.1:
            out.append(rnd.choice(["", pad + "# a comment", "# at the margin"]))
        if depth > 0 and shape < 0.25:
            out.append(f"{where}{key}:" + rnd.choice(["", "  # note"]))
            out += block(rnd, depth - 1, indent + rnd.choice([2, 4]))
        elif depth > 0 and shape < 0.45:
            out.append(f"{where}{key}:")
            inner = indent + rnd.choice([0, 2])
            for _ in range(rnd.randint(1, 3)):
                if rnd.random() < 0.5:
                    out += block(rnd, depth - 1, inner + 2, in_item=True)
                else:
                    out.append(" " * inner + rnd.choice(["- ", "- ", "-   "]) + scalar())
                    if rnd.random() < 0.2:  # continued, or not
                        out.append(" " * (inner + rnd.choice([0, 1, 2, 3])) + scalar())
        elif shape < 0.55:
            out.append(f"{where}{key}: {scalar()}")
            out.append(" " * (indent + rnd.choice([1, 2, 4])) + scalar())  # continued, or not
        elif shape < 0.6:
            out.append(f"{where}{key}: {rnd.choice(['>-', '|', '>', '|-'])}")
            out += [" " * (indent + 2) + scalar() for _ in range(rnd.randint(1, 3))]
        else:
            out.append(f"{where}{key}: {scalar()}")
    return out


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_random_nested_yaml_reads_the_same_or_goes_to_the_full_reader(rnd):
    text = "\n".join(block(rnd, 3, 0)) + rnd.choice(["\n", "", "\n\n"])
    assert_same_or_declined(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["word", "two words", "x-y", "(a)", "'q'", '"q"', "1", "a,b", "é", "- d", "[x]",
                                 "a # b", "a: b", "#c", "x:"]), min_size=1, max_size=5),
       st.sampled_from(["plain", "'", '"']), st.sampled_from([2, 4]), st.booleans())
def test_scalars_over_several_lines_read_the_same(words, style, indent, in_list):
    """Long values as PyYAML writes them: folded over lines, plain or quoted."""
    lines = [words[0]] + [" " * indent + w for w in words[1:]]
    value = "\n".join(lines) if style == "plain" else style + "\n".join(lines) + style
    text = ("items:\n- note: " if in_list else "title: t\nnote: ") + value + "\nnext: 1\n"
    assert_same_or_declined(text)



# ---------------------------------------------------------------- problems: the same file:line messages

ORIGINAL = "A title\nQ: Why?\nA: Because.\nA reader comment.\n"
GOOD = """\
title: A title
source: a test
date: 2025-03
language: en
licence: public domain
speakers:
  host:
    name: Host
    role: interviewer
  guest: {name: Guest, role: interviewee}
  reader: {name: Reader, role: reader}
segments:
- id: title
  lines: 1
  kind: title
  speaker: host
- {id: q1, lines: 2, kind: question, speaker: host, label: "Q:"}
- id: a1
  lines: 3
  kind: answer
  speaker: guest
  label: 'A:'
  note: >-
    The answer,
    in full.
- {id: c1, lines: 4, kind: comment, speaker: reader}
"""

MISTAKES = {
    "unknown kind": ("kind: answer", "kind: speech"),
    "unknown speaker": ("speaker: reader}", "speaker: someone}"),
    "duplicate id": ("id: c1", "id: a1"),
    "overlap": ("lines: 3\n", "lines: 2-3\n"),
    "out of range": ("lines: 4,", "lines: 4-9,"),
    "bad range": ("lines: 1\n", "lines: one\n"),
    "missing field": ("  kind: title\n", ""),
    "unknown field": ("  speaker: host\n", "  speaker: host\n  colour: red\n"),
    "label": ("label: 'A:'", "label: 'Answer:'"),
    "uncovered line": ("- {id: c1, lines: 4, kind: comment, speaker: reader}\n", ""),
    "bad role": ("role: interviewer", "role: host"),
    "missing meta": ("source: a test\n", ""),
    "unknown meta": ("licence: public domain\n", "licence: public domain\ncolour: red\n"),
    "bad date": ("date: 2025-03", "date: March 2025"),
    "bad digest": ("licence: public domain\n", "licence: public domain\nsha256: abc\n"),
    "reply_to": ("speaker: reader}", "speaker: reader, reply_to: nobody}"),
    "segments not a list": ("segments:\n", "segments: {}\nx:\n"),
}


def write(folder: Path, sidecar: str, name: str = "sample") -> Path:
    (folder / f"{name}.txt").write_text(ORIGINAL, encoding="utf-8")
    path = folder / f"{name}.yml"
    path.write_text(sidecar, encoding="utf-8")
    return path


def test_the_example_is_read_by_the_fast_reader(tmp_path):
    path = write(tmp_path, GOOD)
    assert assert_same_both_ways(path)
    assert read(path).segments[2].note == "The answer, in full."


@pytest.mark.parametrize("name", list(MISTAKES))
def test_a_mistake_gets_the_same_file_line_message_from_both_readers(tmp_path, name):
    old, new = MISTAKES[name]
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    fast, slow = own(path, True), own(path, False)
    assert slow[2] and all(p.startswith(f"{path}:") for p in slow[2]), slow[2]
    assert fast[2] == slow[2]                               # the fast reader's own lines are right ...
    assert [str(p) for p in validate(path)] == slow[2]      # ... and what users see is the full reader's
    with pytest.raises(TextFormatError) as info:
        read(path)
    assert [str(p) for p in info.value.problems] == slow[2]


def billion_laughs(levels: int = 9) -> str:
    lines = ["format: 1", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


HOSTILE = {
    "billion laughs": (billion_laughs(), ":3: YAML aliases (*name) are not allowed"),
    "alias in a block": (GOOD.replace("  guest: {name: Guest, role: interviewee}", "  guest: &g {name: Guest, "
                                      "role: interviewee}\n  guest2: *g"), ":11: YAML aliases (*name) are not allowed"),
    "python tag": (GOOD.replace("title: A title", "title: !!python/name:os.system ''"),
                   ":1: invalid YAML: could not determine a constructor"),
    "python tag on a list": (GOOD.replace("title: A title", 'title: !!python/object/apply:os.system ["true"]'),
                             None),  # the tag is ignored (a list, never constructed), as before
    "local tag": (GOOD.replace("source: a test", "source: !x a test"), ":2: invalid YAML: could not determine"),
    "bell, plain": (GOOD.replace("source: a test", "source: ring \x07 here"), ":2: control character U+0007"),
    "bell, quoted": (GOOD.replace("source: a test", 'source: "ring \x07 here"'), ":2: control character U+0007"),
    "escape sequence": (GOOD.replace("  speaker: guest", "  speaker: guest\x1b[31m"), ":21: control character U+001B"),
    "NUL": (GOOD.replace("language: en", "language: en\x00"), ":4: control character U+0000"),
    "tab indentation": (GOOD.replace("    role: interviewer", "\trole: interviewer"), ":9: invalid YAML"),
    "unclosed flow": (GOOD.replace("{name: Guest, role: interviewee}", "{name: Guest, role: interviewee"),
                      ":11: invalid YAML"),
    "bad indentation": (GOOD.replace("    role: interviewer", "   role: interviewer"), ":9: invalid YAML"),
    "merge key": (GOOD.replace("  host:\n", "  base: {role: reader}\n  host:\n    <<: {name: X}\n"), None),
    "document markers": ("---\n" + GOOD + "...\n", None),
    "two documents": (GOOD + "---\ntitle: B\n", ":27: invalid YAML: but found another document"),
    "impossible date": (GOOD.replace("date: 2025-03", "date: 2025-13-45"),
                        ":3: invalid YAML: '2025-13-45' cannot be read (month must be in 1..12)"),
    "wide indentation": (GOOD.replace("- id: title", "-" + " " * 600 + "id: title"), None),
    # lines that made a pattern backtrack without end (each is read in linear time now)
    "long gap in a flow mapping": (GOOD.replace("{name: Guest, role: interviewee}",
                                                "{name: Guest" + " " * 200_000 + "x, role: interviewee"), ":11: invalid YAML"),
    "long gap in a flow sequence": (GOOD.replace("language: en", "language: [en" + " " * 200_000 + "x"), ":5: invalid YAML"),
    "twenty gaps": (GOOD.replace("{name: Guest, role: interviewee}",
                                 "{" + ", ".join(["name: Guest" + " " * 20] * 20) + " x"), ":11: invalid YAML"),
    "a list at the top": ("- title: A\n", ":1: the sidecar must be a mapping of fields"),
    "empty": ("# only a comment\n", ":1: the sidecar is empty"),
    "deep nesting": ("title:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(60)) + " " * 61 + "v: 1\n",
                     None),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_and_malformed_sidecars_get_the_full_readers_messages(tmp_path, name):
    content, expected = HOSTILE[name]
    path = write(tmp_path, content)
    problems = [str(p) for p in validate(path)]
    assert problems == own(path, False)[2]
    assert all(p.startswith(f"{path}") for p in problems)
    if problems == []:
        assert read(path) == own(path, False)[1]
    if expected:
        assert any(p.startswith(f"{path}{expected}") for p in problems), problems


def test_duplicate_keys_are_read_as_before_the_last_one_wins(tmp_path):
    text = GOOD.replace("source: a test\n", "source: first\nsource: a test\n").replace(
        "{id: c1, lines: 4,", "{id: c1, lines: 1, lines: 4,")
    path = write(tmp_path, text)
    assert assert_same_both_ways(path)
    data, structure, problems = own(path, True)
    assert problems == [] and structure.meta["source"] == "a test" and data.line_of("source") == 3
    assert list(data)[:2] == ["title", "source"] and structure.segments[-1].line_start == 4


def test_an_edited_original_is_caught_through_the_fast_reader(tmp_path):
    import hashlib
    digest = hashlib.sha256(ORIGINAL.encode("utf-8")).hexdigest()
    path = write(tmp_path, GOOD.replace("licence: public domain\n", f"licence: public domain\nsha256: {digest}\n"))
    assert read(path).meta["sha256"] == digest and assert_same_both_ways(path)
    path.with_suffix(".txt").write_text(ORIGINAL.replace("Because.", "Because!"), encoding="utf-8")
    (problem,) = [str(p) for p in validate(path)]
    assert problem.startswith(f"{path}:6: the original 'sample.txt' has changed since this sidecar was made")


def test_a_control_character_in_the_original_is_reported_with_its_line_and_column(tmp_path):
    path = write(tmp_path, GOOD)
    path.with_suffix(".txt").write_text(ORIGINAL.replace("Because.", "Be\x1bcause."), encoding="utf-8")
    assert [str(p) for p in validate(path)] == [
        f"{path.with_suffix('.txt')}:3: control character U+001B at column 6; an original is plain text (remove it)"]


def test_missing_files_are_named(tmp_path):
    assert [str(p) for p in validate(tmp_path / "none.yml")] == [f"{tmp_path / 'none.yml'}: sidecar not found"]
    path = write(tmp_path, GOOD)
    path.with_suffix(".txt").unlink()
    assert [str(p) for p in validate(path)] == [f"{path}:1: original text 'sample.txt' not found next to the sidecar"]


def test_the_seed_read_through_a_copy_is_the_same_text(tmp_path):
    for suffix in (".txt", ".yml"):
        shutil.copy(ROOT / "texts" / f"{SEED}{suffix}", tmp_path / f"{SEED}{suffix}")
    assert read(tmp_path / f"{SEED}.yml").segments == read(ROOT / "texts" / f"{SEED}.yml").segments


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab \n\r", max_size=40))
def test_line_spans_give_each_line_without_its_break(text):
    """Segment offsets come from these spans (computed without a Python loop when there is no '\\r')."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    spans = textformat.line_spans(text)
    assert [text[a:b] for a, b in spans] == [line[:-1] if line.endswith("\r") else line for line in lines]
    assert [a for a, _ in spans] == [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
