"""A donor's IATI file of a large publisher's shape, generated: titles in two languages,
original and revised budgets by quarter, commitments and disbursements, several countries."""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

COUNTRIES = ["GE", "AM", "AZ", "UA", "MD", "AL", "RS", "BA", "TR", "KG"]
SECTORS = ["15110", "15130", "15210", "12220", "14030", "43010", "31120", "23210"]


def _activity(n: int, rng: random.Random) -> str:
    countries = rng.sample(COUNTRIES, rng.randint(1, 3))
    year = 2015 + n % 10
    budgets = []
    for quarter in range(4):
        start = f"{year}-{1 + 3 * quarter:02d}-01"
        end = f"{year}-{3 + 3 * quarter:02d}-{30 if quarter in (1, 2) else 31}"
        amount = rng.randint(10_000, 900_000)
        budgets.append(
            f'<budget type="1" status="1"><period-start iso-date="{start}"/>'
            f'<period-end iso-date="{end}"/><value value-date="{start}">{amount}</value></budget>'
        )
        if quarter % 2:
            budgets.append(
                f'<budget type="2" status="2"><period-start iso-date="{start}"/>'
                f'<period-end iso-date="{end}"/><value value-date="{start}">'
                f"{amount + 5_000}.50</value></budget>"
            )
    transactions = []
    for t in range(12):
        kind = "2" if t < 2 else "3"
        transactions.append(
            f'<transaction><transaction-type code="{kind}"/>'
            f'<transaction-date iso-date="{year}-{1 + t % 12:02d}-15"/>'
            f'<value value-date="{year}-{1 + t % 12:02d}-15">{rng.randint(1_000, 400_000)}</value>'
            f"<description><narrative>Payment {t} of activity {n}</narrative></description>"
            f'<provider-org ref="XM-BENCH-1"><narrative>Bench Donor</narrative></provider-org>'
            f'<receiver-org ref="GE-BENCH-{n % 50}"><narrative>Ministry unit {n % 50}</narrative>'
            f"</receiver-org></transaction>"
        )
    title = escape(f"Support to public administration reform & services, phase {n}")
    return (
        f'<iati-activity default-currency="EUR" xml:lang="en" '
        f'last-updated-datetime="2026-10-01T00:00:00Z">'
        f"<iati-identifier>XM-BENCH-1-{n:06d}</iati-identifier>"
        f'<reporting-org ref="XM-BENCH-1" type="10"><narrative>Bench Donor</narrative>'
        f'<narrative xml:lang="fr">Donateur</narrative></reporting-org>'
        f"<title><narrative>{title}</narrative>"
        f'<narrative xml:lang="ka">საჯარო მმართველობის რეფორმა {n}</narrative></title>'
        f'<description type="1"><narrative>{escape("Long description " * 20)}</narrative>'
        f"</description>"
        f'<participating-org role="1" ref="XM-BENCH-1" type="10"><narrative>Bench Donor'
        f"</narrative></participating-org>"
        f'<participating-org role="4" type="10"><narrative>Implementer {n % 90}'
        f"</narrative></participating-org>"
        f'<activity-status code="{1 + n % 4}"/>'
        f'<activity-date type="1" iso-date="{year}-01-01"/>'
        f'<activity-date type="3" iso-date="{year + 2}-12-31"/>'
        + "".join(
            f'<recipient-country code="{c}" percentage="{100 // len(countries)}"/>'
            for c in countries
        )
        + "".join(
            f'<sector vocabulary="1" code="{s}" percentage="50"/>' for s in rng.sample(SECTORS, 2)
        )
        + "".join(budgets)
        + "".join(transactions)
        + "</iati-activity>\n"
    )


def write(path: Path, count: int, seed: int = 11) -> int:
    """Write ``count`` activities to ``path``; returns the file's size in bytes."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<iati-activities version="2.03" generated-datetime="2026-10-01T00:00:00Z">\n')
        for n in range(count):
            out.write(_activity(n, rng))
        out.write("</iati-activities>\n")
    return path.stat().st_size


def write_one_large_activity(path: Path, transactions: int) -> int:
    """One activity carrying ``transactions`` transactions (a programme's whole ledger)."""
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">')
        out.write('<iati-activity default-currency="EUR" xml:lang="en">')
        out.write("<iati-identifier>XM-BENCH-1-LEDGER</iati-identifier>")
        out.write("<title><narrative>A programme's whole ledger</narrative></title>")
        for n in range(transactions):
            out.write(
                f'<transaction><transaction-type code="{2 if n % 50 == 0 else 3}"/>'
                f'<transaction-date iso-date="2020-01-01"/><value value-date="2020-01-01">'
                f"{1000 + n % 997}</value><description><narrative>Payment {n}</narrative>"
                "</description></transaction>\n"
            )
        out.write("</iati-activity></iati-activities>\n")
    return path.stat().st_size
