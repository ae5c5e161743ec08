"""Where the package's own data lives and where the user's data goes."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_DATA_DIR = "KARABAKH_ATLAS_DATA_DIR"
PACKAGE_DATA = Path(__file__).parent / "data"


def package_data(name: str) -> Path:
    """Path of a data file shipped inside the ``geodata`` package."""
    return PACKAGE_DATA / name


def mapped_dir(package: str, checkout_name: str) -> Path:
    """A data folder installed as ``package`` (see pyproject's package-dir), or the checkout's
    top-level ``checkout_name`` folder when the code runs from the source tree."""
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    checkout = Path(__file__).resolve().parent.parent / checkout_name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"{package} is not installed and there is no {checkout_name}/ folder")


def seeds_dir() -> Path:
    """The default corpus: the project's ``seeds/`` folder, installed as ``geodata.seeds``."""
    return mapped_dir("geodata.seeds", "seeds")


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The user's data directory (user corpus, built index), created on first use.

    Order: the explicit ``override``, then ``$KARABAKH_ATLAS_DATA_DIR``, then the platform's
    per-user data directory.
    """
    path = Path(override or os.environ.get(ENV_DATA_DIR) or user_data_dir("karabakh-atlas"))
    path.mkdir(parents=True, exist_ok=True)
    return path
