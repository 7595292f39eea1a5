"""Unmanaged models: a few columns of the real case table, and the bench's own one-table insert target
(created by `bench/http_load.py` in the run's database, so no migration)."""

from django.db import models

from bare import ROW_TABLE


class CaseRow(models.Model):
    number = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=32)
    applicant_name = models.CharField(max_length=100)
    submitted_at = models.DateTimeField()
    deadline = models.DateField(null=True)
    warning = models.CharField(max_length=16)
    version = models.PositiveIntegerField()

    class Meta:
        managed = False
        db_table = "cases_case"

    def __str__(self):
        return self.number


class Row(models.Model):
    name = models.CharField(max_length=100)
    note = models.CharField(max_length=200)
    created_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = ROW_TABLE

    def __str__(self):
        return self.name
