"""Reactions to visit reports, connected in `OpeninfoConfig.ready()`: inside the saving transaction,
the signals' copied fields and the daily aggregates follow the report."""

from django.db.models.signals import post_delete, post_save

from openinfo.visits.aggregates import refresh_for_buckets
from openinfo.visits.models import EarlyWarningSignal, VisitReport, VisitStatus


def _report_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    EarlyWarningSignal.objects.filter(report=instance).update(
        kecamatan_id=instance.kecamatan_id,
        kelurahan_id=instance.kelurahan_id,
        unit_id=instance.unit_id,
        observed_on=instance.visit_date,
        reported=instance.status in (VisitStatus.SUBMITTED, VisitStatus.APPROVED),
    )
    refresh_for_buckets([getattr(instance, "_loaded_bucket", None), instance.stat_bucket()])
    instance._loaded_bucket = instance.stat_bucket()


def _report_deleted(sender, instance, **kwargs):
    refresh_for_buckets([getattr(instance, "_loaded_bucket", None), instance.stat_bucket()])


def connect():
    post_save.connect(
        _report_saved, sender=VisitReport, dispatch_uid="openinfo.visits.report_saved"
    )
    post_delete.connect(
        _report_deleted, sender=VisitReport, dispatch_uid="openinfo.visits.report_deleted"
    )
