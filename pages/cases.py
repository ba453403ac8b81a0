"""Cases: placeholder until the Cases page is written (it will replace this file)."""

import streamlit as st

from ui.routing import ensure_router

ensure_router()  # keep: a shared link may be the server's first request

st.title("Cases", anchor=False)
st.info(
    "**Coming next.** This page will hold the 30 cases of the paper: for each, where the warning started, "
    "who had to decide and who had to act, the engine's verdict stage by stage beside the outcome the paper "
    "records, the stall point with its mechanism and sources, the veto holders who could block it, and a "
    "what-if replay under another scenario.",
    icon=":material/construction:",
)
