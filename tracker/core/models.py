"""Abstract building blocks shared by every domain model."""

from django.db import models


class TimeStampedModel(models.Model):
    """Records when a row was created and last changed."""

    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """An editable record whose `version` moves on every save, so concurrent edits are caught."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
