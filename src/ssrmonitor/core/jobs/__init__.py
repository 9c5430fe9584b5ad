"""Background jobs: long work run by ``ssrmonitor worker``, with progress, owner and result.

Apps declare their kinds of long work (:class:`JobKind`) on their ``AppConfig`` (``jobs``);
pages and routes start one with :func:`submit_job` and send the user to its page, which shows
the progress. See ``docs/jobs.md``.
"""
