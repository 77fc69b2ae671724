"""Ingest: turn .txt, .md and .html files (or folders of them) into clean ``records.Document`` objects.

What ingest guarantees to the stages after it:

- ``Document.text`` is the article body only: paragraphs joined by a blank line, hard-wrapped lines
  re-joined, markdown and HTML markup gone, Unicode in NFC with plain spaces and LF line ends.
- Site chrome (share/subscribe prompts, menus, kickers), photo captions with credits, bylines and the
  teaser cards of other articles that follow the body are removed and listed in ``Document.removed``.
- ``Document.published`` comes from, in order: the caller (``option``), a per-file date table (``csv``),
  HTML metadata (``meta``), front matter or a ``Date:`` header (``header``), a dateline near the top
  (``dateline``); otherwise it is ``None`` (``none``).
- Anything unusable (missing, empty, binary, undecodable, too large, all boilerplate) raises
  ``InputError`` with a one-line message that starts with the file name.

The word lists and patterns that recognise boilerplate live in ``data/boilerplate.yaml``; how they are
applied is described in ``docs/ingest.md``.
"""

from __future__ import annotations

import csv
import errno
import html as html_lib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import yaml

from .errors import InputError
from .records import Document
from .resources import data_path, user_yaml
from .turns import detect_turns

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".html", ".htm", ".md")
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")
DECODINGS_TRIED = "utf-8, utf-16, cp1252"
BOILERPLATE_FILE = Path(str(data_path("boilerplate.yaml")))

# How far into the text a publication date or title is looked for (in paragraphs).
_DATE_SEARCH_PARAGRAPHS = 8


# --------------------------------------------------------------------------------------------------
# Boilerplate rules (data/boilerplate.yaml)
# --------------------------------------------------------------------------------------------------


@dataclass
class BoilerplateRules:
    """The word lists and patterns of ``data/boilerplate.yaml``, compiled for matching."""

    short_line_words: int = 12
    max_teaser_paragraphs: int = 3
    glued_credit_words: int = 40
    chrome_phrases: list[str] = field(default_factory=list)
    chrome_lines: set[str] = field(default_factory=set)
    tail_markers: list[tuple[str, bool]] = field(default_factory=list)  # (phrase, may be followed by a name)
    footer_phrases: list[str] = field(default_factory=list)
    credit_end_patterns: list[re.Pattern[str]] = field(default_factory=list)
    credit_start_patterns: list[re.Pattern[str]] = field(default_factory=list)
    image_name_patterns: list[re.Pattern[str]] = field(default_factory=list)
    byline_patterns: list[re.Pattern[str]] = field(default_factory=list)
    staff_credit_patterns: list[re.Pattern[str]] = field(default_factory=list)
    signoff_pattern: re.Pattern[str] | None = None
    published_words: list[str] = field(default_factory=list)
    updated_words: list[str] = field(default_factory=list)


def _compile_all(patterns: Iterable[str], flags: int = 0) -> list[re.Pattern[str]]:
    return [re.compile(pattern, flags) for pattern in patterns]


def _rules_from_mapping(data: Mapping[str, Any], source: str) -> BoilerplateRules:
    """Build rules from one parsed YAML mapping; a bad pattern is an InputError naming the file."""
    try:
        markers = []
        for phrase in data.get("tail_markers") or []:
            phrase = str(phrase).strip().lower()
            takes_name = phrase.endswith(" *")
            markers.append((phrase[:-2].strip() if takes_name else phrase, takes_name))
        signoff = data.get("signoff_pattern")
        return BoilerplateRules(
            short_line_words=int(data.get("short_line_words", 12)),
            max_teaser_paragraphs=int(data.get("max_teaser_paragraphs", 3)),
            glued_credit_words=int(data.get("glued_credit_words", 40)),
            chrome_phrases=[str(p).lower() for p in data.get("chrome_phrases") or []],
            chrome_lines={_normalize_key(str(p)) for p in data.get("chrome_lines") or []},
            tail_markers=markers,
            footer_phrases=[str(p).lower() for p in data.get("footer_phrases") or []],
            credit_end_patterns=_compile_all(data.get("credit_end_patterns") or []),
            credit_start_patterns=_compile_all(data.get("credit_start_patterns") or [], re.IGNORECASE),
            image_name_patterns=_compile_all(data.get("image_name_patterns") or [], re.IGNORECASE),
            byline_patterns=_compile_all(data.get("byline_patterns") or [], re.IGNORECASE),
            staff_credit_patterns=_compile_all(data.get("staff_credit_patterns") or [], re.IGNORECASE),
            signoff_pattern=re.compile(signoff) if signoff else None,
            published_words=sorted((str(w).lower() for w in data.get("published_words") or []), key=len,
                                   reverse=True),
            updated_words=sorted((str(w).lower() for w in data.get("updated_words") or []), key=len,
                                 reverse=True),
        )
    except (re.error, TypeError, ValueError) as exc:
        raise InputError(f"{source}: bad boilerplate rule ({exc})") from None


def _read_rules_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    data = user_yaml(path, "boilerplate rules")
    if not isinstance(data, dict):
        raise InputError(f"{path}: boilerplate rules must be a YAML mapping")
    return data


@lru_cache(maxsize=8)
def _load_rules_cached(paths: tuple[Path, ...]) -> BoilerplateRules:
    merged: dict[str, Any] = {}
    for path in paths:
        for key, value in _read_rules_file(path).items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + value
            else:
                merged[key] = value
    return _rules_from_mapping(merged, ", ".join(str(p) for p in paths))


def load_boilerplate_rules(*extra_files: Path | str) -> BoilerplateRules:
    """The packaged boilerplate rules, with the lists of any ``extra_files`` (same YAML layout) added."""
    return _load_rules_cached((BOILERPLATE_FILE, *(Path(p) for p in extra_files)))


# --------------------------------------------------------------------------------------------------
# Finding input files
# --------------------------------------------------------------------------------------------------


def iter_input_paths(paths: Sequence[Path | str]) -> Iterator[Path | InputError]:
    """Each input file: files as given, folders walked recursively in sorted order for supported files.

    Folders are walked lazily, one directory listing at a time (``walk_folder``). A path that does not
    exist, a folder without supported files, and what a folder holds that cannot be walked (a link
    loop, a link out of the folder, a FIFO) yield an ``InputError`` in their place so that a run over
    many inputs can report it and go on.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for item in walk_folder(path):
                found = found or not isinstance(item, InputError)
                yield item
            if not found:
                yield InputError(f"{path}: no {_suffix_list()} files in this folder")
        elif path.exists() or path.is_symlink():
            yield path  # read_document refuses what is not a regular file, before opening it
        else:
            yield InputError(f"{path}: no such file or directory")


_FILE_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"))


def _file_kind(mode: int) -> str:
    return next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")


def walk_folder(folder: Path | str) -> Iterator[Path | InputError]:
    """The supported files under ``folder``, lazily, in sorted path order; problems as ``InputError``.

    Hidden files and folders (names starting with ".") are left out. Symbolic links to files are
    followed. Symbolic links to folders are not: one that points into the walked tree would list its
    files a second time (they are found under their own path), so it is passed over; one that points
    to a folder containing it is a loop and is reported in one line, as is one that leaves the tree
    (name its target to read it). Supported names that are not regular files (FIFOs, sockets,
    devices) are reported, never opened.
    """
    folder = Path(folder)
    root = os.path.realpath(folder)
    yield from _walk_directory(folder, root, folder)


def _is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _walk_directory(directory: Path, root: str, top: Path) -> Iterator[Path | InputError]:
    try:
        with os.scandir(directory) as listing:
            entries = sorted((entry.name, entry.is_symlink()) for entry in listing if not entry.name.startswith("."))
    except OSError as exc:
        yield InputError(f"{directory}: cannot list this folder ({exc.strerror or exc.__class__.__name__})")
        return
    for name, is_link in entries:
        child = directory / name
        try:
            info = child.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                yield InputError(f"{child}: symbolic link loop, not followed")
            continue  # a broken link, or a file removed meanwhile: nothing to read
        if stat.S_ISDIR(info.st_mode):
            if not is_link:
                yield from _walk_directory(child, root, top)
                continue
            target = os.path.realpath(child)
            if _is_within(os.path.realpath(directory), target):
                yield InputError(f"{child}: symbolic link loop (to {target}), not followed")
            elif not _is_within(target, root):
                yield InputError(f"{child}: link to a folder outside {top} ({target}), not followed")
            continue
        if child.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if stat.S_ISREG(info.st_mode):
            yield child
        else:
            yield InputError(f"{child}: {_file_kind(info.st_mode)}, not a regular file; skipped")


def _suffix_list() -> str:
    names = [s for s in SUPPORTED_SUFFIXES]
    return ", ".join(names[:-1]) + " or " + names[-1]


# --------------------------------------------------------------------------------------------------
# Reading and decoding files
# --------------------------------------------------------------------------------------------------

_BINARY_SIGNATURES: tuple[bytes, ...] = (
    b"%PDF-", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
    b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"MZ", b"\xd0\xcf\x11\xe0", b"RIFF", b"OggS",
    b"ID3", b"\x00\x00\x01\x00", b"SQLite format 3",
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
_ALLOWED_CONTROL_BYTES = frozenset(b"\t\n\r\x0b\x0c\x1b")
_CHARSET_DECLARATION = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _looks_like_text(text: str) -> bool:
    """Whether a decoded string reads as text: few control characters, mostly letters and spaces."""
    sample = text[:20000]
    if not sample:
        return True
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\x0b\x0c")
    if controls / len(sample) > 0.01:
        return False
    return True


def _looks_like_single_byte_text(text: str) -> bool:
    """Text decoded with a single-byte code page: mostly ASCII, and no C1 control characters."""
    sample = text[:20000]
    if any("\x80" <= ch <= "\x9f" for ch in sample):
        return False
    non_ascii = sum(1 for ch in sample if ord(ch) > 127)
    return _looks_like_text(sample) and non_ascii <= 0.2 * max(1, len(sample))


def _utf16_without_bom(sample: bytes) -> str | None:
    """The codec of BOM-less UTF-16 text (NUL every other byte), or None."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, label: str = "input", extra_encodings: Sequence[str] = ()) -> str:
    """The text of a file's bytes: BOMs honoured, then UTF-8, then ``extra_encodings``, then cp1252/latin-1.

    The single-byte fallbacks are used only when the result looks like text. Raises ``InputError``
    for empty, binary or undecodable input.
    """
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise InputError(f"{label}: empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError:
                raise InputError(f"{label}: cannot decode as text (tried {DECODINGS_TRIED})") from None
            if not _looks_like_text(text):
                raise InputError(f"{label}: binary file, not text")
            return text
    if data.startswith(_BINARY_SIGNATURES):
        raise InputError(f"{label}: binary file, not text")
    sample = data[:65536]
    if b"\x00" in sample:
        codec = _utf16_without_bom(sample)
        if codec:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = ""
            if text and _looks_like_text(text):
                return text
        raise InputError(f"{label}: binary file, not text")
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _ALLOWED_CONTROL_BYTES)
    if controls > 0.02 * len(sample):
        raise InputError(f"{label}: binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec in extra_encodings:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_single_byte_text(text):
            return text
    raise InputError(f"{label}: cannot decode as text (tried {DECODINGS_TRIED})")


def _declared_charsets(data: bytes) -> list[str]:
    match = _CHARSET_DECLARATION.search(data[:4096])
    return [match.group(1).decode("ascii", "replace")] if match else []


def _size_error(label: str, size: int) -> InputError:
    return InputError(f"{label}: {size / (1024 * 1024):.1f} MB is over the {MAX_BYTES // (1024 * 1024)} MB limit")


def _read_regular_file(path: Path, label: str) -> bytes:
    """The bytes of ``path``, opened without blocking and checked to be a regular file once open (it
    may have been replaced by a FIFO since it was looked at); at most ``MAX_BYTES`` + 1 are read."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{label}: {_file_kind(mode)}, not a regular file")
        return handle.read(MAX_BYTES + 1)


def read_document(path: Path | str, published: date | None = None) -> Document:
    """The Document of one .txt/.md/.html file; raises ``InputError`` (one line, naming the file)."""
    path = Path(path)
    label = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{label}: no such file or directory") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{label}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):  # reading a FIFO or a terminal would wait for ever
        raise InputError(f"{label}: {_file_kind(info.st_mode)}, not a regular file")
    if info.st_size > MAX_BYTES:
        raise _size_error(label, info.st_size)
    try:
        data = _read_regular_file(path, label)
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if len(data) > MAX_BYTES:  # grew since stat, or a special file
        raise _size_error(label, len(data))
    is_html = path.suffix.lower() in HTML_SUFFIXES
    extra = _declared_charsets(data) if is_html or data[:1] == b"<" else []
    text = decode_bytes(data, label, extra)
    if not text.strip():
        raise InputError(f"{label}: empty file")
    return document_from_text(text, source=label, published=published, html=True if is_html else None)


def stream_documents(
    paths: Sequence[Path | str],
    published: date | None = None,
    dates: Mapping[str, date] | None = None,
) -> Iterator[Document | InputError]:
    """Documents of all inputs, one file at a time; a file that cannot be used yields its InputError.

    ``dates`` maps a file (its path as given or found, its resolved path, its name, or its stem) to its
    publication date; such a date wins over ``published`` and is recorded as ``published_from="csv"``.
    """
    for item in iter_input_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        listed = date_for_path(item, dates)
        try:
            document = read_document(item, published=listed or published)
        except InputError as exc:
            yield exc
            continue
        if listed is not None:
            document.published_from = "csv"
        yield document


def date_for_path(path: Path, dates: Mapping[str, date] | None) -> date | None:
    """The date a file-to-date table gives ``path`` (by path as given, resolved path, name or stem)."""
    if not dates:
        return None
    for key in (str(path), path.as_posix(), str(path.resolve()), path.name, path.stem):
        if key in dates:
            return dates[key]
    return None


def load_dates_csv(path: Path | str) -> dict[str, date]:
    """File-to-date table from a CSV with a ``file`` (or ``path``/``name``) column and a ``date`` column."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = {name.strip().lower(): name for name in reader.fieldnames or []}
            file_col = next((columns[c] for c in ("file", "path", "name", "filename") if c in columns), None)
            date_col = next((columns[c] for c in ("date", "published") if c in columns), None)
            if file_col is None or date_col is None:
                raise InputError(f"{path}: needs a 'file' column and a 'date' column")
            table: dict[str, date] = {}
            for line_no, row in enumerate(reader, start=2):
                name, value = (row.get(file_col) or "").strip(), (row.get(date_col) or "").strip()
                if not name or not value:
                    continue
                found = parse_date(value)
                if found is None:
                    raise InputError(f"{path}:{line_no}: {value!r} is not a date (expected YYYY-MM-DD)")
                table[name] = found
            return table
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot read date table ({exc.__class__.__name__})") from None


# --------------------------------------------------------------------------------------------------
# Text normalisation
# --------------------------------------------------------------------------------------------------

_SPACE_LIKE = re.compile(
    "[\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000]")
_INVISIBLE_OR_CONTROL = re.compile("[\u200b\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(text: str, label: str) -> str:
    """``text`` with UTF-16 surrogate pairs (two code units standing for one character, as some JSON
    and JavaScript sources give them) joined into their character; a lone surrogate, which stands
    for no character and cannot be encoded, is an ``InputError`` naming where it is."""
    if _SURROGATE.search(text) is None:
        return text
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    lone = _SURROGATE.search(text)
    if lone is not None:
        raise InputError(f"{label}: not valid Unicode text: a lone surrogate (U+{ord(lone.group()):04X}) "
                         f"at character {lone.start()}")
    return text


def normalize_text(text: str) -> str:
    """NFC Unicode, LF line ends, every kind of space as a plain space, invisible characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x0c", "\n").replace("\x0b", "\n")
    text = unicodedata.normalize("NFC", text)
    return _INVISIBLE_OR_CONTROL.sub("", _SPACE_LIKE.sub(" ", text))


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|rsday|urday|sday)?\.?"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
               re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b",
               re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?![\d])"),
    re.compile(r"\b(?P<year>\d{4})/(?P<mon>\d{1,2})/(?P<day>\d{1,2})\b"),
)
# What may surround a date on a line that holds nothing else: weekday, time, zone, separators.
_DATE_LINE_LEFTOVER = re.compile(
    rf"^(?:\s|{_WEEKDAY}|at|on|\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?|[ap]\.?m\.?|(?-i:[A-Z]{{2,5}})|GMT|UTC|[+-]\d{{1,2}}(?::?\d{{2}})?"
    r"|[|,·•/()\[\]—–-])*$",
    re.IGNORECASE,
)


def _date_from_match(match: re.Match[str]) -> date | None:
    month_text = match.group("mon")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3].lower())
    try:
        found = date(int(match.group("year")), month or 0, int(match.group("day")))
    except ValueError:
        return None
    return found if 1800 <= found.year <= date.today().year + 1 else None


def find_date(text: str) -> tuple[date, tuple[int, int]] | None:
    """The first full calendar date written in ``text`` (e.g. "June 3, 2024", "3 June 2024", "2024-06-03")
    and its character span, or None."""
    best: tuple[date, tuple[int, int]] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _date_from_match(match)
            if found is not None:
                if best is None or match.start() < best[1][0]:
                    best = (found, match.span())
                break
    return best


def parse_date(value: Any) -> date | None:
    """A date from a metadata value: a date/datetime, ISO text, or an English date; None if there is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    found = find_date(text)
    if found is not None:
        return found[0]
    return _parse_date_loosely(text)


def _parse_date_loosely(text: str) -> date | None:
    """Last resort for header values in unusual formats (dateparser, English only, full dates only)."""
    if len(text) > 60 or not re.search(r"\d{4}", text):
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return None
    try:
        parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True,
                                                                    "REQUIRE_PARTS": ["day", "month", "year"]})
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed else None


# --------------------------------------------------------------------------------------------------
# Front matter, header lines, markdown and hard wraps (plain text input)
# --------------------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_DATE_KEYS = ("date", "published", "published_time", "published_at", "date_published",
                           "datepublished", "pubdate", "publication_date", "created")
_HEADER_LINE = re.compile(
    r"^(?P<key>title|headline|date|dated|published|published on|publication date|posted|posted on|author|"
    r"authors|byline|by|source|url|link|tags|tag|category|categories|section|updated|last updated|modified|"
    r"dateline)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_HEADER_DATE_KEYS = {"date", "dated", "published", "published on", "publication date", "posted", "posted on"}
_REMOVED_BLOCKS = re.compile(
    r"<(figure|script|style|noscript|svg)\b.*?</\1\s*>|<!--.*?-->|<img\b[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•▪◦‣●]|\d{1,3}[.)])\s+(?=\S)")
_SETEXT_UNDERLINE = re.compile(r"^\s*(?:=+|-{3,})\s*$")
_BLOCKQUOTE = re.compile(r"^\s*(?:>\s?)+")
_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_IMAGE_LINK = re.compile(r"!\[[^\]]*\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"(?<!\\)\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"(?<!\\)\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|br|center|cite|code|dd|del|dfn|div|dl|dt|em|figcaption|font|h[1-6]|hr|i|"
    r"ins|kbd|li|mark|ol|p|q|s|samp|section|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|"
    r"ul|var|wbr|article|aside|header|footer|nav|main|time|picture|source)\b[^<>]*>",
    re.IGNORECASE,
)
_STRONG = re.compile(r"(?<!\\)(\*\*|__)(?=\S)(.+?)(?<=\S)(?<!\\)\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)")
_LEFTOVER_STARS = re.compile(r"(?<!\\)\*{2,}")
_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|\"'$&~^=:;])")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,6});")
_SPACES = re.compile(r"\s+")


@dataclass
class _Para:
    """A paragraph on its way through ingest."""

    text: str
    heading: bool = False


@dataclass
class _Parsed:
    """What reading the raw input found before boilerplate removal."""

    paragraphs: list[_Para]
    title: str | None = None
    published: date | None = None
    published_from: str = "none"
    removed: list[str] = field(default_factory=list)
    url: str | None = None


def _clean_url(value: object) -> str | None:
    """An http(s) address given in metadata, or None."""
    text = str(value).strip().strip("'\"") if value else ""
    return text if text.startswith(("http://", "https://")) else None


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML front matter (``---`` ... ``---`` at the very top) as a string mapping, and the rest."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    body = match.group(1)
    try:
        data = yaml.load(body, Loader=yaml.BaseLoader)  # every value stays a string: no date conversion
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        data = {}
        for line in body.splitlines():
            key, sep, value = line.partition(":")
            if sep and re.fullmatch(r"[A-Za-z_][\w -]{0,40}", key.strip()):
                data[key.strip()] = value.strip().strip("'\"")
    if not data:
        return {}, text
    flat = {str(k).strip().lower(): (v if isinstance(v, str) else "") for k, v in data.items()}
    return flat, text[match.end():]


def _clean_title(value: str | None) -> str | None:
    if not value:
        return None
    cleaned = _SPACES.sub(" ", normalize_text(_clean_inline(value)[0])).strip()
    return cleaned or None


def _take_header_lines(text: str) -> tuple[dict[str, str], str]:
    """``Key: value`` header lines at the very top (title, date, published, author...), and the rest."""
    lines = text.split("\n")
    headers: dict[str, str] = {}
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            break
        headers.setdefault(match.group("key").lower(), match.group("value").strip())
        index += 1
    if not headers:
        return {}, text
    return headers, "\n".join(lines[index:])


def _blocks(text: str) -> list[list[str]]:
    """Runs of non-blank lines (a whitespace-only line is blank), trailing whitespace removed."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _wrap_width(blocks: list[list[str]]) -> float | None:
    """The column width the text is hard-wrapped at, or None when lines are whole paragraphs.

    Judged from lines followed by another line of the same paragraph: in wrapped text each of them is
    long, and the next line's first word would not have fitted on it.
    """
    pairs = [
        (line, following)
        for block in blocks
        for line, following in zip(block, block[1:])
        if not _LIST_MARKER.match(following) and not _ATX_HEADING.match(following.strip())
    ]
    lengths = sorted(len(line) for line, _ in pairs if len(line) <= 100)
    if not lengths:
        return None
    width = lengths[min(len(lengths) - 1, int(0.75 * len(lengths)))]
    if not 40 <= width <= 100:
        return None
    overflowing = sum(1 for line, following in pairs
                      if len(line) + 1 + len(following.split()[0]) > 0.85 * width)
    return width if overflowing >= 0.6 * len(pairs) else None


_SENTENCE_END = re.compile(r"[.!?;:…][\"'”’»)\]]*$")


def _starts_lowercase(line: str) -> bool:
    stripped = line.lstrip(" \"'“‘([*_")
    return bool(stripped) and stripped[0].islower()


def _block_paragraphs(block: list[str], width: float | None,
                      credit_line: Callable[[str], bool] | None = None) -> list[_Para]:
    """Re-join one block's lines into paragraphs: list items start new ones; wrapped lines are joined.

    A line that is a photo credit and nothing else (``credit_line``) is a paragraph of its own, so
    that removing it never takes the text it follows.
    """
    paragraphs: list[list[str]] = []
    heading_flags: list[bool] = []
    in_list_item = False
    for position, raw in enumerate(block):
        line = _BLOCKQUOTE.sub("", raw)
        if _SETEXT_UNDERLINE.match(line) and paragraphs and position > 0:
            heading_flags[-1] = "=" in line or len(paragraphs[-1]) == 1
            continue
        if not paragraphs:
            paragraphs.append([line.strip()])
            heading_flags.append(False)
            in_list_item = bool(_LIST_MARKER.match(line))
            continue
        previous = paragraphs[-1][-1]
        if _LIST_MARKER.match(line) or _ATX_HEADING.match(line.strip()) or _ATX_HEADING.match(previous):
            starts_new = True
        elif credit_line is not None and (credit_line(line.strip()) or credit_line(previous)):
            starts_new = True
        elif in_list_item and raw[:1] == " ":
            starts_new = False  # indented continuation of a list item
        elif _starts_lowercase(line) and (" " in line.strip() or _SENTENCE_END.search(line)):
            starts_new = False  # a sentence going on (a lone lower-case token is more likely a file name)
        elif width is not None:
            previous_raw = block[position - 1]
            first_word = line.split()[0] if line.split() else ""
            # In wrapped text a line ends early only when the next word would not have fitted.
            starts_new = len(previous_raw) + 1 + len(first_word) <= 0.85 * width
        else:
            starts_new = True
        if starts_new:
            paragraphs.append([line.strip()])
            heading_flags.append(False)
            in_list_item = bool(_LIST_MARKER.match(line))
        else:
            paragraphs[-1].append(line.strip())
    return [_Para(" ".join(lines), heading) for lines, heading in zip(paragraphs, heading_flags)]


def _clean_inline(text: str) -> tuple[str, bool]:
    """One paragraph without markdown/HTML markup, and whether it was a markdown heading."""
    heading = False
    match = _ATX_HEADING.match(text.strip())
    if match:
        heading, text = True, match.group(2)
    text = _LIST_MARKER.sub("", text, count=1)
    if "[" in text:
        text = _IMAGE_LINK.sub("", text)
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _INLINE_TAG.sub("", text)
    if "*" in text or "_" in text:
        previous = None
        while previous != text:
            previous = text
            text = _STRONG.sub(r"\2", text)
        text = _LEFTOVER_STARS.sub("", text)
        text = _EMPHASIS_STAR.sub(r"\1", text)
        text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
    if "\\" in text:
        text = _BACKSLASH_ESCAPE.sub(r"\1", text)
    if "&" in text and _ENTITY.search(text):
        text = normalize_text(html_lib.unescape(text))
    text = _SPACES.sub(" ", text).strip()
    return text, heading


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _parse_plain_text(text: str, credit_line: Callable[[str], bool] | None = None) -> _Parsed:
    """Paragraphs and metadata of plain text or markdown (front matter, header lines, hard wraps);
    lines for which ``credit_line`` holds stay paragraphs of their own."""
    parsed = _Parsed(paragraphs=[])
    front, text = _split_front_matter(text)
    if front:
        parsed.title = _clean_title(front.get("title") or front.get("headline"))
        parsed.url = _clean_url(front.get("source_url") or front.get("url") or front.get("canonical_url"))
        for key in _FRONT_MATTER_DATE_KEYS:
            found = parse_date(front.get(key))
            if found is not None:
                parsed.published, parsed.published_from = found, "header"
                break
    headers, text = _take_header_lines(text)
    if headers:
        parsed.title = parsed.title or _clean_title(headers.get("title") or headers.get("headline"))
        parsed.url = parsed.url or _clean_url(headers.get("url") or headers.get("source"))
        if parsed.published is None:
            for key in _HEADER_DATE_KEYS:
                found = parse_date(headers.get(key))
                if found is not None:
                    parsed.published, parsed.published_from = found, "header"
                    break

    def drop_block(match: re.Match[str]) -> str:
        """Remove an embedded figure, script, style, comment or image; keep a figure's caption text."""
        element = (match.group(1) or "").lower()
        if element == "figure":
            caption = _SPACES.sub(" ", html_lib.unescape(re.sub(r"<[^>]*>", " ", match.group(0)))).strip()
            if _has_words(caption):
                parsed.removed.append(caption)
        return "\n" if element else " "  # a block element ends a line; an inline image or comment does not

    text = _REMOVED_BLOCKS.sub(drop_block, text)
    blocks = _blocks(text)
    width = _wrap_width(blocks)
    for block in blocks:
        for para in _block_paragraphs(block, width, credit_line):
            cleaned, heading = _clean_inline(para.text)
            if _has_words(cleaned):
                parsed.paragraphs.append(_Para(cleaned, heading or para.heading))
    return parsed


# --------------------------------------------------------------------------------------------------
# HTML input
# --------------------------------------------------------------------------------------------------

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_BLOCK_CLOSE = re.compile(r"</(?:p|div|body|article|section|h[1-6]|li|td)\s*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page rather than plain text or markdown with a few tags."""
    if _HTML_START.match(text[:4096]):
        return True
    head = text[:20000]
    return head.lstrip().startswith("<") and len(_HTML_BLOCK_CLOSE.findall(head)) >= 2


@lru_cache(maxsize=1)
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_BYTES + 1024))
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def _parse_html(page: str, source: str) -> _Parsed:
    """Main text (paragraph per line) and metadata of an HTML page: trafilatura, else a tag stripper."""
    parsed = _Parsed(paragraphs=[])
    text = title = found_date = None
    try:
        import trafilatura

        result = trafilatura.bare_extraction(
            page,
            url=source if source.startswith(("http://", "https://")) else None,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_tables=True,
            include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True,
                                    "max_date": date.today().isoformat()},
            config=_trafilatura_config(),
        )
    except Exception:  # trafilatura fails on some malformed pages; the tag stripper still works
        result = None
    if result is not None:
        get = result.get if isinstance(result, dict) else lambda key: getattr(result, key, None)
        text, title, found_date = get("text"), get("title"), get("date")
        parsed.url = _clean_url(get("url"))
    page_title, page_date = None, None
    if not text or not text.strip():
        stripper = _TagStripper()
        try:
            stripper.feed(page)
            stripper.close()
        except Exception:  # html.parser is lenient; this is belt and braces
            pass
        text = "\n".join(stripper.paragraphs())
        page_title = stripper.title()
        page_date = _htmldate(page, source)
    parsed.title = _clean_title(title or page_title)
    published = parse_date(found_date) or page_date
    if published is not None:
        parsed.published, parsed.published_from = published, "meta"
    for line in (text or "").split("\n"):
        cleaned, heading = _clean_inline(line)
        if _has_words(cleaned):
            parsed.paragraphs.append(_Para(cleaned, heading))
    return parsed


def _htmldate(page: str, source: str) -> date | None:
    try:
        from htmldate import find_date as htmldate_find_date

        value = htmldate_find_date(page, url=source if source.startswith("http") else None,
                                   extensive_search=False, original_date=True)
    except Exception:  # htmldate is optional here (it comes with trafilatura) and may fail on odd pages
        return None
    return parse_date(value)


class _TagStripper(HTMLParser):
    """Text of block elements of a page, skipping scripts, navigation, headers, footers and figures."""

    _SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "figure", "svg",
             "button", "select", "template", "iframe"}
    _BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article",
              "td", "th", "tr", "dd", "dt", "pre", "main", "body", "table", "ul", "ol", "br", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._skip_depth = 0
        self._chunks: list[str] = []
        self._current: list[str] = []
        self._in_title = False
        self._title: list[str] = []
        self._og_title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            values = dict(attrs)
            if (values.get("property") or values.get("name") or "").lower() == "og:title":
                self._og_title = values.get("content")
        if tag in self._BLOCK:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self.handle_starttag(tag, attrs)
        elif tag in self._BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip_depth:
            self._current.append(data)

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._current)).strip()
        if text:
            self._chunks.append(text)
        self._current = []

    def paragraphs(self) -> list[str]:
        self._flush()
        return list(self._chunks)

    def title(self) -> str | None:
        if self._og_title:
            return self._og_title
        title = _SPACES.sub(" ", "".join(self._title)).strip()
        parts = re.split(r"\s+[|–—-]\s+", title)
        return parts[0] if parts and len(parts[0].split()) >= 2 else (title or None)


# --------------------------------------------------------------------------------------------------
# Boilerplate removal
# --------------------------------------------------------------------------------------------------

_BREADCRUMB_SEPARATOR = re.compile(r"\s[|›»>/·•]\s")
_LEAD_DATELINE = re.compile(
    r"^[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?,?\s+(?P<date>[^—–]{6,40}?)\s*"
    r"(?:\([^)]{1,30}\)\s*)?(?:[—–]|--?\s)"
)
_LEADING_DATE = re.compile(r"^(?P<date>[^—–]{6,40}?)\s*(?:[—–]|--?\s)")


def _normalize_key(text: str) -> str:
    """Lower-case words only, for comparing short lines: "Share:" -> "share"."""
    return " ".join(re.findall(r"[\w'’&]+", text.casefold()))


def _words(text: str) -> int:
    return len(text.split())


def _ends_like_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


class _Classifier:
    """Judges single paragraphs against the boilerplate rules."""

    def __init__(self, rules: BoilerplateRules) -> None:
        self.rules = rules

    def is_short(self, text: str) -> bool:
        return _words(text) <= self.rules.short_line_words and not _ends_like_sentence(text)

    def is_chrome(self, text: str) -> bool:
        lowered = text.casefold()
        if _words(text) <= self.rules.short_line_words and _normalize_key(text) in self.rules.chrome_lines:
            return True
        if self.is_short(text) and any(phrase in lowered for phrase in self.rules.chrome_phrases):
            return True
        if _words(text) <= 6 and any(_normalize_key(text).startswith(_normalize_key(phrase))
                                     for phrase in self.rules.chrome_phrases):
            return True
        if _words(text) <= 25 and any(p.search(text) for p in self.rules.staff_credit_patterns):
            return True
        return self.is_tail_marker(text) or self.is_image_name(text) or self.is_breadcrumb(text)

    def is_tail_marker(self, text: str) -> bool:
        if _words(text) > self.rules.short_line_words:
            return False
        stripped = re.sub(r"^[^\w]+", "", text)
        lowered = stripped.casefold()
        for phrase, takes_name in self.rules.tail_markers:
            if not lowered.startswith(phrase):
                continue
            rest = stripped[len(phrase):]
            if not rest.strip() or re.match(r"^\s*[:|»›…>\-–—(]", rest) or rest[:1].isupper():
                return True
            if takes_name and rest[:1] == " " and not self.is_sentence_like(text):
                return True
        return False

    def is_image_name(self, text: str) -> bool:
        return " " not in text.strip() and any(p.search(text.strip()) for p in self.rules.image_name_patterns)

    def is_breadcrumb(self, text: str) -> bool:
        if not self.is_short(text) or not _BREADCRUMB_SEPARATOR.search(text):
            return False
        parts = [part for part in _BREADCRUMB_SEPARATOR.split(text) if part.strip()]
        return len(parts) >= 2 and all(_words(part) <= 4 for part in parts)

    def is_caption(self, text: str) -> bool:
        if any(p.search(text) for p in self.rules.credit_start_patterns):
            return True
        return not _ends_like_sentence(text) and any(p.search(text) for p in self.rules.credit_end_patterns)

    def is_credit_line(self, text: str) -> bool:
        """A line that is a photo credit and nothing else: "(Daily Photo/Jane Roe)", "AGENCY/Name"."""
        return any((match := p.search(text)) is not None and match.start() == 0
                   for p in self.rules.credit_end_patterns)

    def glued_credit(self, text: str, min_words: int) -> int | None:
        """Where a photo credit run on to the end of body text starts: the text before it has at least
        ``min_words`` words (and, unless ``min_words`` is 1, ends like a sentence); else None."""
        if any(p.search(text) for p in self.rules.credit_start_patterns):
            return None
        for pattern in self.rules.credit_end_patterns:
            match = pattern.search(text)
            if match is None or match.start() == 0:
                continue
            before = text[:match.start()].rstrip()
            if _words(before) >= min_words and (min_words <= 1 or _ends_like_sentence(before)):
                return match.start()
        return None

    def is_footer(self, text: str) -> bool:
        lowered = text.casefold()
        return any(phrase in lowered for phrase in self.rules.footer_phrases)

    def is_byline(self, text: str) -> bool:
        return _words(text) <= self.rules.short_line_words + 4 and any(
            p.search(text) for p in self.rules.byline_patterns)

    def is_sentence_like(self, text: str) -> bool:
        return _ends_like_sentence(text) and _words(text) >= 5

    def is_label(self, text: str) -> bool:
        return _words(text) <= 3 and not _ends_like_sentence(text)

    def kind(self, para: _Para) -> str:
        """One of: caption, chrome, footer, body, other."""
        text = para.text
        if self.is_caption(text):
            return "caption"
        if self.is_chrome(text):
            return "chrome"
        if self.is_footer(text):
            return "footer"
        if not para.heading and self.is_sentence_like(text):
            return "body"
        return "other"

    def date_line(self, text: str) -> tuple[str, date] | None:
        """("published"|"updated"|"date", date) when a short line announces a date, else None."""
        if _words(text) > self.rules.short_line_words + 4 or (self.is_sentence_like(text) and _words(text) > 12):
            return None
        found = find_date(text)
        if found is None:
            return None
        lowered = _normalize_key(text)
        for word in self.rules.updated_words:
            if lowered.startswith(word + " "):
                return ("updated", found[0])
        for word in self.rules.published_words:
            if lowered.startswith(word + " "):
                return ("published", found[0])
        start, end = found[1]
        leftover = text[:start] + " " + text[end:]
        if _DATE_LINE_LEFTOVER.match(leftover):
            return ("date", found[0])
        if self.is_byline(text) or (_BREADCRUMB_SEPARATOR.search(text) and self.is_short(text)):
            return ("date", found[0])
        return None


def _same_text(a: str, b: str | None) -> bool:
    return bool(b) and _normalize_key(a) == _normalize_key(b or "")


@dataclass
class _Cleaned:
    paragraphs: list[str]
    removed: list[str]
    title: str | None
    published: date | None
    published_from: str


def _find_tail_cut(paras: list[_Para], kinds: list[str], body_start: int, kickers: set[str],
                   judge: _Classifier) -> int | None:
    """Index from which the page is teasers of other articles and footer, or None if it never turns."""
    limit = judge.rules.max_teaser_paragraphs
    count = len(paras)

    def is_tail_start(index: int) -> bool:
        text = paras[index].text
        return (judge.is_tail_marker(text) or judge.is_breadcrumb(text)
                or (judge.is_short(text) and _normalize_key(text) in kickers))

    # For every position, what follows it: the longest run of body paragraphs, how many there are, and
    # whether any caption, chrome or footer comes later (computed once, from the end).
    longest_run, body_total, signal_after = [0] * (count + 1), [0] * (count + 1), [False] * (count + 1)
    run = 0
    for k in range(count - 1, -1, -1):
        run = run + 1 if kinds[k] == "body" else 0
        longest_run[k] = max(longest_run[k + 1], run)
        body_total[k] = body_total[k + 1] + (kinds[k] == "body")
        signal_after[k] = signal_after[k + 1] or kinds[k] in ("caption", "chrome", "footer")

    def teaser_like_after(index: int) -> bool:
        """No long stretch of body text follows, and either little body text or more page furniture."""
        nxt = index + 1
        return longest_run[nxt] <= limit and (body_total[nxt] <= limit or signal_after[nxt])

    for marker in range(body_start + 1, count):
        if not is_tail_start(marker) or not teaser_like_after(marker):
            continue
        first_allowed = body_start + 1
        k = marker
        while k - 1 >= first_allowed and kinds[k - 1] != "body":
            k -= 1
        if k < marker:
            return k
        # The marker follows body-like text: it may be the text of a teaser card under its headline.
        j, taken = marker, 0
        while j - 1 >= first_allowed and kinds[j - 1] == "body" and taken < limit:
            j -= 1
            taken += 1
        h = j
        while h - 1 >= first_allowed and kinds[h - 1] != "body":
            h -= 1
        head = range(h, j)
        has_headline = any(kinds[i] == "other" and not judge.is_label(paras[i].text) for i in head)
        has_card_part = any(kinds[i] in ("caption", "chrome") or judge.is_label(paras[i].text) for i in head)
        if h < j and has_headline and has_card_part:
            return h
        return marker
    return None


def _strip_signoff(para: _Para, pattern: re.Pattern[str]) -> tuple[_Para, str | None]:
    """The paragraph without a trailing sign-off ("... relations? —The Editors"), and the sign-off."""
    match = pattern.search(para.text)
    if not match or match.start() == 0:
        return para, None
    return _Para(para.text[:match.start()].rstrip(), para.heading), para.text[match.start():].strip()


def _choose_title(paras: list[_Para], kinds: list[str], body_start: int, judge: _Classifier) -> int | None:
    """Index of the headline among the lines above the body, or None."""
    candidates = [i for i in range(body_start)
                  if kinds[i] == "other" and _words(paras[i].text) <= 30 and not paras[i].text.endswith(".")
                  and not judge.is_byline(paras[i].text) and judge.date_line(paras[i].text) is None]
    def section_label(text: str) -> bool:  # "Middle East", "Analysis": short and every word capitalised
        return _words(text) <= 3 and all(word[:1].isupper() or not word[:1].isalpha() for word in text.split())

    # The headline is the first such line, skipping a section label above it when a headline follows.
    return next((i for i in candidates if not section_label(paras[i].text)),
                candidates[0] if candidates else None)


def _lead_dateline(paragraphs: list[str]) -> date | None:
    """The date of a dateline opening one of the first paragraphs ("OSLO, June 3, 2024 — ...")."""
    for text in paragraphs[:3]:
        for pattern in (_LEAD_DATELINE, _LEADING_DATE):
            match = pattern.match(text)
            if not match:
                continue
            written = match.group("date").rstrip(" ,(")
            found = find_date(written)
            if found is not None and found[1][1] >= len(written) - 1:  # the date ends the dateline
                return found[0]
    return None


def _strip_boilerplate(paras: list[_Para], title: str | None, rules: BoilerplateRules) -> _Cleaned:
    """Body paragraphs of a page, with chrome, captions, teasers and footer removed; title and dateline."""
    judge = _Classifier(rules)
    removed: list[tuple[int, str]] = []  # (paragraph index, text): reported in reading order
    if rules.signoff_pattern is not None:
        for index, para in enumerate(paras):
            paras[index], signoff = _strip_signoff(para, rules.signoff_pattern)
            if signoff:
                removed.append((index, signoff))
    for index, para in enumerate(paras):  # "... in the spring. (Daily Photo/Jane Roe)": keep the text
        cut = judge.glued_credit(para.text, rules.glued_credit_words)
        if cut is not None:
            paras[index] = _Para(para.text[:cut].rstrip(), para.heading)
            removed.append((index, para.text[cut:].strip()))
    published: date | None = None
    published_from = "none"
    kinds = [judge.kind(p) for p in paras]
    if (title is None and len(paras) > 1 and kinds[0] == "body" and _words(paras[0].text) <= 15
            and paras[0].text.rstrip("”’\"')").endswith(("?", "!"))):
        kinds[0] = "other"  # a headline that asks or exclaims
    body_start = next((i for i, k in enumerate(kinds) if k == "body"), None)
    has_body = body_start is not None

    end = len(paras)
    title_index = None
    if body_start is not None:
        # Short lines above the body (kickers, labels) that come back after it mark the teaser section.
        kickers = {_normalize_key(p.text) for i, p in enumerate(paras[:body_start])
                   if judge.is_short(p.text) and not _same_text(p.text, title)
                   and (kinds[i] == "chrome" or judge.is_label(p.text))}
        cut = _find_tail_cut(paras, kinds, body_start, kickers, judge)
        if cut is not None:
            removed.extend((i, paras[i].text) for i in range(cut, end))
            end = cut
        if title is None:
            title_index = _choose_title(paras, kinds, body_start, judge)
            title = paras[title_index].text if title_index is not None else None

    kept: list[tuple[int, str]] = []
    for index in range(end):
        text, kind = paras[index].text, kinds[index]
        before_body = body_start is None or index < body_start
        if index == title_index:
            continue
        dated = judge.date_line(text) if kind in ("other", "chrome") else None
        if dated is not None and (before_body or index < _DATE_SEARCH_PARAGRAPHS or dated[0] == "updated"):
            how, found = dated
            if how != "updated" and published is None:
                published = found
                published_from = "header" if re.match(r"^\s*\w[\w ]*:", text) else "dateline"
            removed.append((index, text))
            continue
        if kind in ("caption", "chrome"):
            removed.append((index, text))
            continue
        # Above the first body paragraph, headline-style lines are page furniture: kickers, labels,
        # bylines, and the standfirst (which only restates the body). Sentences and clauses stay.
        furniture = (before_body and has_body and _words(text) <= 40
                     and not _SENTENCE_END.search(text) and not text.endswith(","))
        if furniture or (_same_text(text, title) and not kept):
            removed.append((index, text))
            continue
        kept.append((index, text))

    # Footer: whatever chrome-like or promotional text is left at the very end.
    while len(kept) > 1 and any(test(kept[-1][1]) for test in (judge.is_footer, judge.is_label,
                                                                 judge.is_chrome, judge.is_caption)):
        removed.append(kept.pop())

    if published is None:
        published = _lead_dateline([text for _, text in kept])
        published_from = "dateline" if published is not None else "none"
    removed.sort(key=lambda item: item[0])
    return _Cleaned([text for _, text in kept], [text for _, text in removed], title, published,
                    published_from)


def _keep_article(paras: list[_Para], title: str | None, rules: BoilerplateRules) -> _Cleaned:
    """The text of a page the boilerplate rules would remove whole, with only clear chrome dropped.

    Removing page furniture must never remove the article: when every paragraph of a text looks
    like furniture (a one-paragraph article whose last line, a photo credit, was joined to it; a
    short item with no full stop), this keeps every paragraph except chrome, footers and credit
    lines, and cuts a trailing photo credit off the paragraph it ends.
    """
    judge = _Classifier(rules)
    kept: list[str] = []
    removed: list[str] = []
    for para in paras:
        text = para.text
        cut = judge.glued_credit(text, 1)
        if cut is not None:
            removed.append(text[cut:].strip())
            text = text[:cut].rstrip()
        if judge.is_chrome(text) or judge.is_footer(text) or judge.is_caption(text) or \
                judge.date_line(text) is not None or _same_text(text, title):
            removed.append(text)
            continue
        kept.append(text)
    return _Cleaned(kept, removed, title, _lead_dateline(kept), "dateline" if _lead_dateline(kept) else "none")


# --------------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------------


def document_from_text(
    raw: str,
    source: str = "",
    published: date | None = None,
    html: bool | None = None,
    rules: BoilerplateRules | None = None,
) -> Document:
    """The Document of one text or HTML page given as a string (``html=None``: decide by looking).

    ``published`` overrides any date found in the text. Raises ``InputError`` when the text is empty,
    too large, or holds no article text once boilerplate is removed.
    """
    label = source or "text"
    if len(raw) > MAX_BYTES:
        raise _size_error(label, len(raw.encode("utf-8", "replace")))
    text = normalize_text(_without_surrogates(raw, label))
    if not text.strip():
        raise InputError(f"{label}: empty file" if source else "empty text")
    if html is None:
        html = looks_like_html(text)
    rules = rules or load_boilerplate_rules()
    parsed = _parse_html(text, source) if html else _parse_plain_text(text, _Classifier(rules).is_credit_line)
    cleaned = _strip_boilerplate(list(parsed.paragraphs), parsed.title, rules)
    if not cleaned.paragraphs:  # all of it looked like furniture: keep the article, drop clear chrome
        cleaned = _keep_article(parsed.paragraphs, parsed.title, rules)
    if not cleaned.paragraphs:
        raise InputError(f"{label}: no article text found")
    body = "\n\n".join(cleaned.paragraphs)
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in cleaned.paragraphs:
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    if published is not None:
        when, how = published, "option"
    elif parsed.published is not None:
        when, how = parsed.published, parsed.published_from
    else:
        when, how = cleaned.published, cleaned.published_from
    return Document.from_text(
        body,
        source=source,
        title=cleaned.title,
        published=when,
        published_from=how if when is not None else "none",
        removed=parsed.removed + cleaned.removed,
        paragraphs=spans,
        url=parsed.url or _clean_url(source),
        turns=detect_turns(body, spans),
    )
