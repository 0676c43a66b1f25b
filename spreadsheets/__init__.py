"""Spreadsheets: the formatted reports (xlsx, csv), the import template and the validated import of
yearly values, and the admin's import-export.

- `selectors`: the report and template rows read from the database.
- `services`: the import of a filled-in template, checked and written through `indicators.services`.
- `formats/`: pure writing and reading of the files (plain rows in, bytes out and back; no ORM).
- `resources`, `admin`: django-import-export in the admin, and the plans' report action.
- `views`, `urls`: the downloads and the upload → preview → confirm pages.
"""
