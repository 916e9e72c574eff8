"""The parts of the activity form: the repeatable rows and the small objects (design §3).

Their fields come from the catalogue's tables (:mod:`registre.fiche.rows`); only the rules
that tie one column to another are written here.
"""
from wtforms.validators import ValidationError

from registre.activities.form_fields import catalogue_fields
from registre.fiche import rows
from registre.forms.fields import RowForm
from registre.models import DataCategory


@catalogue_fields(rows.CONTACT.fields)
class ContactForm(RowForm):
    """A controller or a representative: function, name, address, e-mail, phone."""


@catalogue_fields(rows.JOINT_CONTROLLERS.fields)
class JointControllerForm(RowForm):
    """A joint controller (art. 26): a contact and the split of roles."""


@catalogue_fields(rows.DOCUMENT.fields)
class DocumentForm(RowForm):
    """A document given or signed: title, version, link."""


@catalogue_fields(rows.LEGAL_BASES.fields)
class LegalBasisForm(RowForm):
    """One legal basis (art. 6) and its justification."""


@catalogue_fields(rows.SUBJECT_CATEGORIES.fields)
class SubjectCategoryForm(RowForm):
    """One category of persons concerned."""


@catalogue_fields(rows.DATA_CATEGORIES.fields)
class DataCategoryForm(RowForm):
    """One category of data with its own retention."""

    # The rules below, as the API's JSON Schema states them (a JSON row that is not blank).
    json_schema_rules = (
        {"if": {"required": ["sensitive_kind"], "properties": {"sensitive_kind": {
            "type": "string", "minLength": 1}}},
         "then": {"properties": {"category": {"const": DataCategory.SENSIBLE.value}}}},
        {"if": {"required": ["active_duration"], "properties": {"active_duration": {
            "type": "integer"}}},
         "then": {"required": ["active_unit"], "properties": {"active_unit": {
             "type": "string", "minLength": 1}}}},
        {"if": {"required": ["active_unit"], "properties": {"active_unit": {
            "type": "string", "minLength": 1}}},
         "then": {"required": ["active_duration"], "properties": {"active_duration": {
             "type": "integer"}}}},
        {"if": {"required": ["archive_duration"], "properties": {"archive_duration": {
            "type": "integer"}}},
         "then": {"required": ["archive_unit"], "properties": {"archive_unit": {
             "type": "string", "minLength": 1}}}},
    )

    def validate_sensitive_kind(self, field):
        if field.data and self.category.data != DataCategory.SENSIBLE.value:
            raise ValidationError("Ne précisez la nature que pour la catégorie « Données "
                                  "sensibles ».")

    def validate_active_unit(self, field):
        if self.active_duration.data is not None and not field.data:
            raise ValidationError("Choisissez l'unité de la durée (jours, mois ou ans).")
        if field.data and self.active_duration.data is None and not self.active_duration.errors:
            raise ValidationError("Indiquez la durée qui va avec cette unité.")

    def validate_archive_unit(self, field):
        if self.archive_duration.data is not None and not field.data:
            raise ValidationError("Choisissez l'unité de la durée d'archivage.")


@catalogue_fields(rows.RECIPIENTS.fields)
class RecipientForm(RowForm):
    """One recipient, its processor and the categories of data it receives."""

    json_schema_rules = ({"anyOf": [
        {"required": ["name"], "properties": {"name": {"type": "string", "pattern": "\\S"}}},
        {"required": ["processor_id"], "properties": {"processor_id": {"type": "integer"}}}]},)

    def validate_name(self, field):
        if not (field.data or "").strip() and not self.processor_id.data:
            raise ValidationError("Indiquez le nom du destinataire ou choisissez un "
                                  "sous-traitant du catalogue.")


@catalogue_fields(rows.TRANSFERS.fields)
class TransferForm(RowForm):
    """One transfer outside the EU with its country and guarantee."""


@catalogue_fields(rows.SECURITY_MEASURES.fields)
class SecurityMeasureForm(RowForm):
    """One security measure (never public)."""


# The form of each catalogue table, for the activity form's objects and row lists.
ROW_FORMS: dict[str, type[RowForm]] = {
    rows.CONTACT.name: ContactForm, rows.JOINT_CONTROLLERS.name: JointControllerForm,
    rows.DOCUMENT.name: DocumentForm, rows.LEGAL_BASES.name: LegalBasisForm,
    rows.SUBJECT_CATEGORIES.name: SubjectCategoryForm,
    rows.DATA_CATEGORIES.name: DataCategoryForm, rows.RECIPIENTS.name: RecipientForm,
    rows.TRANSFERS.name: TransferForm, rows.SECURITY_MEASURES.name: SecurityMeasureForm,
}
