"""Where the kit's folders are: resolved from the package, never from ``../..``.

The project root is the folder that holds ``kit/`` (an editable install or a
student release). ``KIT_HOME`` overrides it, for instance on a JupyterHub where
the kit is installed once but each student has their own copy of the texts.

>>> (project_root() / "texts").is_dir()
True
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["project_root", "texts_dir", "exercises_dir", "keys_dir", "notebooks_dir", "data_dir"]


def project_root() -> Path:
    """The kit's project folder (``$KIT_HOME`` if set)."""
    env = os.environ.get("KIT_HOME")
    return Path(env).resolve() if env else Path(__file__).resolve().parent.parent


def texts_dir() -> Path:
    """Folder of texts: ``$KIT_TEXTS`` if set, else ``<root>/texts``."""
    env = os.environ.get("KIT_TEXTS")
    return Path(env).resolve() if env else project_root() / "texts"


def exercises_dir() -> Path:
    """Folder of exercise specs (what students may see)."""
    return project_root() / "exercises"


def keys_dir() -> Path:
    """Folder of exercise keys (instructor only; absent in a student release)."""
    return exercises_dir() / "keys"


def notebooks_dir() -> Path:
    """Folder of the numbered notebooks."""
    return project_root() / "notebooks"


def data_dir() -> Path:
    """Data that ships inside the package (lexicons, stop words)."""
    return Path(__file__).resolve().parent / "data"
