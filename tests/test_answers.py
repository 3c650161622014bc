"""Answers are saved at once, atomically, survive a restart, and a corrupt file is kept aside."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit import answers

ROOT = Path(__file__).parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    monkeypatch.setenv("KIT_TEXTS", str(ROOT / "texts"))
    monkeypatch.delenv("KIT_ANSWERS", raising=False)
    return tmp_path


def test_default_folder_is_beside_the_notebooks(home):
    assert answers.answers_dir() == home / "notebooks" / "answers"
    answers.save("03-framing", "03.2", {"a1.s3": "morality"})
    data = json.loads((home / "notebooks" / "answers" / "03-framing.json").read_text())
    assert data["schema"] == 1 and data["notebook"] == "03-framing"
    assert data["answers"]["03.2"]["value"] == {"a1.s3": "morality"}
    assert data["answers"]["03.2"]["saved_at"].startswith("20")


def test_env_override(home, tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_ANSWERS", str(tmp_path / "elsewhere"))
    answers.save("01-intro", "01.1", "b")
    assert (tmp_path / "elsewhere" / "01-intro.json").exists()


def test_save_get_load_and_update(home):
    answers.save("03-framing", "03.1", "b")
    answers.save("03-framing", "03.2", [{"start": 1, "end": 4, "label": "doubt"}])
    answers.save("03-framing", "03.1", "c")            # changing an answer replaces it
    assert answers.get("03-framing", "03.1") == "c"
    assert answers.get("03-framing", "03.9") is None
    assert answers.load("03-framing") == {"03.1": "c", "03.2": [{"start": 1, "end": 4, "label": "doubt"}]}
    assert answers.load("04-empty") == {}
    leftovers = [p.name for p in answers.answers_dir().iterdir()
                 if p.name not in ("03-framing.json", ".03-framing.lock")]
    assert leftovers == []                              # no temporary files left behind


def test_reloaded_by_a_new_process(home):
    """A kernel restart is a new process: the answer must come back from disk."""
    answers.save("03-framing", "03.2", {"a1.s3": "morality"})
    code = "from kit import answers; print(answers.get('03-framing', '03.2'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert out.stdout.strip() == "{'a1.s3': 'morality'}"


def test_non_json_answer_is_refused_and_nothing_is_lost(home):
    answers.save("03-framing", "03.1", "b")
    before = answers.path_for("03-framing").read_bytes()
    with pytest.raises(TypeError, match="nothing was saved"):
        answers.save("03-framing", "03.2", {1, 2})
    assert answers.path_for("03-framing").read_bytes() == before


def test_failed_write_keeps_the_old_file(home, monkeypatch):
    answers.save("03-framing", "03.1", "b")
    before = answers.path_for("03-framing").read_bytes()

    def boom(src, dst):
        raise OSError("disk full")
    with monkeypatch.context() as m:
        m.setattr(answers.os, "replace", boom)
        with pytest.raises(OSError):
            answers.save("03-framing", "03.1", "c")
    assert answers.path_for("03-framing").read_bytes() == before
    assert sorted(p.name for p in answers.answers_dir().iterdir()) == [".03-framing.lock", "03-framing.json"]


def test_corrupt_file_is_moved_aside_not_deleted(home):
    folder = answers.answers_dir()
    folder.mkdir(parents=True)
    (folder / "03-framing.json").write_text('{"schema": 1, "answers": {"03.1": {"val')
    with pytest.warns(UserWarning, match="moved to 03-framing.corrupt-"):
        assert answers.load("03-framing") == {}
    kept = list(folder.glob("03-framing.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_text().endswith('{"val')
    answers.save("03-framing", "03.1", "b")
    assert answers.get("03-framing", "03.1") == "b"


def test_bad_notebook_name_is_refused(home):
    with pytest.raises(ValueError, match="not a notebook name"):
        answers.save("../escape", "1", "x")


def test_submit_gathers_every_notebook(home):
    answers.save("01-intro", "01.1", "b")
    answers.save("03-framing", "03.2", {"a1.s3": "morality"})
    path = answers.submit("jsmith")
    assert path == home / "notebooks" / "submission-jsmith.json"
    data = json.loads(path.read_text())
    assert data["schema"] == 1 and data["student"] == "jsmith" and data["kit_version"]
    assert data["created"].startswith("20")
    assert data["answers"]["01-intro"]["01.1"]["value"] == "b"
    sub = answers.read_submission(path)
    assert sub.student == "jsmith" and sub["answers"]["03-framing"]["03.2"] == {"a1.s3": "morality"}
    with pytest.raises(ValueError, match="student id"):
        answers.submit("../../jsmith")


def test_cli_submit(home, tmp_path):
    answers.save("01-intro", "01.1", "b")
    out = tmp_path / "mine.json"
    ok = subprocess.run([sys.executable, "-m", "kit", "submit", "--student", "s42", "--out", str(out)],
                        capture_output=True, text=True, env=os.environ.copy())
    assert ok.returncode == 0 and "1 answers from 1 notebooks" in ok.stdout
    assert json.loads(out.read_text())["student"] == "s42"
    bad = subprocess.run([sys.executable, "-m", "kit", "submit", "--student", "a/b"],
                         capture_output=True, text=True, env=os.environ.copy())
    assert bad.returncode == 1 and "student id" in bad.stderr


@pytest.mark.parametrize("content,status", [
    (b"", "empty"),
    (b'{"schema": 1, "student": "x", "answ', "truncated"),
    (b"\xff\xfe\x00", "not-utf8"),
    (b"[" * 5000 + b"]" * 5000, "too-deep"),
    (b'{"schema": 1, "student": "x", "answers": {"n": {"1": {"value": NaN}}}}', "not-json"),
    (b'{"schema": 1, "student": "x", "student": "y", "answers": {}}', "not-json"),
    (b'{"schema": 2, "student": "x", "answers": {}}', "bad-schema"),
    (b'{"schema": 1, "student": "../x", "answers": {}}', "bad-student"),
    (b'{"schema": 1, "student": "x", "answers": []}', "bad-schema"),
])
def test_read_submission_rejects_broken_files(tmp_path, content, status):
    p = tmp_path / "s.json"
    p.write_bytes(content)
    with pytest.raises(answers.SubmissionError) as exc:
        answers.read_submission(p)
    assert exc.value.status == status


def test_read_submission_ignores_claimed_scores(tmp_path):
    p = tmp_path / "s.json"
    p.write_text(json.dumps({"schema": 1, "student": "x", "total": 100,
                             "answers": {"n": {"1": {"value": "a", "points": 5}}}}))
    sub = answers.read_submission(p)
    assert sub["answers"] == {"n": {"1": "a"}}
    assert "claimed scores ignored" in sub["warnings"][0]


def test_oversized_submission(tmp_path):
    p = tmp_path / "s.json"
    p.write_text('{"schema": 1, "student": "x", "answers": {"n": {"1": {"value": "' + "x" * 3000 + '"}}}}')
    with pytest.raises(answers.SubmissionError) as exc:
        answers.read_submission(p, max_bytes=1000)
    assert exc.value.status == "oversized"


# ---------------------------------------------------------------- several processes

_WRITER = """
import sys, time
from pathlib import Path
from kit import answers
tag, n, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
while not go.exists():
    time.sleep(0.001)
for i in range(n):
    answers.save("03-framing", f"{tag}.{i}", {"i": i, "by": tag})
    print(f"{tag}.{i}", flush=True)      # acknowledged: save() returned
"""


def test_two_processes_saving_300_answers_each_keep_every_answer(home, tmp_path):
    """Two kernels on one notebook: each save re-reads the file under a cross-process lock."""
    go = tmp_path / "go"
    env = os.environ.copy()
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, tag, "300", str(go)], env=env,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT) for tag in ("k1", "k2")]
    go.touch()                                   # both start saving at once
    acked = []
    for p in procs:
        out, _ = p.communicate()
        assert p.returncode == 0
        acked += out.split()
    assert len(acked) == 600
    saved = answers.load("03-framing")
    lost = [a for a in acked if a not in saved]
    assert lost == [], f"{len(lost)} acknowledged answers lost"
    assert saved["k1.299"] == {"i": 299, "by": "k1"} and saved["k2.0"] == {"i": 0, "by": "k2"}


_ENDLESS = """
import sys
from kit import answers
i = 0
while True:
    answers.save("03-framing", f"w.{i}", i)
    print(f"w.{i}", flush=True)
    i += 1
"""


def test_kill_9_mid_save_loses_nothing_saved(home):
    """A writer killed at any moment: every acknowledged answer is still there, and the
    next save leaves no temporary file."""
    import random
    import signal
    rng = random.Random(7)
    acked = set()
    for trial in range(25):
        p = subprocess.Popen([sys.executable, "-c", _ENDLESS], env=os.environ.copy(), cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
        for _ in range(rng.randint(1, 12)):
            line = p.stdout.readline().strip()
            assert line, "the writer stopped by itself"
            acked.add(line)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        p.stdout.close()
        saved = answers.load("03-framing")
        assert not acked - saved.keys(), f"trial {trial}: acknowledged answers lost"
    answers.save("03-framing", "last", 1)
    folder = answers.answers_dir()
    assert [p.name for p in folder.iterdir() if p.suffix == ".tmp"] == []


_STUCK = """
import os, sys
from kit import answers
def stuck(src, dst):           # the temporary file is written; the writer is killed before the rename
    print("written", flush=True)
    sys.stdin.read()
answers.os.replace = stuck
answers.save("03-framing", "never", 1)
"""


def test_a_killed_writers_temporary_file_is_removed_by_the_next_save(home):
    """kill -9 between writing the temporary file and the rename: the lock dies with the
    writer, the next save proceeds and removes the kit's own stale file, nobody else's."""
    import signal
    answers.save("03-framing", "03.1", "b")
    folder = answers.answers_dir()
    foreign = [folder / ".03-framing.notes.tmp", folder / ".03.b.abcdefgh.tmp", folder / "x.tmp"]
    for f in foreign:
        f.write_text("not the kit's")
    p = subprocess.Popen([sys.executable, "-c", _STUCK], env=os.environ.copy(), cwd=ROOT,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "written"
    stale = [q for q in folder.iterdir() if answers._temporary_name("03-framing").fullmatch(q.name)]
    assert len(stale) == 1
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    answers.save("03-framing", "03.2", "c")
    assert not stale[0].exists()
    assert all(f.exists() for f in foreign)
    assert answers.load("03-framing") == {"03.1": "b", "03.2": "c"}


# ---------------------------------------------------------------- whose answers

_WHERE = """
import sys
from kit import answers
answers.save("03-framing", "03.1", sys.argv[1])
print(answers.path_for("03-framing"))
"""


def _plain_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("KIT_HOME", "KIT_ANSWERS", "XDG_DATA_HOME")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def test_each_person_working_on_their_own_notebooks_gets_their_own_answers(tmp_path):
    """Two people, one install, KIT_HOME and KIT_ANSWERS unset: each kernel runs in the folder of
    the notebooks that person opened, and the answers go beside those notebooks."""
    paths = {}
    for who in ("ana", "ben"):
        home = tmp_path / who
        course = home / "course" / "notebooks"
        course.mkdir(parents=True)
        shutil.copy(ROOT / "notebooks" / "03-framing.ipynb", course)
        out = subprocess.run([sys.executable, "-c", _WHERE, f"answer of {who}"], cwd=course,
                             env=_plain_env(HOME=str(home)), capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        paths[who] = Path(out.stdout.strip())
        assert paths[who] == course / "answers" / "03-framing.json"
    assert paths["ana"] != paths["ben"]
    for who, path in paths.items():
        saved = json.loads(path.read_text())["answers"]
        assert saved == {"03.1": {"value": f"answer of {who}", "saved_at": saved["03.1"]["saved_at"]}}


def _python_for_others(install: Path):
    """A Python interpreter another user may run, importing the kit from ``install``."""
    for candidate in (sys.executable, shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin")):
        if not candidate:
            continue
        probe = subprocess.run(["setpriv", "--reuid=60001", "--regid=60001", "--clear-groups", candidate,
                                "-c", "import kit.answers"], env=_plain_env(HOME="/", PYTHONPATH=str(install)),
                               cwd="/", capture_output=True)
        if probe.returncode == 0:
            return candidate
    return None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root and setpriv to run as two real users (the test above covers the rest)")
def test_two_real_users_of_one_install_never_share_a_file():
    """Two Unix users run a kit installed once by root (the JupyterHub set-up): each one's answers
    go to their own home, never into the install, and neither can read the other's file."""
    import tempfile
    base = Path(tempfile.mkdtemp(prefix="kit-users-"))
    try:
        base.chmod(0o755)
        install = base / "install"                      # what root installed: the package and the notebooks
        shutil.copytree(ROOT / "kit", install / "kit", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "notebooks", install / "notebooks",
                        ignore=shutil.ignore_patterns("answers", ".ipynb_checkpoints", "submission-*"))
        python = _python_for_others(install)
        if python is None:
            msg = "no Python that another user can run"
            if os.environ.get("CI"):
                pytest.fail(msg)
            pytest.skip(msg)
        before = sorted(install.rglob("*"))
        env = {"PYTHONPATH": str(install), "PYTHONDONTWRITEBYTECODE": "1"}
        paths = {}
        for uid in (60001, 60002):
            home = base / f"u{uid}"
            home.mkdir(mode=0o700)
            os.chown(home, uid, uid)
            out = subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", python,
                                  "-c", _WHERE, f"answer of {uid}"], cwd=home,
                                 env=_plain_env(HOME=str(home), **env), capture_output=True, text=True)
            assert out.returncode == 0, out.stderr
            paths[uid] = Path(out.stdout.strip())
            assert paths[uid] == home / ".local" / "share" / "discourse-kit" / "answers" / "03-framing.json"
            assert paths[uid].stat().st_uid == uid
        assert paths[60001] != paths[60002]
        for uid, path in paths.items():
            assert json.loads(path.read_text())["answers"]["03.1"]["value"] == f"answer of {uid}"
        assert sorted(install.rglob("*")) == before        # nothing written into the install
        peek = subprocess.run(["setpriv", "--reuid=60002", "--regid=60002", "--clear-groups", python, "-c",
                               f"open({str(paths[60001])!r}).read()"], env=_plain_env(HOME="/", **env), cwd="/",
                              capture_output=True, text=True)
        assert peek.returncode != 0 and "PermissionError" in peek.stderr
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_folder_that_cannot_be_written_is_reported_at_the_first_save(tmp_path, monkeypatch):
    """No silent failure: the first save says where and what to do, and the widget shows it."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("KIT_ANSWERS", str(blocker / "answers"))
    with pytest.raises(answers.AnswersNotWritable, match=r"answers cannot be saved in .*a-file/answers.*KIT_ANSWERS"):
        answers.save("03-framing", "03.1", "b")
    with pytest.raises(answers.AnswersNotWritable):
        answers.check_writable()
    from kit.widgets.binding import Binding
    import kit.exercises
    first = kit.exercises.all_exercises()[0]
    html = Binding(first.id).record("b")
    assert "Could not save this answer" in html and "KIT_ANSWERS" in html


def test_an_answer_follows_its_exercise_into_a_split_notebook(home):
    """Notebook 04 was split and 04.7 moved to 04b: a student's earlier answer comes back there,
    and once they answer in the new notebook that answer is the one they see."""
    from kit import answers
    answers.save("04-claims", "04.7", ["a", "c"])
    answers.save("00-start-here", "00.1", "b")
    assert answers.get("04b-checking-claims", "04.7") == ["a", "c"]
    assert answers.get("04b-checking-claims", "04.8") is None
    answers.save("04b-checking-claims", "04.7", ["b"])
    assert answers.get("04b-checking-claims", "04.7") == ["b"]
    assert answers.load("04-claims") == {"04.7": ["a", "c"]}      # nothing was moved or deleted
