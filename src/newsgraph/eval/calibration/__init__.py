"""Fitting the confidence tables and measuring their reliability, beside the evaluation.

:mod:`.collect` labels items with the eval scorers, :mod:`.fit` writes the tables that
:mod:`newsgraph.confidence` reads at run time, :mod:`.reliability` is the
``newsgraph eval reliability`` task.
"""
