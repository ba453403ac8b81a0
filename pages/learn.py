"""Learn: placeholder until the Learn page is written (it will replace this file)."""

import streamlit as st

from ui.routing import ensure_router

ensure_router()  # keep: a shared link may be the server's first request

st.title("Learn", anchor=False)
st.info(
    "**Coming next.** This page will teach the ideas behind the explorer: the UN protection system and the "
    "2016 UNU paper it comes from, channels and friction, how a pathway's signal and its stall point are "
    "computed, the reforms the scenarios model, and a guided tour of Cypher through the saved queries.",
    icon=":material/construction:",
)
