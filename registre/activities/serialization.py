"""The one dictionary form of an activity: API, revisions, JSON export and import all use it.

Keys are exactly the field names of design section 3; dates are ISO strings.
"""
from datetime import date, datetime

import sqlalchemy as sa

from registre.models import (
    Activity,
    ActivityDataCategory,
    ActivityLegalBasis,
    ActivityRecipient,
    ActivitySecurityMeasure,
    ActivitySubjectCategory,
    ActivityTransfer,
    JointController,
)

CONTACT_KEYS = ("title", "name", "address", "email", "phone")
DOCUMENT_KEYS = ("title", "version", "url")

# Plain scalar fields, in the order of the fiche.
SCALAR_FIELDS = (
    "reference", "name", "status", "ended_on", "validated_at", "scope", "legal_text",
    "software", "software_vendor", "created_at", "updated_at", "last_reviewed_on",
    "next_review_on", "published", "template_id", "version",
    "purpose", "sub_purposes", "art9_condition", "automated_decision",
    "automated_decision_details", "data_source", "collection_mandatory",
    "concerns_minors", "min_age", "max_age",
    "hosting", "hosting_processor_id", "storage_countries",
    "informed", "information_channel", "information_date", "information_text",
    "consent_required", "consent_reason", "consent_signatories", "consent_collection",
    "consent_withdrawal", "governance_opinion_date",
    "rights_contact", "dpia_criteria", "dpia_status", "dpia_date", "dpia_url",
    "internal_notes",
)

# Repeatable rows: JSON key -> (model, columns in order).
ROW_FIELDS = {
    "joint_controllers": (JointController, ("title", "name", "address", "email", "phone",
                                            "role_split")),
    "legal_bases": (ActivityLegalBasis, ("basis", "justification")),
    "subject_categories": (ActivitySubjectCategory, ("category", "details")),
    "data_categories": (ActivityDataCategory, (
        "category", "sensitive_kind", "description", "active_duration", "active_unit",
        "retention_criteria", "archive_duration", "archive_unit", "final_fate")),
    "recipients": (ActivityRecipient, ("kind", "name", "processor_id", "data_categories")),
    "transfers": (ActivityTransfer, ("recipient", "country", "guarantee", "documentation")),
    "security_measures": (ActivitySecurityMeasure, ("kind", "details")),
}

# Fields the system sets; an import or a client never writes them.
SYSTEM_FIELDS = frozenset({"id", "status", "ended_on", "validated_by", "validated_at",
                           "created_at", "updated_at", "version", "uai", "concerns_under_15",
                           "rights", "controller", "dpd", "template_id"})


def json_value(value):
    """Return ``value`` in its JSON form (ISO dates, enum values, lists copied)."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: json_value(item) for key, item in value.items()}
    return value


def _document(activity: Activity, prefix: str) -> dict | None:
    values = {key: getattr(activity, f"{prefix}_{key}") for key in DOCUMENT_KEYS}
    return values if any(values.values()) else None


# The keys of activity_to_dict (the snapshot of every revision), in its order.
DICT_KEYS = ("id", "uai", *SCALAR_FIELDS, "validated_by", "controller", "representative",
             "information_notice", "consent_text", *ROW_FIELDS, "concerns_under_15", "rights")


def activity_to_dict(activity: Activity) -> dict:
    """Return every field of an activity as JSON-ready data (design §3 names)."""
    data: dict = {"id": activity.id, "uai": activity.organisation.uai}
    data.update({name: json_value(getattr(activity, name)) for name in SCALAR_FIELDS})
    data["validated_by"] = activity.validated_by.email if activity.validated_by else None
    data["controller"] = {key: getattr(activity, f"controller_{key}") for key in CONTACT_KEYS}
    data["representative"] = json_value(activity.representative) or None
    data["information_notice"] = _document(activity, "information_notice")
    data["consent_text"] = _document(activity, "consent_text")
    for key, (_, columns) in ROW_FIELDS.items():
        data[key] = [
            {column: json_value(getattr(row, column)) for column in columns}
            for row in getattr(activity, key)
        ]
    data["concerns_under_15"] = activity.concerns_under_15
    data["rights"] = activity.rights
    return data


def coerce(model: type, column: str, value):
    """Convert a JSON value to the column's Python type (enum member, date, datetime)."""
    if value is None or value == "":
        column_type = model.__table__.c[column].type
        if isinstance(column_type, (sa.Enum, sa.Date, sa.DateTime, sa.Integer)):
            return None
        return value
    column_type = model.__table__.c[column].type
    if isinstance(column_type, sa.Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    if isinstance(column_type, sa.DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(column_type, sa.Date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def apply_activity_data(activity: Activity, data: dict) -> None:
    """Set an activity's editable fields from already validated data (missing keys untouched)."""
    for name in SCALAR_FIELDS:
        if name in data and name not in SYSTEM_FIELDS:
            setattr(activity, name, coerce(Activity, name, data[name]))
    if "controller" in data:
        controller = data["controller"] or {}
        for key in CONTACT_KEYS:
            setattr(activity, f"controller_{key}", controller.get(key) or "")
    if "representative" in data:
        activity.representative = data["representative"] or None
    for prefix, key in (("information_notice", "information_notice"),
                        ("consent_text", "consent_text")):
        if key in data:
            document = data[key] or {}
            for part in DOCUMENT_KEYS:
                setattr(activity, f"{prefix}_{part}", document.get(part) or "")
    for key, (model, columns) in ROW_FIELDS.items():
        if key in data:
            setattr(activity, key, [
                model(position=index, **{column: coerce(model, column, row.get(column))
                                         for column in columns if row.get(column) is not None})
                for index, row in enumerate(data[key] or [])
            ])


def changed_fields(before: dict | None, after: dict) -> list[str]:
    """List the top-level fields whose value differs between two snapshots."""
    ignored = {"updated_at", "version"}
    if before is None:
        return sorted(key for key, value in after.items() if value not in (None, "", [], False)
                      and key not in ignored)
    keys = set(before) | set(after)
    return sorted(key for key in keys
                  if key not in ignored and before.get(key) != after.get(key))
