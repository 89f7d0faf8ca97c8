"""Operations that write a yearly monitoring report and its records. Views call these.

The workflow's steps are in monitoring/workflow.py. Everything here checks the person's right
(monitoring.access) and the report's state (the workflow's EDITABLE_STATUSES), locks the report's
row so that a record cannot slip in while the report moves on, writes, and moves the report's
version on. A refused write raises MonitoringError with a message in the user's language (and the
field it is about) and writes nothing. Values may come as typed (strings): bad input is refused
with a message, never an error page.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.access import may_start_report, report_access
from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    EvidencePhoto,
    IndicatorActual,
    MonitoringReport,
    ReportComment,
)
from monitoring.workflow import COMMENTABLE_STATUSES, EDITABLE_STATUSES, VERIFICATION_STATUSES
from planning.models import Activity, FundingSource, Indicator, Program

MAX_TEXT = 5000
MAX_SOURCE = 300
# The value fields hold 14 digits, 2 after the point.
MAX_VALUE = Decimal("999999999999.99")


class MonitoringError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def clean_text(value: str | None, *, limit: int) -> str:
    """User text as stored: no NUL characters (PostgreSQL refuses them), trimmed, at most `limit`."""
    return (str(value) if value is not None else "").replace("\x00", "").strip()[:limit]


def _decimal(value, *, field: str, allow_negative: bool = True, required: bool = True) -> Decimal | None:
    """A number as typed ("1 500,50" too), or a message saying what is wrong with it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise MonitoringError(_("Enter a number."), field=field)
        return None
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        text = str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise MonitoringError(_("Enter a number, for example 1500 or 12.5."), field=field) from None
    if not number.is_finite():
        raise MonitoringError(_("Enter a number, for example 1500 or 12.5."), field=field)
    if not allow_negative and number < 0:
        raise MonitoringError(_("The amount cannot be negative."), field=field)
    if abs(number) > MAX_VALUE:
        raise MonitoringError(_("This number is too large."), field=field)
    return number.quantize(Decimal("0.01"))


def _date(value, *, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        parsed = value
    else:
        try:
            parsed = date.fromisoformat(str(value).strip())
        except ValueError:
            raise MonitoringError(_("Enter a valid date."), field=field) from None
    if parsed > timezone.localdate():
        raise MonitoringError(_("The date cannot be in the future."), field=field)
    return parsed


def _locked_for_records(user, report: MonitoringReport, *, statuses=EDITABLE_STATUSES) -> MonitoringReport:
    """The report's row, locked for this transaction, if the user may change it in its state now."""
    if not report_access(user, report).edit:
        raise MonitoringError(_("Only the municipality's staff can change its monitoring reports."))
    locked = MonitoringReport.objects.select_for_update().get(pk=report.pk)
    if locked.status not in statuses:
        raise MonitoringError(
            _("The report is “%(status)s” and cannot be changed now.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _touch(report: MonitoringReport) -> None:
    """The report's content changed: its version moves on (a step taken on an older page is refused)."""
    MonitoringReport.objects.filter(pk=report.pk).update(version=F("version") + 1, updated_at=timezone.now())
    report.refresh_from_db(fields=["version", "updated_at"])


def _pk(value) -> int | None:
    """An object's id, or an id as typed; None for anything that cannot be one."""
    value = getattr(value, "pk", value)
    try:
        value = int(value)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**63 else None


def _activity_of(report: MonitoringReport, activity) -> Activity:
    activity_id = _pk(activity)
    found = (
        Activity.objects.filter(
            pk=activity_id, objective__goal__priority__program_id=report.program_id
        ).first()
        if activity_id
        else None
    )
    if found is None:
        raise MonitoringError(_("Choose an activity of this report's program."), field="activity")
    return found


def _indicator_of(report: MonitoringReport, indicator) -> Indicator:
    indicator_id = _pk(indicator)
    found = (
        Indicator.objects.filter(
            pk=indicator_id, objective__goal__priority__program_id=report.program_id
        ).first()
        if indicator_id
        else None
    )
    if found is None:
        raise MonitoringError(_("Choose an indicator of this report's program."), field="indicator")
    return found


# --- The report -----------------------------------------------------------------------------


@transaction.atomic
def report_create(*, program: Program, user, year) -> MonitoringReport:
    """Start the yearly report of a published program (a draft only its team sees)."""
    if not may_start_report(user, program):
        raise MonitoringError(_("Only the municipality's staff can start its monitoring reports."))
    if program.status != Program.Status.PUBLISHED:
        raise MonitoringError(_("Only a published program is monitored: publish the program first."))
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year not in program.years:
        raise MonitoringError(
            _("Choose a year of the program's period, %(start)s–%(end)s.")
            % {"start": program.start_year, "end": program.end_year},
            field="year",
        )
    if MonitoringReport.objects.filter(program=program, year=year).exists():
        raise MonitoringError(
            _("The report for %(year)s has already been started.") % {"year": year}, field="year"
        )
    try:
        with transaction.atomic():
            return MonitoringReport.objects.create(program=program, year=year)
    except IntegrityError:  # started by someone else at the same moment
        raise MonitoringError(
            _("The report for %(year)s has already been started.") % {"year": year}, field="year"
        ) from None


@transaction.atomic
def verification_save(
    *,
    report: MonitoringReport,
    user,
    verified_on=None,
    women=None,
    men=None,
    remarks: str = "",
    council_heard_on=None,
) -> MonitoringReport:
    """The JMEG's verification (date, members by gender, remarks) and the date the council heard
    the report; recorded until the report is published."""
    locked = _locked_for_records(user, report, statuses=VERIFICATION_STATUSES)
    members = {}
    for field, value in (("jmeg_women", women), ("jmeg_men", men)):
        if value is None or value == "":
            members[field] = None
            continue
        try:
            members[field] = int(value)
        except (TypeError, ValueError):
            raise MonitoringError(_("Enter a whole number of members."), field=field) from None
        if not 0 <= members[field] <= 10000:
            raise MonitoringError(_("Enter a whole number of members."), field=field)
    fields = {
        "jmeg_verified_on": _date(verified_on, field="jmeg_verified_on"),
        "council_heard_on": _date(council_heard_on, field="council_heard_on"),
        "jmeg_remarks": clean_text(remarks, limit=MAX_TEXT),
        **members,
    }
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    report.refresh_from_db()
    return locked


# --- The records ----------------------------------------------------------------------------


@transaction.atomic
def progress_save(
    *,
    report: MonitoringReport,
    user,
    activity,
    status: str,
    share_done=None,
    reason: str = "",
    comment: str = "",
) -> ActivityProgress:
    """What became of one activity: its status (a reason when delayed or cancelled), the share done
    (left empty: 100 for a completed activity, 0 for the others)."""
    locked = _locked_for_records(user, report)
    activity = _activity_of(locked, activity)
    if status not in ActivityProgress.Status.values:
        raise MonitoringError(_("Choose the activity's status."), field="status")
    reason = clean_text(reason, limit=MAX_TEXT)
    if status in ActivityProgress.NEEDS_REASON and not reason:
        raise MonitoringError(
            _("Say why the activity is “%(status)s”: the reason is required.")
            % {"status": ActivityProgress.Status(status).label},
            field="reason",
        )
    if share_done is None or (isinstance(share_done, str) and not share_done.strip()):
        # Left empty: a completed activity is done in full, any other has its share typed.
        share_done = 100 if status == ActivityProgress.Status.COMPLETED else 0
    try:
        share = share_done if isinstance(share_done, int) else int(str(share_done).strip())
    except (TypeError, ValueError):
        raise MonitoringError(
            _("The share done is a whole number from 0 to 100."), field="share_done"
        ) from None
    if isinstance(share, bool) or not 0 <= share <= 100:
        raise MonitoringError(_("The share done is a whole number from 0 to 100."), field="share_done")
    if status == ActivityProgress.Status.COMPLETED and share != 100:
        raise MonitoringError(
            _("A completed activity is done in full: enter 100 as the share done, or choose “in progress”."),
            field="share_done",
        )
    progress, _created = ActivityProgress.objects.update_or_create(
        report=locked,
        activity=activity,
        defaults={
            "status": status,
            "share_done": share,
            "reason": reason,
            "comment": clean_text(comment, limit=MAX_TEXT),
        },
    )
    _touch(report)
    return progress


@transaction.atomic
def spending_save(*, report: MonitoringReport, user, activity, source, amount) -> ActivitySpending | None:
    """What was spent on one activity from one funding source in the year (empty: nothing recorded)."""
    locked = _locked_for_records(user, report)
    activity = _activity_of(locked, activity)
    source_id = _pk(source)
    found = FundingSource.objects.filter(pk=source_id).first() if source_id else None
    if found is None:
        raise MonitoringError(_("Choose a funding source."), field="source")
    number = _decimal(amount, field="amount", allow_negative=False, required=False)
    if number is None:
        ActivitySpending.objects.filter(report=locked, activity=activity, source=found).delete()
        _touch(report)
        return None
    spending, _created = ActivitySpending.objects.update_or_create(
        report=locked, activity=activity, source=found, defaults={"amount": number}
    )
    _touch(report)
    return spending


@transaction.atomic
def actual_save(
    *, report: MonitoringReport, user, indicator, value, women=None, men=None, source: str = ""
) -> IndicatorActual | None:
    """The value an indicator reached in the year, optionally split by women and men, and where
    the figure comes from (an empty value: nothing recorded)."""
    locked = _locked_for_records(user, report)
    indicator = _indicator_of(locked, indicator)
    number = _decimal(value, field="value", required=False)
    if number is None:
        IndicatorActual.objects.filter(report=locked, indicator=indicator).delete()
        _touch(report)
        return None
    split = {
        "women": _decimal(women, field="women", allow_negative=False, required=False),
        "men": _decimal(men, field="men", allow_negative=False, required=False),
    }
    actual, _created = IndicatorActual.objects.update_or_create(
        report=locked,
        indicator=indicator,
        defaults={"value": number, "source": clean_text(source, limit=MAX_SOURCE), **split},
    )
    _touch(report)
    return actual


# --- Comments -------------------------------------------------------------------------------

_PART_KINDS = {ReportComment.Part.ACTIVITY: _activity_of, ReportComment.Part.INDICATOR: _indicator_of}


@transaction.atomic
def comment_add(
    *, report: MonitoringReport, user, text: str, part: str = "report", part_id=None
) -> ReportComment:
    """A coordinator's comment on the report, or on one of its activities or indicators."""
    if not report_access(user, report).review:
        raise MonitoringError(
            _("Only the coordinators of the municipality's project comment on its reports.")
        )
    if report.status not in COMMENTABLE_STATUSES:
        raise MonitoringError(
            _("The report is “%(status)s”: it takes no more comments.")
            % {"status": report.get_status_display()}
        )
    text = clean_text(text, limit=MAX_TEXT)
    if not text:
        raise MonitoringError(_("Write the comment."), field="text")
    if part not in ReportComment.Part.values:
        raise MonitoringError(_("Choose the part of the report the comment is about."), field="part")
    label = ""
    if part in _PART_KINDS:
        label = str(_PART_KINDS[part](report, part_id))[:300]
        part_id = _pk(part_id)
    else:
        part_id = None
    return ReportComment.objects.create(
        report=report, part=part, part_id=part_id, part_label=label, author=user, text=text
    )


def comment_resolve(*, comment: ReportComment, user) -> bool:
    """The municipality's staff (or the coordinators who review the report) mark a comment
    resolved; returns whether anything changed."""
    access = report_access(user, comment.report)
    if not (access.edit or access.review):
        raise MonitoringError(_("Only the municipality's staff mark comments resolved."))
    if comment.resolved_at is not None:
        return False
    comment.resolved_at = timezone.now()
    comment.resolved_by = user
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return True


# --- Evidence photos ------------------------------------------------------------------------

MAX_CAPTION = 300


def photo_add(*, report: MonitoringReport, user, activity, file, caption: str = "") -> EvidencePhoto:
    """A photo of what was done for one of the report's activities, checked by content and stored
    without its EXIF (documents.photos.clean_photo), at most EVIDENCE_PHOTOS_PER_ACTIVITY an
    activity. The files are written and the row saved in one transaction: if the row is not
    saved, the files are deleted again. Refusals raise MonitoringError (field "image")."""
    from documents.photos import PhotoRefused, clean_photo

    if not report_access(user, report).edit:
        raise MonitoringError(_("Only the municipality's staff can change its monitoring reports."))
    activity = _activity_of(report, activity)
    caption = clean_text(caption, limit=MAX_CAPTION)
    if file is None:
        raise MonitoringError(_("Choose a photo (JPEG or PNG)."), field="image")
    try:
        clean = clean_photo(file)  # the slow part, before the report's row is locked
    except PhotoRefused as refusal:
        raise MonitoringError(" ".join(refusal.messages), field="image") from None
    stored: list = []
    try:
        with transaction.atomic():
            locked = _locked_for_records(user, report)
            limit = settings.EVIDENCE_PHOTOS_PER_ACTIVITY
            if EvidencePhoto.objects.filter(report=locked, activity=activity).count() >= limit:
                raise MonitoringError(
                    _(
                        "This activity already has %(limit)s photos, the most it may have in a report. "
                        "Delete one to add another."
                    )
                    % {"limit": limit},
                    field="image",
                )
            photo = EvidencePhoto(
                report=locked,
                activity=activity,
                caption=caption,
                width=clean.width,
                height=clean.height,
                size=clean.file.size,
                uploaded_by=user,
            )
            photo.image.save(clean.file.name, clean.file, save=False)
            stored.append(photo.image)
            photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
            stored.append(photo.thumbnail)
            photo.save()
            _touch(locked)
    except BaseException:
        for field_file in stored:  # the row was not saved: nothing may point to these files
            field_file.storage.delete(field_file.name)
        raise
    return photo


@transaction.atomic
def photo_delete(*, photo: EvidencePhoto, user) -> None:
    """Delete a photo of a report that may still be changed; its files go once the deletion commits."""
    from documents.uploads import delete_after_commit

    locked = _locked_for_records(user, photo.report)
    files = [(photo.image.storage, photo.image.name), (photo.thumbnail.storage, photo.thumbnail.name)]
    EvidencePhoto.objects.filter(pk=photo.pk, report=locked).delete()
    for storage, name in files:
        delete_after_commit(storage, name)
    _touch(locked)
