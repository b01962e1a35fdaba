"""A4 documents in Georgian or English: the fonts that carry Georgian, a numbered footer, and
the two shapes every printed page here is made of, a paragraph and a table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONTS = Path(__file__).resolve().parent / "fonts"
HEADING = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))


class Document(FPDF):
    def __init__(self, *, title: str, language: str, page_label: str) -> None:
        super().__init__(format="A4")
        self.page_label = page_label
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_lang(language)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 8, f"{self.page_label} {self.page_no()}/{{nb}}", align="C")

    def paragraph(
        self, text: str, *, size: float = 10, bold: bool = False, gap: float = 1.5
    ) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def grid(
        self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        self.set_font("DejaVu", size=8.5)
        with self.table(
            col_widths=tuple(widths), headings_style=HEADING, line_height=4.5, text_align="LEFT"
        ) as table:
            table.row(list(headings))
            for row in rows:
                table.row(list(row))
        self.ln(3)

    def bytes(self) -> bytes:
        return bytes(self.output())
