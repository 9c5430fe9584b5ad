"""A test-only app with kinds of job that make a worker's failures reproducible.

It is installed only by ``ssrmonitor.testing.settings_jobs`` (the settings of the worker
processes that ``core/tests/test_jobs_worker.py`` starts and kills), never in the product.
"""
