"""Produce an export in one format: to a file (CLI) or as a stream of bytes (web)."""
import gc
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from registre.exports.csv_ import csv_lines
from registre.exports.json_ import json_chunks
from registre.exports.ods import OdsBook
from registre.exports.pdf import render_pdf
from registre.exports.services import ExportContext, iter_activities
from registre.exports.workbook import write_workbook
from registre.xlsx import XlsxBook

MIMETYPES = {
    "xlsx": XlsxBook.mimetype,
    "ods": OdsBook.mimetype,
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "pdf": "application/pdf",
}
_CHUNK = 1 << 16
PROGRESS_EVERY = 100
_BOOKS = {"xlsx": XlsxBook, "ods": OdsBook}
_TEXTS = {"csv": csv_lines, "json": json_chunks}


def _grouped(pieces: Iterator[str]) -> Iterator[bytes]:
    """Group small text pieces into chunks of about 64 KiB of UTF-8."""
    buffer, size = [], 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


@contextmanager
def _fewer_collections():
    """Run the cyclic garbage collector less often while an export allocates many short-lived
    objects (ORM rows, cells): a full pass over a large heap every 700 allocations is most of
    the overhead above bare openpyxl. Memory stays bounded: collections still happen."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def write_export(context: ExportContext, fmt: str, target,
                 progress: Callable[[int], None] | None = None) -> None:
    """Write the export into a binary file object; ``progress`` receives the number of
    activities written so far, every :data:`PROGRESS_EVERY` activities (a job's bar)."""
    with _fewer_collections():
        _write_export(context, fmt, target, progress)


def _counted(activities: Iterator[dict], progress: Callable[[int], None]) -> Iterator[dict]:
    count = 0
    for activity in activities:
        yield activity
        count += 1
        if count % PROGRESS_EVERY == 0:
            progress(count)
    progress(count)


def _write_export(context: ExportContext, fmt: str, target, progress=None) -> None:
    activities = iter_activities(context)
    if progress is not None:
        activities = _counted(activities, progress)
    if fmt in _BOOKS:
        book = _BOOKS[fmt]()
        write_workbook(book, context, activities)
        book.save(target)
    elif fmt in _TEXTS:
        for chunk in _grouped(_TEXTS[fmt](context, activities)):
            target.write(chunk)
    else:
        target.write(render_pdf(context, activities))


def stream_export(context: ExportContext, fmt: str) -> Iterator[bytes] | bytes:
    """Return the export body: a generator for CSV/JSON (rows streamed from the database), the
    bytes of a PDF, or a generator reading the temporary XLSX/ODS file it was written to."""
    if fmt in _TEXTS:
        return _grouped(_TEXTS[fmt](context, iter_activities(context)))
    if fmt == "pdf":
        with _fewer_collections():
            return render_pdf(context, iter_activities(context))
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by _read_and_close)
    try:
        write_export(context, fmt, spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return _read_and_close(spool)


def _read_and_close(spool) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(_CHUNK):
            yield chunk
