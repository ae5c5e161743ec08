"""The reading panel (built without a browser) and the source filter."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from plotly.utils import PlotlyJSONEncoder

from dashboard.callbacks.reading import build_panel
from geodata.ingest import ingest

REPORT = Path(__file__).parent / "data" / "ingest" / "field_report.txt"
DAY = dt.date(2024, 3, 1)


def _rendered(children) -> str:
    return json.dumps(children, cls=PlotlyJSONEncoder)


def test_filter_hides_only_unticked_sources(tmp_path, monkeypatch):
    monkeypatch.setenv("KARABAKH_ATLAS_DATA_DIR", str(tmp_path))
    ((_path, doc_id, _n),) = ingest([REPORT], data_dir=tmp_path).added
    # A document ingested after the page loaded is not among the filter's options: it shows.
    assert f"/document/{doc_id}" in _rendered(build_panel("AZ-SUS", DAY, hidden=set()))
    assert f"/document/{doc_id}" not in _rendered(build_panel("AZ-SUS", DAY, hidden={doc_id}))
