"""The admin's import formats, bounded like a bureau's upload: a file is measured before the library
reads it, so two million blank rows cannot hold a worker (django-import-export reads every row).
Pure: no database."""

from __future__ import annotations

from import_export.formats import base_formats

from operations.uploads import size_check

from .template_xlsx import MAX_ROWS, MAX_UPLOAD_BYTES, _check_package, _too_many_rows


class BoundedXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        _check_package(in_stream)  # the upload budget: size, macros, inflated bytes, rows, cells, strings
        return super().create_dataset(in_stream)


class BoundedCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        size_check(len(in_stream.encode() if isinstance(in_stream, str) else in_stream), MAX_UPLOAD_BYTES)
        newline = "\n" if isinstance(in_stream, str) else b"\n"
        if in_stream.count(newline) > MAX_ROWS + 1:
            _too_many_rows(MAX_ROWS)
        return super().create_dataset(in_stream, **kwargs)


IMPORT_FORMATS = [BoundedCSV, BoundedXLSX]
