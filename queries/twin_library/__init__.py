"""Twins grouped by query category, one module each; a query's header names its twin (``module.function``)."""
