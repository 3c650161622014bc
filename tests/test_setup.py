"""Set-up: conda users get the same packages as pip users; the Makefile and CI are wired."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    conda_reqs = {_name(r): r.replace(" ", "") for r in pip if not r.startswith("-e")}
    pip_reqs = {_name(r): r.replace(" ", "") for r in project["dependencies"]}
    assert conda_reqs == pip_reqs
    assert "-e ." in pip  # conda users get the kit itself, so notebooks import it without path tricks
    py = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert py.replace("python", "") == project["requires-python"]


def test_binder_environment_matches_and_installs_the_kit():
    main = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    binder = yaml.safe_load((ROOT / ".binder" / "environment.yml").read_text(encoding="utf-8"))
    pip = lambda env: next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))  # noqa: E731
    assert pip(binder) == [r for r in pip(main) if not r.startswith("-e")]
    # repo2docker builds the environment before the repository is there, so postBuild installs it
    assert "pip install --no-deps -e ." in (ROOT / ".binder" / "postBuild").read_text(encoding="utf-8")


def test_makefile_offers_the_two_commands_and_ci_calls_make_test():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^lab: \$\(STAMP\)", makefile, re.M) and re.search(r"^test: \$\(STAMP\)", makefile, re.M)
    assert "jupyter lab --notebook-dir=notebooks" in makefile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_console_script_and_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["kit"] == "kit.cli:main"
    assert {"pytest", "hypothesis", "nbclient", "playwright"} <= {_name(r) for r in project["optional-dependencies"]["test"]}


def test_jupyterlab_here_does_not_ask_to_fetch_news(tmp_path):
    """The environment `make` sets up carries the kit's JupyterLab settings: the pop-up asking
    to fetch Jupyter news from the internet never covers a notebook (the kit works offline)."""
    import os

    from jupyterlab.commands import get_app_dir
    from jupyterlab_server.settings_utils import get_settings
    app = get_app_dir()
    found = get_settings(os.path.join(app, "settings"), os.path.join(app, "schemas"), str(tmp_path),
                         "@jupyterlab/apputils-extension:notification", labextensions_path=[])[0]
    props = found["schema"]["properties"]
    # JupyterLab shows the pop-up only while fetchNews is "none" (ask)
    assert props["fetchNews"]["default"] == "false"
    assert props["checkForUpdates"]["default"] is False
