"""Operations: what an operator's tools read from a running server.

* :mod:`~ssrmonitor.core.ops.health` — ``/healthz`` (the process answers) and ``/readyz``
  (database, migrations, worker, and the checks the apps contribute through
  :mod:`~ssrmonitor.core.ops.readiness`);
* :mod:`~ssrmonitor.core.ops.metrics` — Prometheus figures at ``/metrics``, behind a token;
* :mod:`~ssrmonitor.core.ops.requestid` and :mod:`~ssrmonitor.core.ops.logs` — a request id on
  every log line and response, and JSON logs;
* :mod:`~ssrmonitor.core.ops.middleware` — the one middleware that ties them to each request.

Nothing here logs or exposes personal data: logs name routes and ids, never values.
"""
