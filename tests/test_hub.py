"""A class on a real JupyterHub, end to end (issue 16; docs/jupyterhub.md is the set-up tested).

One test, run as root: three Unix users created for it, a JupyterHub on 127.0.0.1
(configurable-http-proxy, LocalProcessSpawner, DummyAuthenticator with a password),
the kit installed once in a virtual environment made from the system Python
(students must be able to run it), the course pulled by each student's server with
nbgitpuller from a bare git repository of ``kit release`` (two through the server's
API, the third by opening the documented course link in headless Chromium, logging
in, and clicking the graded answer in the notebook it opens), every code cell of
notebook 00 executed in each student's own kernel, the two others' answers given
through the widget code path (setting the widget's value in the kernel), submissions written with
``kit submit`` into an exchange folder and beside the notebooks, collected by the
documented root loops, graded with ``kit grade``, an instructor's fix pushed and
pulled without losing answers, and the instructor's checkout left untouched.

Figures (hub start, server start, memory per student, class time for notebook 00,
grading) are printed and written to ``test-artifacts/hub/figures.json``. Nothing
here depends on timing: waits are for events, with generous ceilings only against hangs.

Locally the test skips (with the reason) unless run as root; in CI (``CI`` set) any
missing component fails it.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.hub

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "00-start-here"
COURSE = "discourse-course"          # the folder nbgitpuller makes in each home (targetpath)
#: The Python the students' environment is made from: every user must be able to run it, so
#: not one under /root (pyenv's here). KIT_HUB_PYTHON overrides it.
SYSTEM_PYTHON = os.environ.get("KIT_HUB_PYTHON", "/usr/bin/python3")
#: Where the students' virtual environment is kept between runs (world-readable; rebuilt
#: when the requirements change). KIT_HUB_VENV overrides it.
VENV = Path(os.environ.get("KIT_HUB_VENV", "/var/tmp/discourse-kit-hub-test/venv"))
ARTIFACTS = ROOT / "test-artifacts" / "hub"
PATIENCE = 300                       # ceiling against hangs only; never a pass/fail criterion


# ----------------------------------------------------------------------------- requirements

def _missing_or_fail(problem: str):
    if os.environ.get("CI"):
        pytest.fail(f"the hub test cannot run in CI: {problem}", pytrace=False)
    pytest.skip(f"hub test skipped: {problem}")


def _check_requirements():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        _missing_or_fail("it needs root (it creates Unix users and runs JupyterHub's local-process spawner)")
    for tool in ("useradd", "userdel", "git", "configurable-http-proxy", "setpriv"):
        if not shutil.which(tool):
            hint = " (npm install -g configurable-http-proxy)" if tool == "configurable-http-proxy" else ""
            _missing_or_fail(f"{tool} not found on PATH{hint}")
    if not Path(SYSTEM_PYTHON).exists():
        _missing_or_fail(f"{SYSTEM_PYTHON} not found: the students' servers need a Python every user can run")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import sys, venv, ensurepip; "
                            "sys.exit(sys.version_info < (3, 11))"], capture_output=True)
    if probe.returncode:
        _missing_or_fail(f"{SYSTEM_PYTHON} is older than 3.11 or lacks venv/ensurepip (apt-get install "
                         "python3-venv, or point KIT_HUB_PYTHON at a Python 3.11+ that every user can run)")
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
        import tornado.websocket  # noqa: F401
    except ImportError as exc:
        _missing_or_fail(f"{exc.name} is not installed (pip install -e '.[test]')")
    from tests.browser import lab as L
    if not Path(L.CHROMIUM).exists():
        _missing_or_fail(f"{L.CHROMIUM} not found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing_or_fail("playwright is not installed (pip install -e '.[test]')")


# ----------------------------------------------------------------------------- helpers

def _run(cmd, check=True, **kw):
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if check and out.returncode:
        raise AssertionError(f"{cmd} failed ({out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _requirements() -> list[str]:
    """What the students' environment needs: the kit's dependencies, the hub's single-user
    server and nbgitpuller (versions from pyproject.toml)."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    hub = [r for r in meta["optional-dependencies"]["test"] if r.split(">")[0].split("<")[0].split("=")[0].strip()
           in ("jupyterhub", "nbgitpuller", "ipykernel")]
    return sorted(meta["dependencies"]) + sorted(hub) + ["setuptools>=68"]


def _student_venv() -> tuple[Path, float]:
    """A virtual environment made from the system Python, readable by every user; built once
    and reused while the requirements stay the same. Returns (venv, seconds spent building)."""
    wanted = "\n".join(_requirements())
    stamp = VENV / ".kit-hub-requirements"
    if stamp.exists() and stamp.read_text() == wanted and (VENV / "bin" / "jupyterhub-singleuser").exists():
        return VENV, 0.0
    t0 = time.perf_counter()
    shutil.rmtree(VENV, ignore_errors=True)
    VENV.parent.mkdir(parents=True, exist_ok=True)
    VENV.parent.chmod(0o755)
    _run([SYSTEM_PYTHON, "-m", "venv", str(VENV)])
    _run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", *_requirements()])
    # the kit's JupyterLab settings (no news pop-up), and every cell kept in the page so a
    # headless browser can reach the last widget of a notebook
    overrides = json.loads((ROOT / "jupyter-config" / "overrides.json").read_text())
    overrides["@jupyterlab/notebook-extension:tracker"] = {"windowingMode": "none"}
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(overrides, indent=1))
    stamp.write_text(wanted)
    _run(["chmod", "-R", "a+rX", str(VENV)])
    return VENV, time.perf_counter() - t0


def _snapshot(folder: Path) -> dict:
    """path → (size, mtime_ns) of the instructor's checkout, without what tests and tools make."""
    skip = {".venv", ".git", ".pytest_cache", ".hypothesis", "test-artifacts", "__pycache__", "results"}
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in skip and not d.endswith(".egg-info")]
        for name in filenames:
            st = os.stat(os.path.join(dirpath, name))
            out[os.path.relpath(os.path.join(dirpath, name), folder)] = (st.st_size, st.st_mtime_ns)
        out[os.path.relpath(dirpath, folder) + "/"] = tuple(sorted(filenames + dirnames))
    return out


def _git_status(folder: Path) -> str:
    return _run(["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=all"]).stdout


def _rss_kb(uid: int) -> int:
    """Resident memory of every process of one user (their server and kernel), in kB."""
    out = _run(["ps", "-o", "rss=", "-u", str(uid)], check=False).stdout
    return sum(int(x) for x in out.split())


def _as_user(name: str, code: str, python: Path) -> subprocess.CompletedProcess:
    pw = __import__("pwd").getpwnam(name)
    return subprocess.run(["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--init-groups",
                           str(python), "-c", code], capture_output=True, text=True, cwd=pw.pw_dir,
                          env={"HOME": pw.pw_dir, "PATH": "/usr/bin:/bin"})


class Hub:
    """JupyterHub run as root, driven through its REST API with a service token."""

    def __init__(self, base: Path, venv: Path, users: list[str], bare: Path, password: str):
        self.dir = base / "hub"
        self.dir.mkdir(mode=0o700)
        self.port, self.hub_port, self.api_port = _free_port(), _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(24)
        # The course repository belongs to root: git refuses it until it is trusted, and only
        # system or global settings count. docs/jupyterhub.md puts it in /etc/gitconfig; the test
        # points GIT_CONFIG_SYSTEM at a file of its own instead of changing this machine's.
        gitconfig = base / "gitconfig"
        gitconfig.write_text(f"[safe]\n\tdirectory = {bare}\n")
        gitconfig.chmod(0o644)
        env = {"PATH": f"{venv}/bin:/usr/local/bin:/usr/bin:/bin", "GIT_CONFIG_SYSTEM": str(gitconfig)}
        config = f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {self.hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{self.api_port}"
c.ConfigurableHTTPProxy.pid_file = {str(self.dir / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{self.dir}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {str(self.dir / "cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {set(users)!r}
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [{str(venv / "bin" / "jupyterhub-singleuser")!r}]
c.Spawner.default_url = "/lab"
c.Spawner.args = ["--LabApp.expose_app_in_browser=True"]
c.Spawner.environment = {env!r}
c.Spawner.start_timeout = {PATIENCE}
c.Spawner.http_timeout = {PATIENCE}
c.JupyterHub.services = [{{"name": "kit-test", "api_token": {self.token!r}}}]
c.JupyterHub.load_roles = [{{"name": "kit-test", "services": ["kit-test"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"]}}]
"""
        (self.dir / "jupyterhub_config.py").write_text(config)
        self.log = open(self.dir / "hub.log", "w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", "jupyterhub_config.py"],
                                     cwd=self.dir, stdout=self.log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}"),
                                     start_new_session=True)
        self._wait(lambda: self.api("GET", "/hub/api/")["version"], "the hub did not start")
        self.start_seconds = time.perf_counter() - t0

    def _wait(self, probe, what: str):
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"JupyterHub exited:\n{self.log_text()}")
            try:
                result = probe()
                if result:
                    return result
            except OSError:
                pass
            time.sleep(0.25)
        raise AssertionError(f"{what}:\n{self.log_text()}")

    def log_text(self) -> str:
        self.log.flush()
        return (self.dir / "hub.log").read_text(errors="replace")[-6000:]

    def api(self, method: str, path: str, body=None, raw=False):
        req = urllib.request.Request(self.url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=PATIENCE) as resp:
            data = resp.read()
        if raw:
            return data.decode()
        return json.loads(data) if data else None

    def start_server(self, user: str) -> None:
        try:
            self.api("POST", f"/hub/api/users/{user}/server")
        except urllib.error.HTTPError as exc:
            if exc.code != 400:                 # 400: already running
                raise

    def wait_ready(self, user: str) -> None:
        def ready():
            server = self.api("GET", f"/hub/api/users/{user}")["servers"].get("")
            return bool(server and server["ready"])
        self._wait(ready, f"the server of {user} did not become ready")

    def pull(self, user: str, repo: Path) -> str:
        """What the nbgitpuller link does: GET <user>/git-pull/api?repo=..., an event stream."""
        query = urllib.parse.urlencode({"repo": str(repo), "branch": "main", "targetpath": COURSE})
        stream = self.api("GET", f"/user/{user}/git-pull/api?{query}", raw=True)
        events = [json.loads(line[6:]) for line in stream.splitlines() if line.startswith("data: ")]
        assert events and events[-1].get("phase") == "finished", f"nbgitpuller for {user}: {events[-3:]}"
        return "".join(e.get("output", "") for e in events)

    def stop(self):
        if self.proc.poll() is None:
            try:
                for user in self.api("GET", "/hub/api/users"):
                    if user["servers"]:
                        self.api("DELETE", f"/hub/api/users/{user['name']}/server")
            except OSError:
                pass
            os.killpg(self.proc.pid, signal.SIGTERM)   # the hub stops its proxy and servers
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


# ----------------------------------------------------------------------------- a kernel over the hub

async def _execute_all(hub: Hub, user: str, kernel_id: str, cells: list[str]) -> list[dict]:
    """Execute ``cells`` one by one in a kernel of ``user``'s server; return one result per cell:
    ``{"error": ..., "text": stdout + plain results}``."""
    from tornado.websocket import websocket_connect
    from tornado.httpclient import HTTPRequest
    url = f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{kernel_id}/channels"
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {hub.token}"},
                                             request_timeout=PATIENCE, connect_timeout=PATIENCE))
    session = uuid.uuid4().hex
    results = []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session,
                           "username": user, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
            result = {"error": None, "text": ""}
            while True:
                raw = await asyncio.wait_for(ws.read_message(), PATIENCE)
                assert raw is not None, f"the kernel connection of {user} closed"
                if isinstance(raw, bytes):
                    continue
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id or msg.get("channel") != "iopub":
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "error":
                    result["error"] = f"{content['ename']}: {content['evalue']}"
                elif kind == "stream":
                    result["text"] += content["text"]
                elif kind in ("execute_result", "display_data"):
                    result["text"] += content["data"].get("text/plain", "") + "\n"
                elif kind == "status" and content["execution_state"] == "idle":
                    break
            results.append(result)
            if result["error"]:
                break
    finally:
        ws.close()
    return results


def course_link(hub_url: str, repo) -> str:
    """The nbgitpuller link students are given (format in docs/jupyterhub.md)."""
    query = urllib.parse.urlencode({"repo": str(repo), "branch": "main", "targetpath": COURSE,
                                    "urlpath": f"lab/tree/{COURSE}/notebooks/{NOTEBOOK}.ipynb"}, safe="")
    return f"{hub_url}/hub/user-redirect/git-pull?{query}"


def _open_kernel(hub: Hub, user: str) -> str:
    """A session for notebook 00 in the student's copy: the kernel starts in its folder."""
    s = hub.api("POST", f"/user/{user}/api/sessions",
                {"path": f"{COURSE}/notebooks/{NOTEBOOK}.ipynb", "type": "notebook", "name": f"{NOTEBOOK}.ipynb",
                 "kernel": {"name": "python3"}})
    return s["kernel"]["id"]


# ----------------------------------------------------------------------------- the test

def _practice_choice():
    """A practice single-choice exercise of notebook 00 and one of its options (practice answers
    are saved and kept like graded ones, and count for nothing)."""
    import yaml
    specs = yaml.safe_load((ROOT / "exercises" / f"{NOTEBOOK}.yml").read_text())["exercises"]
    ex = next(e for e in specs if e.get("mode", "practice") == "practice" and e["type"] == "single_choice")
    return ex["id"], ex["options"][0]["id"]


def _graded_answers():
    """For each graded exercise of notebook 00: (id, right value, a wrong value, points), from the keys."""
    import yaml
    specs = yaml.safe_load((ROOT / "exercises" / f"{NOTEBOOK}.yml").read_text())["exercises"]
    keys = yaml.safe_load((ROOT / "exercises" / "keys" / f"{NOTEBOOK}.yml").read_text())["keys"]
    out = []
    for ex in specs:
        if ex.get("mode") == "graded" and ex["type"] == "single_choice":
            right = keys[ex["id"]]["items"][0]["value"]
            wrong = next(o["id"] for o in ex["options"] if o["id"] != right)
            out.append((ex["id"], right, wrong, ex["points"], next(o["text"] for o in ex["options"] if o["id"] == right)))
    return out


def _in_a_thread(make_coro):
    """Run a coroutine in a thread of its own: the suite's shared playwright keeps an event
    loop in the main thread, and asyncio.run refuses to start beside it."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make_coro())).result()


@pytest.fixture
def requirements():
    """Skip locally (fail in CI) before anything is created when a component is missing."""
    _check_requirements()


@pytest.fixture
def users(requirements):
    tag = f"{os.getpid() % 10000:04d}"
    names = [f"kithub{n}x{tag}" for n in (1, 2, 3)]
    for name in names:
        _run(["userdel", "-r", name], check=False)
        _run(["useradd", "--create-home", "--shell", "/bin/bash", "--user-group", name])
        home = Path(__import__("pwd").getpwnam(name).pw_dir)
        home.chmod(0o700)
    try:
        yield names
    finally:
        import pwd
        for name in names:
            try:
                uid = pwd.getpwnam(name).pw_uid
            except KeyError:
                continue
            for pid in _run(["ps", "-o", "pid=", "-u", str(uid)], check=False).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)   # processes the test's users left (their servers)
                except ProcessLookupError:
                    pass
            _run(["userdel", "-r", name], check=False)


def test_a_class_on_a_real_jupyterhub(requirements, users, request, capsys):
    import pwd
    from tests.browser import lab as L
    figures = {}
    checkout_before, status_before = _snapshot(ROOT), _git_status(ROOT)

    venv, built = _student_venv()
    figures["students' venv build (s, 0 = reused)"] = round(built, 1)
    base = Path(tempfile.mkdtemp(prefix="kit-hub-"))
    base.chmod(0o755)
    hub = None
    try:
        # --- the instructor: a release, committed and pushed to a bare repository
        release, bare = base / "release", base / "course.git"
        kit = str(Path(sys.executable).parent / "kit")
        _run([kit, "release", str(release)], cwd=ROOT)
        git = ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org"]
        _run(git + ["init", "-q", "-b", "main", str(release)])
        _run(git + ["-C", str(release), "add", "-A"])
        _run(git + ["-C", str(release), "commit", "-q", "-m", "Course release"])
        _run(["git", "clone", "-q", "--bare", str(release), str(bare)])
        ignored = (release / ".gitignore").read_text().split()     # answers and submissions stay untracked
        assert "answers/" in ignored and "notebooks/submission-*.json" in ignored

        # --- the admin: the kit installed once, in the students' venv, from a root-owned copy
        install = base / "install"
        shutil.copytree(release, install, ignore=shutil.ignore_patterns(".git"))
        _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
              "--no-build-isolation", "-e", str(install)])
        _run(["chmod", "-R", "a+rX", str(install), str(bare)])
        exchange = base / "exchange"                    # students may write, not list or read
        exchange.mkdir()
        exchange.chmod(0o1733)
        install_before = _snapshot(install)

        # --- the hub
        password = secrets.token_urlsafe(12)
        hub = Hub(base, venv, users, bare, password)
        figures["hub start (s)"] = round(hub.start_seconds, 2)

        t0 = time.perf_counter()
        hub.start_server(users[0])
        hub.wait_ready(users[0])
        figures["one server started alone, ready after (s)"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        for u in users[1:]:
            hub.start_server(u)
        for u in users[1:]:
            hub.wait_ready(u)
        figures["two servers started at once, both ready after (s)"] = round(time.perf_counter() - t0, 2)

        # --- each student follows the course's nbgitpuller link (untrusted, git refuses it)
        pw0 = pwd.getpwnam(users[0])
        refused = subprocess.run(["setpriv", f"--reuid={pw0.pw_uid}", f"--regid={pw0.pw_gid}", "--init-groups",
                                  "git", "ls-remote", "--heads", "--", str(bare)], capture_output=True, text=True,
                                 cwd=pw0.pw_dir, env={"HOME": pw0.pw_dir, "PATH": "/usr/bin:/bin"})
        assert refused.returncode != 0 and "dubious ownership" in refused.stderr
        graded = _graded_answers()
        assert graded, "notebook 00 has no graded single-choice exercise to answer"
        browser_user = users[2]
        for u in users[:2]:
            hub.pull(u, bare)
        # --- one student in a real browser: opens the course link (docs/jupyterhub.md), logs in,
        # nbgitpuller clones the course and opens notebook 00; runs it, clicks the answer, sees it saved
        b_home = Path(pwd.getpwnam(browser_user).pw_dir)
        b_answers = b_home / COURSE / "notebooks" / "answers" / f"{NOTEBOOK}.json"
        browser = request.getfixturevalue("chromium")      # the suite's one headless chromium
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        try:
            page = context.new_page()
            page.set_default_timeout(PATIENCE * 1000)
            page.goto(course_link(hub.url, bare))
            page.fill("input[name=username]", browser_user)
            page.fill("input[name=password]", password)
            page.click("input[type=submit], button[type=submit]")
            page.wait_for_url(f"**/user/{browser_user}/lab/tree/{COURSE}/notebooks/{NOTEBOOK}.ipynb*")
            assert (b_home / COURSE / ".git").is_dir()      # cloned by nbgitpuller's page
            page.wait_for_function(L.JS_NOTEBOOK_READY, timeout=PATIENCE * 1000, polling=250)
            L.run_all(page)
            for ex_id, right, wrong, _, label in graded:
                box = page.locator(".kit-ex-" + ex_id.replace(".", "-"))
                box.locator("label", has_text=label).click()
                box.locator(".kit-status").filter(has_text="graded after you submit").wait_for()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "browser-student.png"))
        finally:
            context.close()
        saved = json.loads(b_answers.read_text())["answers"]
        assert {ex_id: saved[ex_id]["value"] for ex_id, *_ in graded} == {ex_id: right for ex_id, right, *_ in graded}
        assert b_answers.stat().st_uid == pwd.getpwnam(browser_user).pw_uid
        assert b_answers.stat().st_mode & 0o077 == 0
        sub = _as_user(browser_user, f"import os; os.chdir({str(b_home / COURSE / 'notebooks')!r}); "
                       f"import subprocess, sys; sys.exit(subprocess.call([{str(venv / 'bin' / 'kit')!r}, 'submit', "
                       f"'--student', {browser_user!r}, '--out', {str(exchange)!r}]) or subprocess.call("
                       f"[{str(venv / 'bin' / 'kit')!r}, 'submit', '--student', {browser_user!r}]))",
                       venv / "bin" / "python")
        assert sub.returncode == 0, sub.stderr

        for u in users:
            home = Path(pwd.getpwnam(u).pw_dir)
            nb = home / COURSE / "notebooks" / f"{NOTEBOOK}.ipynb"
            assert nb.stat().st_uid == pwd.getpwnam(u).pw_uid
            keys = home / COURSE / "exercises" / "keys" / f"{NOTEBOOK}.yml"     # practice keys only
            assert not keys.exists() or not any(f'"{ex_id}"' in keys.read_text() for ex_id, *_ in graded)

        # --- the class runs notebook 00 in their own kernels (the two others answer through the widgets)
        cells = [c for c in json.loads((release / "notebooks" / f"{NOTEBOOK}.ipynb").read_text())["cells"]
                 if c["cell_type"] == "code"]
        sources = ["".join(c["source"]) for c in cells]
        choose = {users[0]: "right", users[1]: "wrong"}      # users[2] answered in the browser
        practice = _practice_choice()
        answer_code = {}
        for u, which in list(choose.items()):
            lines = ["import kit, os"]
            for ex_id, right, wrong, _, _ in graded:
                lines.append(f"w = kit.widgets.exercise({ex_id!r}); w.value = {(right if which == 'right' else wrong)!r}; "
                             f"print('STATUS', w.status.value)")
            lines.append(f"w = kit.widgets.exercise({practice[0]!r}); w.value = {practice[1]!r}")   # practice too
            lines.append("print('ANSWERS', kit.answers.path_for('00-start-here'))")
            lines.append(f"os.system('kit submit --student {u} --out {exchange}')")
            lines.append(f"os.system('kit submit --student {u}')")
            answer_code[u] = "\n".join(lines)

        async def student(u):
            kid = await asyncio.get_running_loop().run_in_executor(None, _open_kernel, hub, u)
            todo = sources + ([answer_code[u]] if u in answer_code else [])
            return u, kid, await _execute_all(hub, u, kid, todo)

        async def klass():
            return await asyncio.gather(*(student(u) for u in users))

        t0 = time.perf_counter()
        ran = _in_a_thread(klass)
        figures["class of 3 runs notebook 00 at once (s)"] = round(time.perf_counter() - t0, 2)
        kernels = {}
        for u, kid, results in ran:
            kernels[u] = kid
            errors = [r["error"] for r in results if r["error"]]
            assert not errors, f"{u}: {errors}"
            assert len(results) == len(sources) + (u in answer_code)
        rss = {u: _rss_kb(pwd.getpwnam(u).pw_uid) for u in users}
        figures["memory per student, server + kernel (MB)"] = sorted(round(v / 1024) for v in rss.values())

        for u, kid, results in ran:
            if u not in answer_code:
                continue
            out = results[-1]["text"]
            home = Path(pwd.getpwnam(u).pw_dir)
            mine = home / COURSE / "notebooks" / "answers" / f"{NOTEBOOK}.json"
            assert f"ANSWERS {mine}" in out                   # beside the notebooks the student opened
            assert "graded after you submit" in out           # the widget said "saved", not an error
            st = mine.stat()
            assert st.st_uid == pwd.getpwnam(u).pw_uid and st.st_mode & 0o077 == 0
            saved = json.loads(mine.read_text())["answers"]
            for ex_id, right, wrong, _, _ in graded:
                assert saved[ex_id]["value"] == (right if choose[u] == "right" else wrong)
            assert saved[practice[0]]["value"] == practice[1]
        for u in choose:
            handed_in = (exchange / f"submission-{u}.json").stat()
            assert handed_in.st_uid == pwd.getpwnam(u).pw_uid and handed_in.st_mode & 0o077 == 0
        # the two students cannot read each other's answers or submissions, nor list the exchange
        other = Path(pwd.getpwnam(users[0]).pw_dir) / COURSE / "notebooks" / "answers" / f"{NOTEBOOK}.json"
        for code in (f"open({str(other)!r}).read()", f"open({str(exchange / f'submission-{users[0]}.json')!r}).read()",
                     f"import os; os.listdir({str(exchange)!r})"):
            peek = _as_user(users[1], code, venv / "bin" / "python")
            assert peek.returncode != 0 and "PermissionError" in peek.stderr, code

        choose[browser_user] = "right"

        # --- collection: the two documented root loops (exchange folder; homes), then kit grade
        collect = base / "collected"
        loops = {
            "exchange": f"""
set -eu
mkdir -p {collect}/exchange
for f in {exchange}/submission-*.json; do
  owner=$(stat -c %U "$f")
  if [ "$(basename "$f")" != "submission-$owner.json" ]; then echo "skipped $f (owned by $owner)"; continue; fi
  install -m 600 "$f" {collect}/exchange/
done""",
            "homes": f"""
set -eu
mkdir -p {collect}/homes
for f in /home/*/{COURSE}/notebooks/submission-*.json; do
  owner=$(stat -c %U "$f")
  if [ "$(basename "$f")" != "submission-$owner.json" ]; then echo "skipped $f (owned by $owner)"; continue; fi
  install -m 600 "$f" {collect}/homes/
done"""}
        expected = {u: sum(pts for *_, pts, _ in graded) if choose[u] == "right" else 0 for u in users}
        for where, loop in loops.items():
            _run(["bash", "-c", loop])
            got = sorted(p.name for p in (collect / where).iterdir())
            assert [n for n in got if n in {f"submission-{u}.json" for u in users}] == \
                sorted(f"submission-{u}.json" for u in users), got
            for other_file in set(got) - {f"submission-{u}.json" for u in users}:
                (collect / where / other_file).unlink()       # other users of this machine, if any
            t0 = time.perf_counter()
            _run([kit, "grade", str(collect / where), "--out", str(base / f"grades-{where}")], cwd=ROOT)
            figures[f"kit grade, 3 submissions from {where} (s)"] = round(time.perf_counter() - t0, 2)
            with open(base / f"grades-{where}" / "gradebook.csv", newline="", encoding="utf-8") as fh:
                book = {r["SIS User ID"]: r for r in csv.DictReader(fh)}
            assert sorted(book) == sorted(users)
            for u in users:
                for ex_id, right, wrong, pts, _ in graded:
                    assert float(book[u][f"Exercise {ex_id}"]) == (pts if choose[u] == "right" else 0)
                assert float(book[u]["Total"]) == expected[u]

        # --- the instructor fixes notebook 00 and pushes; students pull again
        first_student_nb = Path(pwd.getpwnam(users[0]).pw_dir) / COURSE / "notebooks" / f"{NOTEBOOK}.ipynb"
        mine = json.loads(first_student_nb.read_text())          # users[0] edited the notebook themself
        mine["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["My own notes."]})
        first_student_nb.write_text(json.dumps(mine, indent=1))
        nb_path = release / "notebooks" / f"{NOTEBOOK}.ipynb"
        fixed = json.loads(nb_path.read_text())
        fixed["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": ["Correction from the instructor."]})
        nb_path.write_text(json.dumps(fixed, indent=1) + "\n")
        (release / "notebooks" / "ERRATA.md").write_text("Notebook 00: a correction at the top.\n")
        _run(git + ["-C", str(release), "add", "-A"])
        _run(git + ["-C", str(release), "commit", "-q", "-m", "Fix notebook 00"])
        _run(["git", "-C", str(release), "push", "-q", str(bare), "main"])
        def students_files(u):
            folder = Path(pwd.getpwnam(u).pw_dir) / COURSE / "notebooks"
            return {p: p.read_bytes() for p in [folder / "answers" / f"{NOTEBOOK}.json",
                                                folder / f"submission-{u}.json"]}
        kept = {u: students_files(u) for u in users}
        for u in users:
            hub.pull(u, bare)
            folder = Path(pwd.getpwnam(u).pw_dir) / COURSE / "notebooks"
            assert (folder / "ERRATA.md").exists()
            assert students_files(u) == kept[u]          # answers and submission untouched
            text = (folder / f"{NOTEBOOK}.ipynb").read_text()
            if u == users[0]:       # the student's own change to the same file wins; nothing of theirs is lost
                assert "My own notes." in text
            else:
                assert "Correction from the instructor." in text
        again = _in_a_thread(lambda: _execute_all(hub, users[1], kernels[users[1]],
                                                  ["import kit; print(kit.answers.load('00-start-here'))"]))
        assert again[0]["error"] is None and all(repr(w) in again[0]["text"] for _, _, w, _, _ in graded)

        # --- nothing written into the install or into the instructor's checkout
        assert _snapshot(install) == install_before
        assert _git_status(ROOT) == status_before
        assert _snapshot(ROOT) == checkout_before
    finally:
        if hub is not None:
            hub.stop()
        shutil.rmtree(base, ignore_errors=True)
    figures["load average at the end (1 min), cores"] = [round(os.getloadavg()[0], 1), os.cpu_count()]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "figures.json").write_text(json.dumps(figures, indent=1))
    with capsys.disabled():
        print("\nhub figures:", json.dumps(figures, indent=1))


def test_without_root_it_skips_locally_and_fails_in_ci(monkeypatch):
    """A developer without root sees why it was skipped; CI (root, CI set) never skips it."""
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs root"):
        _check_requirements()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: it needs root"):
        _check_requirements()
