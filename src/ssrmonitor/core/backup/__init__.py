"""Backups that restore: one archive of the database, the uploaded files and a manifest.

``ssrmonitor backup -o FILE`` (:func:`~ssrmonitor.core.backup.services.create_backup`) and
``ssrmonitor restore FILE`` (:func:`~ssrmonitor.core.backup.services.restore_backup`). An
archive never holds the data key, the audit key or the secret key: the operator keeps them
apart (docs/backup.md).

* :mod:`.archive` — the tar stream, hashing, the guard against key material, member names;
* :mod:`.database` — SQLite backup API or ``pg_dump``/``pg_restore``;
* :mod:`.media` — which uploaded files are archived;
* :mod:`.manifest` — what an archive holds, and whether this code can take it;
* :mod:`.staging` — reading an archive back and checking every part before anything is applied;
* :mod:`.verify` — the checks after a restore.
"""
