"""Regenerate ontology/gazetteers/admin_divisions.tsv from the NBS 2023 division list.

Usage: python scripts/build_admin_gazetteer.py [CORPUS_DIR] [OUT]
CORPUS_DIR defaults to ../shared/corpora/china-admin-divisions (WTFPL, see its README).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADER = """\
# Administrative divisions of the PRC: province, prefecture, county and township names.
# Source: National Bureau of Statistics 统计用区划代码和城乡划分代码 2023, as packaged by
# modood/Administrative-divisions-of-China (WTFPL), staged in ../shared/corpora/china-admin-divisions.
# Regenerate with: python scripts/build_admin_gazetteer.py
# Columns: name, level (province|city|county|township), city (parent prefecture), province
"""
# Placeholder rows of the NBS list that are not names of places.
SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def rows(corpus: Path):
    provinces = {r["code"]: r["name"] for r in csv.DictReader(open(corpus / "provinces.csv", encoding="utf-8"))}
    cities = {}
    for r in csv.DictReader(open(corpus / "cities.csv", encoding="utf-8")):
        cities[r["code"]] = r["name"]
        if r["name"] not in SKIP:
            yield r["name"], "city", "", provinces[r["provinceCode"]]
    for name in provinces.values():
        yield name, "province", "", ""
    for r in csv.DictReader(open(corpus / "areas.csv", encoding="utf-8")):
        city = cities.get(r["cityCode"], "")
        yield r["name"], "county", "" if city in SKIP else city, provinces[r["provinceCode"]]
    for r in csv.DictReader(open(corpus / "streets.csv", encoding="utf-8")):
        # Towns, townships and subdistricts by their full names (…镇, …乡, …街道); the NBS
        # placeholders (…办事处, …管委会) are not places a reader would name.
        if r["name"].endswith(("镇", "乡", "街道")):
            city = cities.get(r["cityCode"], "")
            yield r["name"], "township", "" if city in SKIP else city, provinces[r["provinceCode"]]


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared/corpora/china-admin-divisions"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "ontology/gazetteers/admin_divisions.tsv"
    seen, lines = set(), []
    for row in rows(corpus):
        if row[0] in SKIP or row in seen:
            continue
        seen.add(row)
        lines.append("\t".join(row))
    tmp = out.with_suffix(".tmp")
    tmp.write_text(HEADER + "\n".join(sorted(set(lines), key=lambda l: (l.split("\t")[1], l))) + "\n", encoding="utf-8")
    tmp.replace(out)
    print(f"{out}: {len(lines)} rows")


if __name__ == "__main__":
    main()
