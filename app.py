"""UN Pathways explorer: the router. Pages compose, ``ui/`` draws, ``graph/`` computes.

Run with ``pathways app`` or ``streamlit run app.py``.
"""

import streamlit as st

from un_pathways.ui.sidebar import render_sidebar
from un_pathways.ui.url_state import note_page

st.set_page_config(page_title="UN Pathways", page_icon=":material/hub:", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Start", icon=":material/home:", url_path="start", default=True),
    st.Page("pages/explore.py", title="Explore", icon=":material/hub:", url_path="explore"),
    st.Page("pages/pathways.py", title="Pathways", icon=":material/route:", url_path="pathways"),
    st.Page("pages/queries.py", title="Queries", icon=":material/terminal:", url_path="queries"),
    st.Page("pages/cases.py", title="Cases", icon=":material/gavel:", url_path="cases"),
    st.Page("pages/learn.py", title="Learn", icon=":material/school:", url_path="learn"),
    st.Page("pages/data.py", title="Data", icon=":material/database:", url_path="data"),
]

page = st.navigation(PAGES)
note_page(page.url_path)
render_sidebar()
page.run()
