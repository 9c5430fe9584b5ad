"""The version of each cached domain's data (``ssrmonitor.core.datacache``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A random token naming the current state of one domain's data; a new one on every change.

    A token, not a counter: a database restored from a backup brings back the token of the
    state it holds, so a cached result under that token is still that state's result.
    """

    domain = models.CharField(_("domain"), max_length=40, primary_key=True)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.domain}@{self.token}"
