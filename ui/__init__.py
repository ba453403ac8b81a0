"""Streamlit components of the UN Pathways explorer.

Who imports whom: ``app.py`` and ``pages/`` compose these components; the
components call ``graph/``, ``loaders/`` and ``queries/`` for every answer.
Only ``app.py``, ``pages/`` and ``ui/`` import streamlit.
"""
