"""The source paper's title and citation, for every place that cites it (app, exports, handouts).

Kept outside ``ui/`` so the figure and handout writers (no Streamlit) cite the
paper with the same words as the app's "Cite" panel.
"""

from __future__ import annotations

__all__ = ["PAPER_CITATION", "PAPER_SHORT", "PAPER_TITLE"]

PAPER_TITLE = "How António Guterres Can Advance the UN's Protection Agenda"
PAPER_CITATION = (
    f"von Einsiedel, Sebastian, and Louise Bosetti. “{PAPER_TITLE}.” Occasional Paper 7. "
    "United Nations University Centre for Policy Research, November 2016."
)
PAPER_SHORT = "von Einsiedel & Bosetti (2016), UNU-CPR Occasional Paper 7"
