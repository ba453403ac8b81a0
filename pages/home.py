"""Start: what the tool shows, in a few lines, and cards into its strongest views.

Links made before this page existed opened Explore at ``/`` with its
parameters (``/?node=un.dpa``); such a link is forwarded to ``/explore``.
"""

from __future__ import annotations

import streamlit as st

from un_pathways.ui.routing import ensure_router

EXPLORE_PARAMETERS = ("node", "hops", "kinds", "types", "stages", "channels", "country", "size", "year")

# (title, what it shows, page, query parameters, button label)
CARDS = (
    (
        "Sri Lanka, before and after Human Rights Up Front",
        "The route a warning took from the UN team in Sri Lanka to the Security Council in 2009, side by "
        "side with the same route under the reform the UN adopted after that failure.",
        "pages/pathways.py",
        {"source": "field.unct.sri-lanka", "target": "un.security-council", "mode": "compare"},
        "Compare the two pathways",
    ),
    (
        "A case: Malakal, South Sudan, 2016",
        "Peacekeepers had a mandate to protect the people in their camp. The case follows the warning, "
        "the decision and the implementation, and shows where it failed.",
        "pages/cases.py",
        {"case": "south-sudan-malakal-2016"},
        "Open the case",
    ),
    (
        "A lesson: the veto in the Security Council",
        "A guided walk through who can block a decision of the Council, step by step on the graph, "
        "with a short quiz at the end.",
        "pages/learn.py",
        {"lesson": "security-council-veto"},
        "Start the lesson",
    ),
    (
        "The whole system",
        "Every actor, body and document of the map and how they connect: the Council, the Secretariat, "
        "agencies, missions in the field, member states.",
        "pages/explore.py",
        {},
        "Explore the graph",
    ),
)


def _forward_old_links() -> None:
    """``/?node=…`` used to be Explore: keep such shared links working."""
    if any(name in st.query_params for name in EXPLORE_PARAMETERS):
        st.switch_page("pages/explore.py", query_params=st.query_params.to_dict())


def _card(title: str, text: str, page: str, query: dict, label: str) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"#### {title}")
        st.markdown(text)
        st.page_link(page, label=label, icon=":material/arrow_forward:", query_params=query)


def main() -> None:
    _forward_old_links()
    st.title("UN Pathways", anchor=False)
    st.markdown(
        "When civilians are in danger, a warning has to travel: from UN staff in the country, through the "
        "Secretariat and the Secretary-General, to the Security Council, and a decision has to travel back "
        "to the people who carry it out. **UN Pathways maps those routes and shows where they stall.**"
    )
    st.caption(
        "Built from a 2016 United Nations University policy paper on the UN's protection agenda. Each actor "
        "and relation cites the paper's paragraph or endnote; how hard a channel is to pass is a curator's "
        "judgement, written down with its reason; the chance that a warning arrives is the model's "
        "estimate. The Data page explains the sources and the assumptions."
    )
    for row in (CARDS[:2], CARDS[2:]):
        for column, card in zip(st.columns(2, gap="medium"), row, strict=True):
            with column:
                _card(*card)
    st.page_link(
        "pages/data.py", label="Sources, citation scheme and assumptions", icon=":material/database:"
    )


ensure_router()
main()
