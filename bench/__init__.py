"""Benchmarks of UN Pathways (issue 7): a synthetic UN-shaped graph generator and a timing harness.

``python -m bench`` measures every figure and writes docs/benchmarks.md;
``python -m bench --quick`` is the CI guard; ``python -m bench.synthetic``
writes a synthetic data folder.
"""
