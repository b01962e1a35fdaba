"""Documents the pages hand out rather than show: the registers as CSV and XLSX, and the
printable PDFs (a project's fiche, a meeting's minutes) with the fonts that carry Georgian."""
