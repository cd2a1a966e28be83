#!/usr/bin/env python3
"""Writes data/iso3166-translations.csv: the French, Spanish and Portuguese names of the ISO 3166-1
countries in data/iso3166.csv, read from the compiled translations of Debian's iso-codes package
(/usr/share/locale/<lang>/LC_MESSAGES/iso_3166-1.mo, domain iso_3166-1, keyed by the English short name).
A country whose name has no translation in a language gets an empty cell: nothing is translated by hand.

Run from the repository root: python3 packages/codelists/scripts/iso3166-translations.py
"""
import csv
import gettext
import sys

LANGS = ["fr", "es", "pt"]
DATA = "packages/codelists/data"

catalogs = {}
for lang in LANGS:
    path = f"/usr/share/locale/{lang}/LC_MESSAGES/iso_3166-1.mo"
    with open(path, "rb") as f:
        catalogs[lang] = gettext.GNUTranslations(f)

with open(f"{DATA}/iso3166.csv", newline="", encoding="utf-8") as f:
    countries = list(csv.DictReader(f))

missing = {lang: 0 for lang in LANGS}
with open(f"{DATA}/iso3166-translations.csv", "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["alpha3", *LANGS])
    for row in countries:
        names = []
        for lang in LANGS:
            # gettext returns the English text itself when there is no translation: keep that empty.
            text = catalogs[lang].gettext(row["name"])
            if text == row["name"] and catalogs[lang]._catalog.get(row["name"]) is None:
                text = ""
                missing[lang] += 1
            names.append(text)
        out.writerow([row["alpha3"], *names])
print(f"{len(countries)} countries; untranslated: {missing}", file=sys.stderr)
