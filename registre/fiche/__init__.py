"""The fiche's knowledge, below every feature: its fields, their labels, its sections.

:mod:`registre.fiche.fields` is THE table of an activity's fields (design §3) and
:mod:`registre.fiche.rows` the table of its row tables and small objects; every screen,
export, import, history line and API schema reads them, so a label, a section or a
vocabulary is written once. :mod:`registre.fiche.sections` orders the fiche;
:mod:`registre.fiche.serialization` is the dictionary form of an activity.

How to add a field (say ``started_on``, a date of the description section):

1. add its column to :class:`registre.models.Activity` (or to the row model) and write the
   migration (``flask db revision --autogenerate``);
2. add one ``Field`` entry where it belongs in :data:`registre.fiche.fields.FIELDS` (or in
   the row table of :mod:`registre.fiche.rows`): key, French label, kind, form help, section,
   CNIL header if the CNIL model has one, vocabulary for a closed list, ``public=False`` when
   parents must never see it, ``question`` when a public card question answers it.

That is all for the usual kinds: the form field (label, help, bounds, required message),
the fiche page, the history, every export column (the CNIL fiche sheet shows it after the
field before it in the catalogue), the own-format import, the compliance section of its
findings and the OpenAPI schema follow. A field needing a special widget or
rule also gets its form field declared in :mod:`registre.activities.forms` (a declared field
wins over the generated one). ``tests/test_fiche_catalogue.py`` fails when a model column
is missing from the catalogue.
"""
