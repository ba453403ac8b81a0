"""Data: placeholder until the Data page is written (it will replace this file)."""

import streamlit as st

from ui.routing import ensure_router

ensure_router()  # keep: a shared link may be the server's first request

st.title("Data", anchor=False)
st.info(
    "**Coming next.** This page will describe the dataset: counts of nodes by kind and of relations by type, "
    "stage and friction, the documented vocabularies (kinds, relation types, mechanisms), the scenarios, "
    "every item's source in the paper, and downloads of the data and of the validation report.",
    icon=":material/construction:",
)
