"""`kit import POST --comments FILE`: a comment section exported as JSON or HTML.

The exports here are hand-written samples in the shapes WordPress writes
(its REST API's flat JSON list with `parent` ids, and its HTML comment list
with nested `<ol class="children">`); no openly licensed real export was
found (see tests/data/import/README.md).
"""

from __future__ import annotations

import json

import kit
from kit.cli import main
from kit.textformat import validate
from kit.yamlines import load as load_yaml

POST = """A short post

By Kim Lee

Q: Why write this?

A: To test comments.

Q: And then?

A: Then we read them.
"""

WP_JSON = [
    {"id": 11, "parent": 0, "author_name": "Ann", "date": "2024-05-01T10:00:00",
     "content": {"rendered": "<p>Agreed.</p>"}},
    {"id": 12, "parent": 0, "author_name": "Bob", "date": "2024-05-01T10:05:00",
     "content": {"rendered": "<p>Agreed.</p>"}},
    {"id": 13, "parent": 11, "author_name": "Kim Lee", "date": "2024-05-02T08:00:00",
     "content": {"rendered": "<p>Thank you, Ann.</p><p>More soon.</p>"}, "author_is_post_author": True},
    {"id": 14, "parent": 13, "author_name": "Ann", "date": "May 3, 2024 at 9:15 am",
     "content": {"rendered": "<p>Looking forward to it.</p>"}},
]

WP_HTML = """<ol class="comment-list">
<li id="comment-21" class="comment even thread-even depth-1">
 <article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">
 <b class="fn">Ann</b> <span class="says">says:</span></div>
 <div class="comment-metadata"><a href="#c21"><time datetime="2024-05-01T10:00:00+00:00">May 1</time></a></div></footer>
 <div class="comment-content"><p>Agreed.</p></div></article>
 <ol class="children">
  <li id="comment-22" class="comment byuser bypostauthor odd alt depth-2">
  <article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">
  <b class="fn">Kim Lee</b></div><div class="comment-metadata"><time datetime="2024-05-02T08:00:00+00:00">May 2</time></div>
  </footer><div class="comment-content"><p>Thanks!</p></div></article></li>
 </ol>
</li>
<li id="comment-23" class="comment odd depth-1"><article class="comment-body"><footer class="comment-meta">
 <div class="comment-author vcard"><b class="fn">Bob</b></div>
 <div class="comment-metadata"><time datetime="2024-05-01T10:05:00+00:00">May 1</time></div></footer>
 <div class="comment-content"><p>Agreed.</p></div></article></li>
</ol>"""


def _run(tmp_path, capsys, name, content):
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    export = tmp_path / name
    export.write_text(content, encoding="utf-8")
    out = tmp_path / "texts"
    code = main(["import", str(post), "--comments", str(export), "--out", str(out), "--id", "post"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert validate(out / "post.yml") == []
    return load_yaml(out / "post.yml"), (out / "post.txt").read_text(encoding="utf-8"), out


def test_json_export_keeps_authors_dates_replies_and_the_authors_own_reply(tmp_path, capsys):
    data, text, out = _run(tmp_path, capsys, "comments.json", json.dumps(WP_JSON))
    comments = [s for s in data["segments"] if s["kind"] == "comment"]
    assert [(c["author"], c["speaker"]) for c in comments] == [
        ("Ann", "reader-ann"), ("Bob", "reader-bob"), ("Kim Lee", "author"), ("Ann", "reader-ann")]
    assert [str(c.get("date", "")) for c in comments] == [
        "2024-05-01T10:00:00", "2024-05-01T10:05:00", "2024-05-02T08:00:00", "2024-05-03"]
    ids = [c["id"] for c in comments]
    assert [c.get("reply_to") for c in comments] == [None, None, ids[0], ids[2]]
    assert data["speakers"]["author"]["role"] in ("author", "blogger")
    doc = kit.load(out / "post.yml")
    words = {str(k).split(":")[-1]: v for k, v in zip(doc.segments["segment_id"], doc.segments["text"])}
    # identical comments by two people stay two records
    assert words[ids[0]] == words[ids[1]] == "Agreed."
    assert words[ids[2]] == "Thank you, Ann.\nMore soon."
    # the post's own turns are untouched by the comments below it
    assert [s["label"] for s in data["segments"] if s.get("label")] == ["Q:", "A:", "Q:", "A:"]
    assert text.startswith(POST.rstrip("\n") + "\n\nComments (read from comments.json)\n")


def test_html_export_keeps_nesting_and_marks_the_post_authors_reply(tmp_path, capsys):
    data, _, _ = _run(tmp_path, capsys, "comments.html", WP_HTML)
    comments = [s for s in data["segments"] if s["kind"] == "comment"]
    assert [(c["author"], c["speaker"], c.get("reply_to")) for c in comments] == [
        ("Ann", "reader-ann", None), ("Kim Lee", "author", comments[0]["id"]), ("Bob", "reader-bob", None)]


def test_a_broken_export_is_one_clear_line_and_writes_nothing(tmp_path, capsys):
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    bad = tmp_path / "comments.json"
    bad.write_text("[{\"id\": 1,", encoding="utf-8")
    out = tmp_path / "texts"
    code = main(["import", str(post), "--comments", str(bad), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("kit import: ") and "comments.json" in err and "not valid JSON" in err
    assert not out.exists() or not any(out.iterdir())


def test_the_validator_checks_a_comment_date(tmp_path):
    (tmp_path / "t.txt").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "t.yml").write_text(
        "title: T\nsource: S\ndate: '2024'\nlanguage: en\nlicence: L\n"
        "speakers: {r: {name: R, role: reader}}\n"
        "segments:\n  - {id: c1, lines: 1, kind: comment, speaker: r, date: yesterday}\n", encoding="utf-8")
    problems = validate(tmp_path / "t.yml")
    assert [p.message for p in problems] == [
        "date 'yesterday' must be YYYY, YYYY-MM, YYYY-MM-DD or an ISO date and time (2024-05-01T10:22:00)"]
