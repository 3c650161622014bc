"""docs/jupyterhub.md: the hub configuration it prints uses settings JupyterHub really has, and
its course link has the shape the end-to-end hub test follows (tests/test_hub.py).

The SystemdSpawner block is not checked here (jupyterhub-systemdspawner is not a test
dependency); the Helm values are only parsed (the chart's schema is not available offline).
"""

import importlib
import importlib.util
import re
import sys
import urllib.parse
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "jupyterhub.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def _hub_config_blocks() -> list[str]:
    return [b for b in _blocks("python") if "c." in b and "SystemdSpawner" not in b]


def test_the_documented_hub_configuration_names_real_settings():
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator, PAMAuthenticator
    from jupyterhub.scopes import scope_definitions
    from jupyterhub.spawner import LocalProcessSpawner, Spawner
    from traitlets.config import Config
    classes = {c.__name__: c for c in (JupyterHub, Authenticator, PAMAuthenticator, Spawner, LocalProcessSpawner)}
    blocks = _hub_config_blocks()
    assert len(blocks) >= 2                           # the main configuration and the KIT_HOME variant
    c = Config()
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {"c": c, "sys": sys})
    for section, traits in c.items():
        assert section in classes, f"docs/jupyterhub.md configures {section}, which is not checked here"
        known = classes[section].class_traits(config=True)
        unknown = sorted(set(traits) - set(known))
        assert not unknown, f"{section} has no setting {unknown}"
    assert c.JupyterHub.authenticator_class == "pam"
    assert importlib.import_module(c.JupyterHub.spawner_class.rsplit(".", 1)[0])
    for role in c.JupyterHub.load_roles:
        assert set(role["scopes"]) <= set(scope_definitions), role["scopes"]
    culler = [s for s in c.JupyterHub.services if "jupyterhub_idle_culler" in s.get("command", [])]
    assert culler and importlib.util.find_spec("jupyterhub_idle_culler"), "the idle culler is not installable"
    assert callable(c.Spawner.environment["KIT_HOME"])


def test_the_course_links_in_the_docs_have_the_shape_the_hub_test_follows():
    from tests.test_hub import COURSE, NOTEBOOK, course_link
    links = re.findall(r"https://HUB/hub/user-redirect/git-pull\?[^\s`]+", DOC.read_text(encoding="utf-8"))
    assert len(links) >= 2
    for link in links:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query, strict_parsing=True)
        assert sorted(query) == ["branch", "repo", "targetpath", "urlpath"]
        assert query["targetpath"] == [COURSE]
        assert query["urlpath"][0].startswith(f"lab/tree/{COURSE}/")
        assert "/" not in link.split("?", 1)[1]                      # every value URL-encoded
    assert course_link("https://HUB", "/srv/discourse/course.git") in links
    assert query["urlpath"] == [f"lab/tree/{COURSE}/notebooks/{NOTEBOOK}.ipynb"]


def test_the_helm_values_and_the_dockerfile_are_well_formed():
    import yaml
    values = yaml.safe_load(_blocks("yaml")[0])
    assert values["cull"]["enabled"] is True and values["singleuser"]["defaultUrl"] == "/lab"
    assert values["singleuser"]["memory"]["limit"] and values["singleuser"]["image"]["name"]
    dockerfile = _blocks("dockerfile")[0]
    assert dockerfile.startswith("FROM quay.io/jupyter/minimal-notebook")
    assert "environment.yml" in dockerfile and "nbgitpuller" in dockerfile


@pytest.mark.parametrize("path", ["README.md", "docs/instructors.md", "docs/grading.md"])
def test_the_other_docs_point_to_it(path):
    assert "docs/jupyterhub.md" in (DOC.parent.parent / path).read_text(encoding="utf-8")
