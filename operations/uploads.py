"""Every uploaded file is read within one budget: refused, or read within `MAX_READ_SECONDS` of wall time
and far below 512 MB of memory, whatever it declares. Pure: no database.

Sizes a file declares are never trusted: an Office package (.xlsx, .docx) is inflated member by member
through a counter of the bytes that actually come out, the elements of each XML part are counted while
they stream, and the clock is checked on every chunk. A member whose inflated size differs from the size
it declares is refused as damaged, so the library that parses the package afterwards reads exactly the
bytes counted here. Callers turn `UploadRefused` into their own refusal (a form error, a row of the
import page, a plan's parse error).
"""

from __future__ import annotations

import copy
import io
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_READ_SECONDS = 10  # well inside a worker's timeout (gunicorn's 60 s)
CHUNK = 1 << 20
MAX_MEMBERS = 5_000  # parts of one package; a workbook or a plan has tens, a few hundred with images


class UploadRefused(Exception):
    """The whole file is refused; the message says why, in the reader's language."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


def size_check(size: int, limit: int) -> None:
    """The one check of an upload's size, made before a byte of it is read."""
    if size > limit:
        raise UploadRefused(
            _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}, "too_big"
        )


def upload_size_check(upload, limit: int):
    """`size_check` for a form's clean_<field>: the upload, or its refusal as the field's error."""
    try:
        size_check(upload.size, limit)
    except UploadRefused as refused:
        raise ValidationError(refused.message, code=refused.code) from None
    return upload


class Deadline:
    """Wall time left for reading one upload; `check` between any two steps that may take long."""

    def __init__(self, seconds: float | None = None):
        if seconds is None:  # the test settings allow more: a loaded CI machine reads a real plan slowly
            seconds = getattr(settings, "UPLOAD_READ_SECONDS", MAX_READ_SECONDS)
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise UploadRefused(_("The file took too long to read; split it into several files."), "too_slow")


@dataclass(frozen=True)
class TagLimit:
    """At most `limit` matches of `pattern` in any one XML part (of any name: a part moved out of its
    usual folder is counted all the same), else `refusal()` (an UploadRefused) is raised."""

    pattern: re.Pattern
    limit: int
    refusal: Callable[[], UploadRefused]


@dataclass(frozen=True)
class PackageRules:
    """What an Office package of one kind must be."""

    kind: str  # "xlsx", "docx": a file that is none is refused with the code "not_<kind>"
    required: tuple[str, ...]  # members it must hold (lower case)
    not_a_package: Callable[[], str]  # the message for a file that is none
    macros: Callable[[], str]
    macro_parts: re.Pattern  # member names (lower case) that carry macros
    max_unpacked: int  # bytes actually inflated, all members together
    max_ratio: int | None  # inflated bytes at most this many times the file's size
    max_elements: int  # XML elements in any one part not named in `large_parts`
    large_parts: re.Pattern  # parts that may hold up to `max_large_elements` (the sheet, the body)
    max_large_elements: int
    tag_limits: tuple[TagLimit, ...] = field(default=())


def _bomb() -> UploadRefused:
    return UploadRefused(
        _("The file unpacks to far more than its size (a zip bomb) and is not read."), "too_big"
    )


def _damaged() -> UploadRefused:
    return UploadRefused(_("The file is damaged: a part of it is not what its index says."), "damaged")


def _too_many_elements() -> UploadRefused:
    return UploadRefused(
        _("The file holds far more elements than such a document has; it is not read."), "too_many_elements"
    )


def office_package_check(data: bytes, rules: PackageRules, deadline: Deadline) -> list[str]:
    """The package's member names, once every member was inflated and counted within `rules` and the
    deadline; UploadRefused otherwise. The one safety check of .xlsx and .docx uploads."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise UploadRefused(rules.not_a_package(), f"not_{rules.kind}") from error
    with package:
        infos = package.infolist()
        names = [info.filename.lower() for info in infos]
        if not set(rules.required) <= set(names):
            raise UploadRefused(rules.not_a_package(), f"not_{rules.kind}")
        if any(rules.macro_parts.search(name) for name in names):
            raise UploadRefused(rules.macros(), "macros")
        left = min(rules.max_unpacked, rules.max_ratio * len(data) if rules.max_ratio else rules.max_unpacked)
        if len(infos) > MAX_MEMBERS:
            raise _too_many_elements()
        for info in infos:
            deadline.check()  # empty members read no chunk
            if info.is_dir():
                continue
            left = _inflate_counted(package, info, rules, left, deadline)
        types = next((info for info in infos if info.filename.lower() == "[content_types].xml"), None)
        if types is not None and b"macroenabled" in package.read(types).lower():  # counted above
            raise UploadRefused(rules.macros(), "macros")
    return [info.filename for info in infos]


def _inflate_counted(package, info, rules: PackageRules, left: int, deadline: Deadline) -> int:
    """Inflate one member chunk by chunk, counting what comes out; the budget left afterwards."""
    # Read past the declared size: a member that declares 1 KB and inflates to 2 GB is stopped by the
    # count, not trusted (zipfile alone would inflate the rest silently and fail only on its CRC).
    unbounded = copy.copy(info)
    unbounded.file_size = 1 << 62  # never reached: the count below stops first
    is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    large = bool(rules.large_parts.search(info.filename.lower()))
    element_limit = rules.max_large_elements if large else rules.max_elements
    elements, counts, tail, inflated = 0, [0] * len(rules.tag_limits), b"", 0
    try:
        with package.open(unbounded) as member:
            while chunk := member.read(CHUNK):
                deadline.check()
                inflated += len(chunk)
                if inflated > left:
                    raise _bomb()
                if not is_xml:
                    continue
                # Count the tags that start before the last "<" of the chunk: each ends before the next
                # "<", so none is cut; the rest goes on with the next chunk and is counted once, whole.
                data = tail + chunk
                cut = data.rfind(b"<", max(len(data) - 64, 0))
                cut = len(data) if cut == -1 else cut
                elements += _elements(data[:cut])
                if elements > element_limit:
                    raise _too_many_elements()
                for index, rule in enumerate(rules.tag_limits):
                    counts[index] += len(rule.pattern.findall(data, 0, cut))
                    if counts[index] > rule.limit:
                        raise rule.refusal()
                tail = data[cut:]
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise _damaged() from error
    if inflated != info.file_size:
        raise _damaged()
    if is_xml and tail:
        if _elements(tail) + elements > element_limit:
            raise _too_many_elements()
        for index, rule in enumerate(rules.tag_limits):
            if counts[index] + len(rule.pattern.findall(tail)) > rule.limit:
                raise rule.refusal()
    return left - inflated


def _elements(data: bytes) -> int:
    """Start tags (and empty-element tags) in a piece of XML, counted in C."""
    return data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")
