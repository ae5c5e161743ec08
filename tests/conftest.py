"""Shared test setup: an isolated user data dir, and headless Debian Chromium for dash_duo."""

from __future__ import annotations

import os

import pytest

from bench.chromium import chrome_options, chromium_path

REQUIRE_BROWSER = os.environ.get("KARABAKH_ATLAS_REQUIRE_BROWSER") == "1"
HAVE_BROWSER = chromium_path() is not None


@pytest.fixture(autouse=True, scope="session")
def _isolated_data_dir(tmp_path_factory):
    """Never touch the real user's data dir from tests."""
    path = tmp_path_factory.mktemp("atlas-data")
    old = os.environ.get("KARABAKH_ATLAS_DATA_DIR")
    os.environ["KARABAKH_ATLAS_DATA_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("KARABAKH_ATLAS_DATA_DIR", None)
    else:
        os.environ["KARABAKH_ATLAS_DATA_DIR"] = old


@pytest.fixture(scope="session")
def seed_mentions():
    """Per seed: (text, place mentions, date mentions) as the index finds them (per passage,
    on clean text, years inferred)."""
    from geodata.config import seeds_dir
    from geodata.corpus import process_document, read_text

    out = {}
    for path in sorted(seeds_dir().glob("*.txt")):
        text = read_text(path)
        _passages, places, dates = process_document(path.stem, text)
        out[path.stem] = (text, [p.mention for p in places], [d.mention for d in dates])
    return out


@pytest.fixture
def user_source():
    """A factory of user-corpus Source records with every unknown field "unknown"."""
    from geodata.sources import Source

    def make(doc_id="user_00112233445566778899", **fields):
        unknown = ("author", "outlet", "kind", "date", "date_precision", "date_inferred_from")
        record = dict.fromkeys((*unknown, "affiliation"), "unknown")
        record.update(id=doc_id, title="Field notes", language="en", origin="user")
        record.update(description="a test document", sha256="00" * 32, format="txt")
        record.update(original_name="notes.txt", **fields)
        return Source(**record)

    return make


def pytest_setup_options():
    return chrome_options()


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium; without it they skip, except in CI where that fails."""
    for item in items:
        if "dash_duo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    if HAVE_BROWSER:
        return
    reason = (
        "headless Chromium/chromedriver not installed (apt-get install chromium chromium-driver)"
    )
    for item in items:
        if "browser" in item.keywords:
            if REQUIRE_BROWSER:
                item.add_marker(pytest.mark.xfail(reason=reason, run=False, strict=True))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if REQUIRE_BROWSER and not HAVE_BROWSER:
        terminalreporter.write_line("FAILED: browser tests could not run (no Chromium)", red=True)


def pytest_sessionfinish(session, exitstatus):
    if REQUIRE_BROWSER and not HAVE_BROWSER and session.config.option.markexpr != "not browser":
        session.exitstatus = 1
