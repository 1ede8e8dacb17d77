"""A model change for the test of `python -m storage.migrate new` (never part of the schema)."""

from tortoise import fields
from tortoise.models import Model


class ProbeRow(Model):
    id = fields.IntField(primary_key=True)
    label = fields.CharField(max_length=32)
    noted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "migration_probe"
