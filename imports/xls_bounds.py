"""The measuring of an XLS (Excel 97–2003) file before python-calamine reads it.

An XLS is a compound file: a small file system of sectors chained through an allocation
table, holding a "Workbook" stream of BIFF records. python-calamine reads every sheet when
the file is opened, and trusts what the file says of itself, so a file of a few KB can make
it loop forever, reserve gigabytes or spread two cells over a rectangle of millions. The scan
walks the file the way the reader will, keeping nothing but counts, and refuses:

1. a header whose table sizes do not fit the file, or whose hint for the allocation table
   would reserve more than any workbook needs;
2. a chain of sectors that loops, or leads out of the file or past the allocation table;
3. in the Workbook stream: a sheet that starts outside it, a cell past column MAX_COLUMNS,
   filled rows further apart than MAX_SPAN_ROWS, a declared sheet size past Excel's own, more
   cells or shared strings than MAX_TABLE_ELEMENTS, more other records than
   MAX_OTHER_ELEMENTS.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.errors import ActionBlocked
from imports.file_bounds import (
    MAX_COLUMNS,
    MAX_OTHER_ELEMENTS,
    MAX_ROWS,
    MAX_SPAN_ROWS,
    MAX_TABLE_ELEMENTS,
    too_many_columns,
    too_many_rows,
    unreadable_as,
)

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END_OF_CHAIN = 0xFFFFFFFE
RESERVED_SECTORS = 0xFFFFFFFA
DIFAT_SECTOR = 0xFFFFFFFC
MINI_SECTOR = 64
MINI_STREAM_CUTOFF = 4096
STREAM_NAMES = ("Workbook", "Book", "WORKBOOK", "BOOK")
# python-calamine reserves this many table entries from a misread header field; ordinary
# files give 65535 or 131071.
MAX_DIFAT_HINT = 1 << 24
# A BIFF8 sheet's own size: 65536 rows of 256 columns.
SHEET_CELLS = 65536 * 256
BOF, EOF, CONTINUE = 0x0809, 0x000A, 0x003C
BOUNDSHEET, SST, DIMENSIONS, MULRK, FORMULA_STRING = 0x0085, 0x00FC, 0x0200, 0x00BD, 0x0207
# Number, Label, RString, BoolErr, Rk, LabelSst, Formula: row and column come first.
CELL_RECORDS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006})


def unreadable() -> ActionBlocked:
    return unreadable_as("XLS")


def _u16(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 2], "little")


def _u32(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 4], "little")


def refuse_unbounded_xls(content: bytes) -> None:
    """Raise ActionBlocked, with the reason, for an XLS that costs more to read than any
    register file needs; return quietly for one that python-calamine may read."""
    _scan_biff(_workbook_stream(content))


class _Compound:
    """The sectors of a compound file, read as python-calamine reads them."""

    def __init__(self, content: bytes) -> None:
        if len(content) < 512 or content[:8] != SIGNATURE:
            raise unreadable()
        shift = _u16(content, 30)
        if shift not in (9, 12) or _u16(content, 32) != 6:
            raise unreadable()
        self.content = content
        self.size = 1 << shift
        self.last_sector = len(content) // self.size
        fat_sectors, mini_fat_sectors = _u32(content, 44), _u32(content, 64)
        # Step 1. The reader takes its DIFAT size hint from bytes 62..66 (two fields' halves).
        if (
            fat_sectors > self.last_sector + 1
            or mini_fat_sectors > self.last_sector + 1
            or _u32(content, 62) > MAX_DIFAT_HINT
        ):
            raise unreadable()
        self.fat = self._fat(difat=[_u32(content, 76 + 4 * n) for n in range(109)])

    def sector(self, number: int) -> bytes:
        if number > self.last_sector:
            raise unreadable()
        start = (number + 1) * self.size  # sector 0 follows the header
        return self.content[start : start + self.size]

    def _fat(self, difat: list[int]) -> list[int]:
        # Step 2: the DIFAT chain, each sector's last entry naming the next.
        number, seen = _u32(self.content, 68), set()
        while number < RESERVED_SECTORS:
            if number in seen:
                raise unreadable()
            seen.add(number)
            entries = _entries(self.sector(number))
            difat.extend(entries)
            number = difat.pop() if difat else END_OF_CHAIN
        fat: list[int] = []
        for number in difat:
            if number < DIFAT_SECTOR:
                fat.extend(_entries(self.sector(number)))
        return fat

    def chain(self, start: int, length: int, table: list[int], mini: bytes | None = None) -> bytes:
        """A stream of ``length`` bytes (python-calamine stops there) from sector ``start``."""
        pieces, read, number, seen = [], 0, start, set()
        while number != END_OF_CHAIN and read < length:
            if number in seen:
                raise unreadable()
            seen.add(number)
            if mini is None:
                piece = self.sector(number)
            else:
                if number * MINI_SECTOR > len(mini):
                    raise unreadable()
                piece = mini[number * MINI_SECTOR : (number + 1) * MINI_SECTOR]
            pieces.append(piece[: length - read])
            read += len(pieces[-1])
            if read >= length:
                break
            if number >= len(table):  # the reader would index past its table and panic
                raise unreadable()
            number = table[number]
        return b"".join(pieces)


def _entries(sector: bytes) -> list[int]:
    return [_u32(sector, at) for at in range(0, len(sector) - 3, 4)]


def _workbook_stream(content: bytes) -> bytes:
    cfb = _Compound(content)
    unlimited = len(content) + cfb.size
    directory = cfb.chain(_u32(content, 48), unlimited, cfb.fat)
    entries = []
    for at in range(0, len(directory) - 127, 128):
        entry = directory[at : at + 128]
        name = entry[:64].decode("utf-16-le", errors="replace").split("\x00")[0]
        length = _u32(entry, 120) if cfb.size == 512 else int.from_bytes(entry[120:128], "little")
        entries.append((name, _u32(entry, 116), length))
    if not entries:
        raise unreadable()
    mini, mini_fat = b"", []
    if _u32(content, 64):
        _name, root_start, root_length = entries[0]
        mini = cfb.chain(root_start, min(root_length, unlimited), cfb.fat)
        mini_fat = _entries(cfb.chain(_u32(content, 60), _u32(content, 64) * cfb.size, cfb.fat))
    for wanted in STREAM_NAMES:
        for name, start, length in entries:
            if name == wanted:
                if length < MINI_STREAM_CUTOFF:
                    return cfb.chain(start, length, mini_fat, mini=mini)
                return cfb.chain(start, min(length, unlimited), cfb.fat)
    raise unreadable()


@dataclass
class _Record:
    kind: int
    data: bytes
    continues: list[bytes] = field(default_factory=list)


def _records(stream: bytes, at: int = 0) -> Iterator[_Record]:
    """BIFF records from ``at``, each with the CONTINUE records after it, as the reader
    splits them."""
    while at < len(stream):
        if len(stream) - at < 4:
            raise unreadable()
        kind, length = struct.unpack_from("<HH", stream, at)
        if len(stream) - at - 4 < length:
            raise unreadable()
        record = _Record(kind, stream[at + 4 : at + 4 + length])
        at += 4 + length
        while len(stream) - at > 4 and _u16(stream, at) == CONTINUE:
            length = _u16(stream, at + 2)
            if len(stream) - at - 4 < length:
                raise unreadable()
            record.continues.append(stream[at + 4 : at + 4 + length])
            at += 4 + length
        yield record


def _shared_strings(record: _Record) -> int:
    """How many strings the reader will hold for an SST record (MS-XLS 2.4.265)."""
    data, rest, count = record.data[8:], list(record.continues), 0

    def more() -> bytes:
        if not rest:
            raise unreadable()
        return rest.pop(0)

    while data or rest:
        if not data:
            data = more()
        if len(data) < 3:
            raise unreadable()
        characters, flags = _u16(data, 0), data[2]
        data = data[3:]
        runs = extra = 0
        if flags & 0x8:
            runs, data = _u16(data, 0), data[2:]
        if flags & 0x4:
            extra, data = _u32(data, 0), data[4:]
        wide = flags & 0x1
        while characters:
            taken = min(characters, len(data) // (2 if wide else 1))
            data = data[taken * (2 if wide else 1) :]
            characters -= taken
            if characters:
                data = more()
                wide, data = data[0] & 0x1, data[1:]
        skip = runs * 4 + extra
        while skip:
            if not data:
                data = more()
            step = min(skip, len(data))
            data, skip = data[step:], skip - step
        count += 1
        if count > MAX_TABLE_ELEMENTS:
            raise _too_much()
    return count


def _too_much() -> ActionBlocked:
    return ActionBlocked(
        _(
            "The workbook holds more cells or formatting than a register of %(rows)s "
            "rows needs. Split the file, or save it again from the spreadsheet as a "
            "plain table."
        )
        % {"rows": MAX_ROWS}
    )


class _Count:
    def __init__(self) -> None:
        self.cells = 0
        self.records = 0

    def record(self) -> None:
        self.records += 1
        if self.records > MAX_TABLE_ELEMENTS + MAX_OTHER_ELEMENTS:
            raise _too_much()

    def cell(self, row: int, column: int, rows: list[int]) -> None:
        self.cells += 1
        if self.cells > MAX_TABLE_ELEMENTS:
            raise _too_much()
        if column >= MAX_COLUMNS:
            raise too_many_columns(row + 1)
        rows[0], rows[1] = min(rows[0], row), max(rows[1], row)
        if rows[1] - rows[0] >= MAX_SPAN_ROWS:
            raise too_many_rows()


def _scan_biff(stream: bytes) -> None:
    # Step 3. The workbook's globals run to their EOF; each sheet starts where its BOUNDSHEET
    # says, and python-calamine reads it from there to its own EOF, skipping nested charts.
    count, sheets, strings = _Count(), [], 0
    for record in _records(stream):
        count.record()
        if record.kind == BOUNDSHEET:
            if len(record.data) < 8:
                raise unreadable()
            sheets.append(_u32(record.data, 0))
        elif record.kind == SST:
            strings += _shared_strings(record)
        elif record.kind == EOF:
            break
    if strings > MAX_TABLE_ELEMENTS:
        raise _too_much()
    for start in sheets:
        if start > len(stream):
            raise unreadable()
        rows = [MAX_SPAN_ROWS * 1000, -1]  # the first and the last filled row
        depth, seen_bof = 0, False
        for record in _records(stream, start):
            count.record()
            if depth:
                depth += {BOF: 1, EOF: -1}.get(record.kind, 0)
                continue
            if record.kind == BOF:
                depth, seen_bof = (1, seen_bof) if seen_bof else (0, True)
            elif record.kind == EOF:
                break
            elif record.kind == DIMENSIONS:
                _refuse_declared_size(record.data)
            elif record.kind in CELL_RECORDS and len(record.data) >= 4:
                count.cell(_u16(record.data, 0), _u16(record.data, 2), rows)
            elif record.kind == MULRK and len(record.data) >= 6:
                row, first = _u16(record.data, 0), _u16(record.data, 2)
                last = _u16(record.data, len(record.data) - 2)
                if last < first:
                    raise unreadable()
                for column in range(first, min(last, first + MAX_COLUMNS) + 1):
                    count.cell(row, column, rows)


def _refuse_declared_size(data: bytes) -> None:
    """The reader reserves room for the size a sheet declares, before any cell."""
    if len(data) == 10:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", data)
    elif len(data) == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", data)
    else:
        return  # the reader refuses it
    if first_column > 0xFF or last_column < first_column:
        first_column = 0
    if last_row >= 1 and last_column >= 1:
        rows, columns = last_row - first_row, last_column - first_column
    else:
        rows, columns = 1, 1
    if rows < 1 or columns < 1 or rows * columns > SHEET_CELLS:
        raise unreadable()
