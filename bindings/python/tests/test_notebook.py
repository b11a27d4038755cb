"""The tour notebook runs from top to bottom (nbclient, ipykernel), so it never rots."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "notebooks" / "renxing-tour.ipynb"


def test_tour_notebook_executes() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    rich = [o.get("data", {}) for o in outputs if o.output_type in ("display_data", "execute_result")]
    assert sum("image/svg+xml" in d for d in rich) >= 3  # heat-table and two radars
    assert any("text/html" in d and "Remedies" in d["text/html"] for d in rich)
    streams = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "优化路径" in streams and "Remedies" in streams
    # the thesis workflow: a hand-written Chinese file read, an unknown key raised natively
    assert "满足需求 政府主导型" in streams
    assert streams.count("UnknownIdError:") >= 2 and "overall_score" in streams
    assert any("image/png" in d for d in rich)  # the PNG figure with Chinese text
