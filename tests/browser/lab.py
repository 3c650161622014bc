"""A real JupyterLab for the browser tests: a temp project tree, the server
on 127.0.0.1 with a token, and helpers to drive a notebook through the
JupyterLab application object (exposed with ``--LabApp.expose_app_in_browser``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
NOTEBOOK = "99-widgets.ipynb"

# JupyterLab settings for a quiet, deterministic page: every cell in the DOM,
# no news or update checks, no toasts over the widgets.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"checkForUpdates": False, "fetchNews": "false", "doNotDisturbMode": True},
    "@jupyterlab/apputils-extension/themes.jupyterlab-settings": {"theme": "JupyterLab Light"},
    "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_tree(root: Path) -> Path:
    """A KIT_HOME: the kit's texts, the fixture exercises and keys, the test notebook."""
    shutil.copytree(REPO / "texts", root / "texts")
    shutil.copytree(HERE / "fixtures" / "exercises", root / "exercises")
    (root / "notebooks").mkdir()
    shutil.copy(HERE / NOTEBOOK, root / "notebooks" / NOTEBOOK)
    settings = root / ".lab" / "settings"
    for rel, data in SETTINGS.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data))
    return root


class Lab:
    """A JupyterLab server process serving ``root``."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, KIT_HOME=str(root), JUPYTERLAB_SETTINGS_DIR=str(root / ".lab" / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(root / ".lab" / "workspaces"),
                   JUPYTER_CONFIG_DIR=str(root / ".lab" / "config"), JUPYTER_RUNTIME_DIR=str(root / ".lab" / "runtime"),
                   IPYTHONDIR=str(root / ".lab" / "ipython"), PYTHONUNBUFFERED="1")
        env.pop("KIT_TEXTS", None)
        cmd = [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               "--ServerApp.open_browser=False", f"--ServerApp.root_dir={root}",
               "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=False"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(root / ".lab" / "server.log", "w")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=root,
                                     start_new_session=True)

    def api(self, method: str, path: str, body=None):
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def wait_ready(self, patience: float = 90):
        """Wait for the server to answer (it imports JupyterLab first)."""
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log_text()}")
            try:
                self.api("GET", "/api/status")
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not start:\n{self.log_text()}")

    def log_text(self) -> str:
        self.log.flush()
        return (self.root / ".lab" / "server.log").read_text(errors="replace")[-4000:]

    def kernels(self) -> list:
        return self.api("GET", "/api/kernels")

    def stop(self):
        """Shut every session and kernel down, then the server."""
        if self.proc.poll() is None:
            try:
                for s in self.api("GET", "/api/sessions"):
                    self.api("DELETE", f"/api/sessions/{s['id']}")
                for k in self.api("GET", "/api/kernels"):
                    self.api("DELETE", f"/api/kernels/{k['id']}")
                self.api("POST", "/api/shutdown")
            except OSError:
                pass
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
        self.log.close()


# ---- driving the page --------------------------------------------------------

JS_NOTEBOOK_READY = """() => {
  const app = window.jupyterapp;
  const nb = app && app.shell.currentWidget;
  const ctx = nb && nb.sessionContext;
  return !!(ctx && ctx.session && ctx.session.kernel && ctx.session.kernel.status === 'idle' && nb.content);
}"""

JS_ALL_RUN = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  const kernel = nb.sessionContext.session && nb.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  return nb.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount !== null);
}"""

JS_ERRORS = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  const errs = [];
  nb.content.widgets.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    for (let j = 0; j < c.model.outputs.length; j++) {
      const o = c.model.outputs.get(j).toJSON();
      if (o.output_type === 'error') errs.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
    }
  });
  return errs;
}"""


def open_notebook(page, lab: Lab, name: str = NOTEBOOK):
    page.goto(f"{lab.url}/lab/tree/notebooks/{name}?token={lab.token}")
    page.wait_for_function(JS_NOTEBOOK_READY, timeout=90_000, polling=250)


def run_all(page):
    """Run every cell and wait until the kernel is idle with every cell executed."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(JS_ALL_RUN, timeout=90_000, polling=250)
    errors = page.evaluate(JS_ERRORS)
    if errors:
        raise AssertionError("notebook cells failed:\n" + "\n".join(errors))


def restart_kernel(page):
    """Restart the kernel as a student would (Kernel ▸ Restart, then confirm)."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-kernel'); }")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_function(JS_NOTEBOOK_READY, timeout=60_000, polling=250)


def set_theme(page, theme: str):
    page.evaluate(f"() => window.jupyterapp.commands.execute('apputils:change-theme', {{theme: '{theme}'}})")
    page.wait_for_function(f"() => document.body.dataset.jpThemeName === '{theme}'", timeout=30_000)
