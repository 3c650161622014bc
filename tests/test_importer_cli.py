"""The `kit import` command: report, --force with backups, bad input, and the new text everywhere.

Bad input must give a clear message naming the file and leave the target
folder exactly as it was (no .txt, .yml or temporary folder left behind).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kit
from kit.cli import main
from kit.yamlines import load as load_yaml

DATA = Path(__file__).parent / "data" / "import"


def run(capsys, *argv):
    code = main(["import", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_prints_speakers_turns_kinds_and_unplaced_lines(tmp_path, capsys):
    code, out, err = run(capsys, DATA / "crito-jowett-gbww.md", "--out", tmp_path, "--id", "crito")
    assert code == 0, err
    assert (tmp_path / "crito.txt").exists() and (tmp_path / "crito.yml").exists()
    assert "layout: play" in out
    lines = out.splitlines()
    assert any(line.split()[:1] == ["socrates"] and "15 turns" in line for line in lines)
    assert any(line.split()[:1] == ["crito"] and "14 turns" in line for line in lines)
    assert "segments by kind: other 3, title 1, turn 29" in out
    assert "lines not placed (kind 'other'): 4" in out
    assert "line 39: [44]" in out
    assert main(["validate", str(tmp_path / "crito.yml")]) == 0


def test_sidecar_marks_placeholders_and_uncertain_decisions(tmp_path, capsys):
    code, _, _ = run(capsys, DATA / "state-briefing-2022-08-18.txt", "--out", tmp_path)
    assert code == 0
    text = (tmp_path / "state-briefing-2022-08-18.yml").read_text(encoding="utf-8")
    assert 'date: "0000"  # TODO: check' in text
    assert "licence:" in text and "# TODO: check — find the licence" in text
    assert "# unsure: taken as a byline" in text
    data = load_yaml(tmp_path / "state-briefing-2022-08-18.yml")
    assert data["import"]["file"] == "state-briefing-2022-08-18.txt"
    assert data["language"] == "en"


def test_options_override_metadata_and_remove_the_todo(tmp_path, capsys):
    code, _, err = run(capsys, DATA / "state-briefing-2022-08-18.txt", "--out", tmp_path,
                       "--title", "Department Press Briefing – August 18, 2022",
                       "--date", "2022-08-18", "--licence", "US government work, public domain",
                       "--source", "https://www.state.gov/briefings/department-press-briefing-august-18-2022/")
    assert code == 0, err
    data = load_yaml(tmp_path / "state-briefing-2022-08-18.yml")
    assert (str(data["date"]), data["licence"]) == ("2022-08-18", "US government work, public domain")
    assert data["title"] == "Department Press Briefing – August 18, 2022"
    assert "# TODO: check" not in (tmp_path / "state-briefing-2022-08-18.yml").read_text(encoding="utf-8")


def test_html_import_keeps_the_page_name_and_its_declared_metadata(tmp_path, capsys):
    code, out, _ = run(capsys, DATA / "kremlin-en-17162.html", "--out", tmp_path, "--id", "chemezov")
    assert code == 0
    data = load_yaml(tmp_path / "chemezov.yml")
    assert data["import"]["file"] == "kremlin-en-17162.html" and data["import"]["format"] == "html"
    assert str(data["date"]) == "2012-12-18"
    assert data["source"] == "http://en.kremlin.ru/events/president/news/17162"
    assert data["licence"].startswith("Creative Commons Attribution 4.0 International")
    text = (tmp_path / "chemezov.txt").read_text(encoding="utf-8")
    for dropped in ("window.config", "Search this website", "Send by email", "Chemezov Sergei",
                    "Official Internet Resources", "Publication status"):
        assert dropped not in text
    assert "CEO of Rostekhnologii State Corporation Sergei Chemezov: Indeed, the corporation" in text
    assert "\n\nAs of today, 17 such holding companies have been set." in text


def test_existing_text_is_kept_unless_force_and_then_backed_up(tmp_path, capsys):
    src = DATA / "kremlin-ru-57693.txt"
    assert run(capsys, src, "--out", tmp_path, "--id", "ru")[0] == 0
    (tmp_path / "ru.yml").write_text((tmp_path / "ru.yml").read_text(encoding="utf-8") + "# my edit\n",
                                     encoding="utf-8")
    code, _, err = run(capsys, src, "--out", tmp_path, "--id", "ru")
    assert code == 1 and "already exists; use --force" in err and "ru.yml" in err
    assert (tmp_path / "ru.yml").read_text(encoding="utf-8").endswith("# my edit\n")
    code, out, _ = run(capsys, src, "--out", tmp_path, "--id", "ru", "--force")
    assert code == 0 and "kept the old file as ru.yml.bak" in out
    assert (tmp_path / "ru.yml.bak").read_text(encoding="utf-8").endswith("# my edit\n")
    assert not (tmp_path / "ru.yml").read_text(encoding="utf-8").endswith("# my edit\n")
    assert (tmp_path / "ru.txt.bak").read_bytes() == src.read_bytes()


def test_dry_run_prints_the_sidecar_and_writes_nothing(tmp_path, capsys):
    code, out, err = run(capsys, DATA / "kremlin-ru-57693.txt", "--out", tmp_path, "--dry-run")
    assert code == 0
    assert "segments:" in out and "label: \"Вопрос:\"" in out
    assert "nothing written" in err
    assert list(tmp_path.iterdir()) == []


# --- bad input ------------------------------------------------------------------

def _bad(tmp_path, name: str, data: bytes) -> Path:
    src = tmp_path / "in" / name
    src.parent.mkdir()
    src.write_bytes(data)
    return src


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\n\t\n", "the file is empty"),
    ("photo.txt", bytes(range(256)) * 4, "looks like a binary file"),
    ("latin1.txt", "Le café était fermé; déjà vu, à la française.\n".encode("latin-1") * 3,
     "not UTF-8 (byte 0xe9) and the encoding could not be recognised"),
    ("table.csv", b"id,name,value\n1,a,2\n2,b,3\n3,c,4\n", "no recognisable structure"),
    ("one-paragraph.txt", (DATA / "kremlin-ru-24370.txt").read_text(encoding="utf-8").splitlines()[9].encode(),
     "no recognisable structure"),
])
def test_bad_input_gives_a_clear_message_and_writes_nothing(tmp_path, capsys, name, data, message):
    src = _bad(tmp_path, name, data)
    out = tmp_path / "texts"
    out.mkdir()
    code, _, err = run(capsys, src, "--out", out)
    assert code == 1
    assert err.startswith(f"kit import: {src}")
    assert message in err
    assert list(out.iterdir()) == []


def test_missing_file_and_bad_options(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "nope.txt", "--out", tmp_path)
    assert code == 1 and "nope.txt: file not found" in err
    code, _, err = run(capsys, DATA / "kremlin-ru-57693.txt", "--out", tmp_path, "--date", "18/08/2022")
    assert code == 1 and "must be YYYY, YYYY-MM or YYYY-MM-DD" in err
    code, _, err = run(capsys, DATA / "kremlin-ru-57693.txt", "--out", tmp_path, "--id", "Bad Id")
    assert code == 1 and "must be lower-case" in err
    assert list(tmp_path.iterdir()) == []


def test_other_encodings_are_read_and_saved_as_utf8(tmp_path, capsys):
    crito = (DATA / "crito-jowett-gbww.md").read_text(encoding="utf-8")
    src = _bad(tmp_path, "crito-cp1252.md", crito.encode("cp1252"))
    code, _, err = run(capsys, src, "--out", tmp_path / "a")
    assert code == 1 and "--encoding" in err
    code, out, err = run(capsys, src, "--out", tmp_path / "a", "--encoding", "cp1252")
    assert code == 0, err
    assert (tmp_path / "a" / "crito-cp1252.txt").read_text(encoding="utf-8") == crito
    russian = (DATA / "kremlin-ru-24370.txt").read_text(encoding="utf-8")
    src = tmp_path / "in" / "ru-1251.txt"
    src.write_bytes(russian.encode("cp1251"))
    code, out, err = run(capsys, src, "--out", tmp_path / "b")
    assert code == 0, err
    assert "Windows-1251" in out
    assert (tmp_path / "b" / "ru-1251.txt").read_text(encoding="utf-8") == russian


# --- the new text shows up everywhere ------------------------------------------------

def test_imported_text_appears_in_kit_texts_and_kit_corpus(tmp_path, capsys, monkeypatch):
    seed_dir = Path(kit.paths.texts_dir())
    for suffix in (".txt", ".yml"):
        name = "lavrov-new-regions-2025" + suffix
        (tmp_path / name).write_bytes((seed_dir / name).read_bytes())
    monkeypatch.setenv("KIT_TEXTS", str(tmp_path))
    assert run(capsys, DATA / "euthyphro-jowett.md", "--id", "euthyphro")[0] == 0
    assert (tmp_path / "euthyphro.yml").exists()
    catalog = kit.texts()
    row = catalog.set_index("text_id").loc["euthyphro"]
    assert row.status == "ok" and row.language == "en"
    corpus = kit.corpus()
    assert set(corpus.text_ids) == {"lavrov-new-regions-2025", "euthyphro"}
    euth = corpus.segments[corpus.segments["text_id"] == "euthyphro"]
    assert euth["speaker"].value_counts()[["socrates", "euthyphro"]].tolist() == [21, 21]
    assert main(["texts"]) == 0
    assert "euthyphro" in capsys.readouterr().out
    assert main(["show", "euthyphro"]) == 0
    shown = capsys.readouterr().out
    assert "socrates" in shown and "t1             turn" in shown


def test_the_worked_example_in_the_instructors_guide_is_real_output(tmp_path, capsys):
    page = tmp_path / "meeting.html"
    page.write_bytes((DATA / "kremlin-en-17162.html").read_bytes())
    code, out, _ = run(capsys, page, "--id", "chemezov-2012", "--out", tmp_path / "texts")
    assert code == 0
    guide = (Path(__file__).resolve().parents[1] / "docs" / "instructors.md").read_text(encoding="utf-8")
    block = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert (tmp_path / "texts" / "chemezov-2012.yml").read_text(encoding="utf-8").endswith(block)
    for line in out.splitlines()[1:-1]:
        assert line in guide
    assert "\n## Course plan\n" in guide  # the guide's second half: the course plan


def test_a_draft_that_does_not_validate_is_not_written(tmp_path, capsys, monkeypatch):
    """If inference ever produced a broken sidecar, nothing would reach texts/."""
    import kit.importer as importer
    real = importer.render

    def drop_last_segment(draft, header=""):
        return real(draft, header).rstrip("\n").rsplit("\n", 1)[0] + "\n"

    monkeypatch.setattr(importer, "render", drop_last_segment)
    out = tmp_path / "texts"
    code, _, err = run(capsys, DATA / "kremlin-ru-57693.txt", "--out", out)
    assert code == 1
    assert "does not validate, so nothing was written" in err and "text line 6 is not in any segment" in err
    assert list(out.iterdir()) == []
