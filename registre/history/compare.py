"""Pick two revisions of a record from the query string and compare them field by field."""
from werkzeug.datastructures import MultiDict

from registre.history.diff import diff_snapshots
from registre.history.forms import UNKNOWN_REVISION, CompareForm
from registre.history.labels import HistoryLabels
from registre.models.revision import RevisionMixin


def compare_revisions(revisions: list[RevisionMixin], args: MultiDict, labels: HistoryLabels,
                      unknown_message: str = UNKNOWN_REVISION) -> tuple[CompareForm, dict | None]:
    """Return the compare form and, when two valid versions are chosen, their differences.

    Without ``de`` and ``a`` in ``args``, the last save is shown (the two newest revisions).
    """
    if "de" not in args and "a" not in args and len(revisions) >= 2:
        args = MultiDict({"de": revisions[-2].number, "a": revisions[-1].number})
    form = CompareForm(args, revisions, unknown_message)
    if len(revisions) < 2 or not form.validate():
        return form, None
    by_number = {revision.number: revision for revision in revisions}
    before, after = by_number[form.de.data], by_number[form.a.data]
    return form, {"before": before, "after": after,
                  "changes": diff_snapshots(before.snapshot, after.snapshot, labels)}
