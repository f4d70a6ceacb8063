#!/usr/bin/env python3
"""Build tekort's compact derived dataset (data/*.csv) from the raw public data.

Usage:
    python3 scripts/build_dataset.py [--shared ../shared/data] [--out data] [--check]

Inputs are the read-only raw files of DUO, CBS and OCW (CC-BY 4.0) in
--shared (default: <repo>/../shared/data). Every output CSV is rebuilt from
scratch, deterministically: comma-separated, UTF-8 without BOM, LF line
endings, a header row, minimal quoting, rows in a stated sort order. Each file
is written atomically (temporary file + os.replace).

--check rebuilds everything into a temporary directory and compares it byte
for byte with the files in --out; it exits non-zero and lists the files that
differ, so CI can prove that data/ is reproducible.

Standard library only. Every assumption (suppression conventions, the
municipal successor map, unplaceable records) is printed in the summary and
documented in data/README.md.
"""

import argparse
import csv
import hashlib
import os
import sys
import tempfile
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "data"

# ---------------------------------------------------------------------------
# Input files (relative to --shared)
# ---------------------------------------------------------------------------
F_GEM2026 = "cbs/gemeente_corop_arbeidsmarktregio_2026.csv"
F_WOONPLAATS = "cbs/woonplaats_gemeente_corop.csv"
F_BEVDYN = "cbs/bevolkingsdynamiek_regio_2012_2023.csv"
F_PO_PUPILS = "duo/po_leerlingen_per_vestiging_1996_2025.csv"
F_PO_STAFF = "duo/po_personeel_personen_per_instelling_2011_2025.csv"
F_PO_BO_ADDR = "duo/po_vestigingen_bo.csv"
F_PO_SO_ADDR = "duo/po_vestigingen_sbo_so_vso.csv"
F_VO = {2024: "duo/vo_leerlingen_per_vestiging_2024.csv",
        2025: "duo/vo_leerlingen_per_vestiging_2025.csv"}
F_SHORTAGE = "published/tekort_leraren_pct_per_arbeidsmarktregio_ocwincijfers.csv"
F_SECTOR = "published/tekort_po_landelijk_per_sector_ocwincijfers.csv"
F_INTAKE = "published/ocw_instroom_lerarenopleidingen_2011_2023.csv"
F_DIPLOMAS = "published/ocw_diplomas_lerarenopleidingen_2010_2021_x1000.csv"
F_AGE = "published/stamos_po_fte_leeftijdsverdeling_pct_2009_2016.csv"

# ---------------------------------------------------------------------------
# Reference figures the build must reproduce (from ../shared/data/README.md)
# ---------------------------------------------------------------------------
# National BO (regular primary) pupil totals stated in the raw-data README.
# They decide the convention for suppressed cells '<5' in the pupil file.
README_BO_TOTALS = {1996: 1501046, 2015: 1443069, 2025: 1356911}
# National po staff sums (persons) stated in the raw-data README; the staff
# convention for '*' (PO_STAFF_SUPPRESSED) reproduces them.
README_STAFF_TOTALS = {2011: 183003, 2017: 168798, 2022: 191379, 2025: 187007}
# National vo pupil totals stated in the raw-data README: must be reproduced.
README_VO_TOTALS = {2024: 929504, 2025: 919819}

PO_PUPIL_YEARS = list(range(1996, 2026))
PO_STAFF_YEARS = list(range(2011, 2026))
CBS_YEARS = list(range(2012, 2024))
TRAINING_YEARS = list(range(2010, 2024))

# A suppressed staff cell ('*', a small count 1..4) is counted as 0 persons,
# the convention of DUO's own published national sums (as for pupils).
PO_STAFF_SUPPRESSED = 0

EXPECTED_PROVINCES = {
    "Groningen", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
}
FRIESLAND_SPELLINGS = {"Friesland", "Fryslân"}

# ---------------------------------------------------------------------------
# Municipal successor map: explicit knowledge, used only where data-driven
# matching (woonplaats name) cannot decide. Keys: old municipality name.
# ---------------------------------------------------------------------------
# Municipalities split over several successors. The whole old municipality is
# assigned to the successor that took the largest part (by population). Value:
# (chosen successor, all 2026 successors, year the split took effect). The
# script re-checks the choice against CBS population (implied transfers in the
# split year) and fails if another candidate took more.
SPLITS = {
    # 2014: Grou and surrounding villages -> Leeuwarden; Akkrum, Aldeboarn and
    # others -> Heerenveen; small parts -> Súdwest-Fryslân, De Friese Meren
    # (now De Fryske Marren).
    "Boarnsterhim": ("Leeuwarden", ("Leeuwarden", "Heerenveen", "Súdwest-Fryslân", "De Fryske Marren"), 2014),
    # 2015: Nuland and Vinkel -> 's-Hertogenbosch; Geffen -> Oss.
    "Maasdonk": ("'s-Hertogenbosch", ("'s-Hertogenbosch", "Oss"), 2015),
    # 2018: Wommels, Easterein etc. -> Súdwest-Fryslân; Mantgum, Jorwert etc.
    # -> Leeuwarden; Winsum, Baijum etc. -> Waadhoeke.
    "Littenseradiel": ("Súdwest-Fryslân", ("Súdwest-Fryslân", "Leeuwarden", "Waadhoeke"), 2018),
    # 2019: Winsum -> Het Hogeland, except the former municipality Ezinge's
    # villages -> Westerkwartier. ('Winsum' is also a place in Waadhoeke, so
    # the woonplaats match is ambiguous anyway.)
    "Winsum": ("Het Hogeland", ("Het Hogeland", "Westerkwartier"), 2019),
    # 2021: Haaren -> Oisterwijk, Helvoirt -> Vught, Esch -> Boxtel,
    # Biezenmortel -> Tilburg.
    "Haaren": ("Oisterwijk", ("Oisterwijk", "Vught", "Boxtel", "Tilburg"), 2021),
}

# Old municipality names that DO equal a place name in the woonplaats file,
# but a different place: the woonplaats match must not be used.
WOONPLAATS_COLLISIONS = {
    # The woonplaats 'Haren' in the file is Haren in Oss (Noord-Brabant); the
    # former Groningen municipality Haren (code 0017) merged into Groningen.
    "Haren",
}

# Known Dutch municipal mergers 2012-2026 for old names that are not (or not
# unambiguously) a woonplaats: old name -> 2026 municipality (whole).
MERGER_TABLE = {
    "Haren": "Groningen",                           # 2019 Haren (Gn) + Ten Boer -> Groningen
    "Bellingwedde": "Westerwolde",                  # 2018 Bellingwedde + Vlagtwedde
    "Hoogezand-Sappemeer": "Midden-Groningen",      # 2018 with Menterwolde, Slochteren
    "Menterwolde": "Midden-Groningen",              # 2018
    "Eemsmond": "Het Hogeland",                     # 2019 Bedum, De Marne, Eemsmond, Winsum
    "De Marne": "Het Hogeland",                     # 2019
    "Skarsterlân": "De Fryske Marren",              # 2014 De Friese Meren (renamed 2016)
    "Lemsterland": "De Fryske Marren",              # 2014
    "Gaasterlân-Sleat": "De Fryske Marren",         # 2014
    "De Friese Meren": "De Fryske Marren",          # 2016 renamed, new code 1940
    "Leeuwarderadeel": "Leeuwarden",                # 2018
    "het Bildt": "Waadhoeke",                       # 2018 with Franekeradeel, Menameradiel
    "Franekeradeel": "Waadhoeke",                   # 2018
    "Menameradiel": "Waadhoeke",                    # 2018
    "Dongeradeel": "Noardeast-Fryslân",             # 2019 with Ferwerderadiel, Kollumerland
    "Ferwerderadiel": "Noardeast-Fryslân",          # 2019
    "Kollumerland en Nieuwkruisland": "Noardeast-Fryslân",  # 2019
    "Rijnwaarden": "Zevenaar",                      # 2018
    "Lingewaal": "West Betuwe",                     # 2019 with Geldermalsen, Neerijnen
    "Graft-De Rijp": "Alkmaar",                     # 2015
    "Schermer": "Alkmaar",                          # 2015
    "Harenkarspel": "Schagen",                      # 2013 with Zijpe, Anna Paulowna
    "Zijpe": "Schagen",                             # 2013
    "Zeevang": "Edam-Volendam",                     # 2016
    "Haarlemmerliede en Spaarnwoude": "Haarlemmermeer",  # 2019
    "Beemster": "Purmerend",                        # 2022
    "Langedijk": "Dijk en Waard",                   # 2022 with Heerhugowaard
    "Rijnwoude": "Alphen aan den Rijn",             # 2014 with Boskoop
    "Oostflakkee": "Goeree-Overflakkee",            # 2013 with Dirksland, Goedereede, Middelharnis
    "Bernisse": "Nissewaard",                       # 2015 with Spijkenisse
    "Nederlek": "Krimpenerwaard",                   # 2015 with Bergambacht, Ouderkerk, Schoonhoven, Vlist
    "Ouderkerk": "Krimpenerwaard",                  # 2015
    "Binnenmaas": "Hoeksche Waard",                 # 2019 with Cromstrijen, Korendijk, Oud-Beijerland, Strijen
    "Cromstrijen": "Hoeksche Waard",                # 2019
    "Korendijk": "Hoeksche Waard",                  # 2019
    "Westvoorne": "Voorne aan Zee",                 # 2023 with Brielle, Hellevoetsluis
    "Graafstroom": "Molenlanden",                   # 2013 Molenwaard, 2019 Molenlanden
    "Liesveld": "Molenlanden",                      # 2013 Molenwaard, 2019 Molenlanden
    "Molenwaard": "Molenlanden",                    # 2019 with Giessenlanden
    "Giessenlanden": "Molenlanden",                 # 2019
    "Zederik": "Vijfheerenlanden",                  # 2019 with Leerdam, Vianen
    "Aalburg": "Altena",                            # 2019 with Werkendam, Woudrichem
    "Mill en Sint Hubert": "Land van Cuijk",        # 2022 with Boxmeer, Cuijk, Grave, Sint Anthonis
    "Landerd": "Maashorst",                         # 2022 with Uden
    "Onderbanken": "Beekdaelen",                    # 2019 with Nuth, Schinnen
}

# Pupil-file locations with GEMEENTECODE_VESTIGING 9999 ('ONBEKEND') that no
# source can place: special-education locations 50AB00, 50BB00, 50CB00,
# 50DB00, 50DC00 with name 'onbekend', no board, no address, no sibling
# locations, pupils only in 2000-2002. They are dropped and reported; any
# other unplaceable 9999 location makes the build fail.
KNOWN_UNPLACEABLE_LOCATIONS = {"50AB00", "50BB00", "50CB00", "50DB00", "50DC00"}

# Published arbeidsmarktregio names that differ from the CBS 2026 spelling.
ARBEIDSMARKTREGIO_ALIASES = {
    "Stedendriehoek en Noordwest Veluwe": "Veluwe Stedendriehoek",
    "Zaanstreek-Waterland": "Zaanstreek/Waterland",
}
# The G5 cities, published as separate rows: name -> 2026 gemeentecode.
G5_CODES = {"Amsterdam": "0363", "Rotterdam": "0599", "'s-Gravenhage": "0518",
            "Utrecht": "0344", "Almere": "0034"}
# Reference dates (peildatum) of the shortage measurements. po: the file says
# 'not stated'; the regional po figures belong to the measurement with the
# national 9.1 % (October 2021, see ../shared/domain.md). vo: October 2023.
SHORTAGE_REFERENCE_DATE = {"po": "2021-10", "vo": "2023-10"}
SECTOR_SCHOOL_TYPES = {"Basisonderwijs": "bo", "Speciaal basisonderwijs": "sbo",
                       "(Voortgezet) speciaal onderwijs": "so_vso", "Totaal": "po"}
TRAININGS = {"pabo": "hbo_pabo", "hbo_2nd_degree": "hbo_tweedegraads",
             "hbo_1st_degree": "hbo_eerstegraads", "wo_1st_degree": "wo_eerstegraads_ulo",
             "wo_po": "wo_primair_onderwijs_pwpo"}
AGE_BANDS = [("<25", 20, 24), ("25-34", 25, 34), ("35-44", 35, 44),
             ("45-54", 45, 54), ("55-64", 55, 64), ("65+", 65, 69)]

# Population continuity check: a year-on-year change of a 2026 municipality of
# at least this much (both) must be explained by a split in SPLITS.
JUMP_PCT = 4.0
JUMP_ABS = 2500


class BuildError(Exception):
    """A clear, user-facing failure (no traceback)."""


def fail(msg):
    raise BuildError(msg)


def say(msg=""):
    print(msg)


def fmt(n):
    return f"{n:,}"


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------
def read_table(shared, rel, required, delimiter=",", encoding="utf-8-sig"):
    path = shared / rel
    if not path.is_file():
        fail(f"input file missing: {path}")
    try:
        with open(path, encoding=encoding, newline="") as f:
            reader = csv.DictReader(f, delimiter=delimiter)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                fail(f"{rel}: column(s) missing: {', '.join(missing)} (header: {header})")
            rows = list(reader)
    except UnicodeDecodeError as e:
        fail(f"{rel}: cannot decode as {encoding}: {e}")
    return rows


def pad4(code, where):
    c = (code or "").strip()
    if not c.isdigit() or len(c) > 4:
        fail(f"{where}: invalid gemeentecode {code!r}")
    return c.zfill(4)


def to_int(value, where):
    v = (value or "").strip()
    if not v.lstrip("-").isdigit():
        fail(f"{where}: not an integer: {value!r}")
    return int(v)


def to_dec(value, where):
    try:
        return Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        fail(f"{where}: not a number: {value!r}")


def key(name):
    return name.strip().casefold()


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------
def write_csv(outdir, name, header, rows, report):
    path = outdir / name
    tmp = outdir / f".{name}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    os.replace(tmp, path)
    report.append((name, len(rows), path.stat().st_size))


# ---------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------
def build(shared, outdir):
    report = []
    shared = Path(shared)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)

    # ---- load every input first (fails early on missing files/columns) ----
    gem_rows = read_table(shared, F_GEM2026, ["gemeentecode", "gemeentenaam", "corop_code",
                                              "corop_naam", "arbeidsmarktregio"])
    wp_rows = read_table(shared, F_WOONPLAATS, ["Woonplaats", "Gemeentecode", "Gemeente"])
    bev_rows = read_table(shared, F_BEVDYN, ["Sex", "Sex Label", "Regions", "Regions Label",
                                             "Periods Label", "PopulationOn1January_1",
                                             "LiveBornChildren_3"])
    pupil_cols = ["INSTELLINGSCODE", "VESTIGINGSCODE", "SOORT_VESTIGING",
                  "GEMEENTECODE_VESTIGING", "GEMEENTENAAM_VESTIGING"] + \
                 [f"LEERLINGEN_{y}" for y in PO_PUPIL_YEARS]
    pupil_rows = read_table(shared, F_PO_PUPILS, pupil_cols, delimiter=";")
    staff_rows = read_table(shared, F_PO_STAFF, ["ONDERWIJSTYPE", "INSTELLINGSCODE"] +
                            [f"PERSONEN {y}" for y in PO_STAFF_YEARS], delimiter=";")
    addr_cols = ["PROVINCIE", "INSTELLINGSCODE", "VESTIGINGSCODE", "GEMEENTENUMMER", "GEMEENTENAAM"]
    bo_addr = read_table(shared, F_PO_BO_ADDR, addr_cols, delimiter=";", encoding="cp1252")
    so_addr = read_table(shared, F_PO_SO_ADDR, addr_cols, delimiter=";")
    vo_rows = {y: read_table(shared, f, ["GEMEENTENUMMER", "GEMEENTENAAM", "PROVINCIE",
                                         "AANTAL LEERLINGEN"], delimiter=";")
               for y, f in F_VO.items()}
    short_rows = read_table(shared, F_SHORTAGE, ["sector", "regio", "regio_type",
                                                 "tekort_pct_werkgelegenheid_fte", "peildatum", "bron_url"])
    sector_rows = read_table(shared, F_SECTOR, ["sector", "tekort_regulier_pct", "tekort_vervanging_pct",
                                                "tekort_totaal_pct", "bron_url"])
    intake_rows = read_table(shared, F_INTAKE, ["jaar", "bron_url"] + list(TRAININGS.values()))
    dipl_rows = read_table(shared, F_DIPLOMAS, ["jaar", "bron_url"] + list(TRAININGS.values()))
    age_rows = read_table(shared, F_AGE, ["functie", "leeftijdsklasse", "2016", "bron_url"])

    # ---- 2026 municipalities ----
    g26 = {}
    for r in gem_rows:
        code = r["gemeentecode"].strip()
        if len(code) != 4 or not code.isdigit():
            fail(f"{F_GEM2026}: gemeentecode not 4 digits: {code!r}")
        if code in g26:
            fail(f"{F_GEM2026}: duplicate gemeentecode {code}")
        cc = r["corop_code"].strip()
        if len(cc) != 2 or not cc.isdigit():
            fail(f"{F_GEM2026}: corop_code not 2 digits for {code}: {cc!r}")
        g26[code] = {"name": r["gemeentenaam"].strip(), "corop_code": cc,
                     "corop": r["corop_naam"].strip(), "amr": r["arbeidsmarktregio"].strip()}
    if len(g26) != 342:
        fail(f"{F_GEM2026}: expected 342 municipalities, found {len(g26)}")
    by_name = {}
    for code, g in g26.items():
        if key(g["name"]) in by_name:
            fail(f"{F_GEM2026}: duplicate gemeentenaam {g['name']}")
        by_name[key(g["name"])] = code
    amr_names = sorted({g["amr"] for g in g26.values()})
    say(f"2026 municipalities: {len(g26)}, COROP regions: {len({g['corop_code'] for g in g26.values()})}, "
        f"arbeidsmarktregio's: {len(amr_names)}")

    def code_of_2026_name(name, where):
        c = by_name.get(key(name))
        if c is None:
            fail(f"{where}: {name!r} is not a 2026 municipality name")
        return c

    # ---- collect every municipality code used in any raw input ----
    seen = {}  # code -> (name, source)

    def note(code, name, source):
        if code not in seen or source == "CBS":
            seen[code] = (name.strip(), source)

    for r in pupil_rows:
        c = pad4(r["GEMEENTECODE_VESTIGING"], F_PO_PUPILS)
        if c != "9999":
            note(c, r["GEMEENTENAAM_VESTIGING"], "DUO")
    for rows, rel in ((bo_addr, F_PO_BO_ADDR), (so_addr, F_PO_SO_ADDR)):
        for r in rows:
            note(pad4(r["GEMEENTENUMMER"], rel), r["GEMEENTENAAM"], "DUO")
    for y, rows in vo_rows.items():
        for r in rows:
            note(pad4(r["GEMEENTENUMMER"], F_VO[y]), r["GEMEENTENAAM"], "DUO")
    bev_total = [r for r in bev_rows if r["Sex Label"].strip() == "Total male and female"]
    if not bev_total:
        fail(f"{F_BEVDYN}: no rows with 'Sex Label' = 'Total male and female'")
    sex_codes = {r["Sex"].strip() for r in bev_total}
    for r in bev_total:
        reg = r["Regions"].strip()
        if reg.startswith("GM"):
            note(pad4(reg[2:], F_BEVDYN), r["Regions Label"], "CBS")

    # ---- successor map: historical code -> 2026 code ----
    woonplaats = defaultdict(set)
    for r in wp_rows:
        gc = r["Gemeentecode"].strip().zfill(4)
        if gc not in g26:
            gc = code_of_2026_name(r["Gemeente"], F_WOONPLAATS)
        woonplaats[key(r["Woonplaats"])].add(gc)
    split_by_key = {key(k): (k, v) for k, v in SPLITS.items()}
    merger_by_key = {key(k): (k, v) for k, v in MERGER_TABLE.items()}
    collisions = {key(n) for n in WOONPLAATS_COLLISIONS}
    successors = {}  # old code -> (old name, new code, method)
    used_table = set()
    for code in sorted(seen):
        if code in g26:
            continue
        name, _src = seen[code]
        k = key(name)
        if k in split_by_key:
            sname, (chosen, _cands, _yr) = split_by_key[k]
            new = code_of_2026_name(chosen, f"SPLITS[{sname}]")
            successors[code] = (name, new, f"split_largest:{g26[new]['name']}")
            continue
        cands = woonplaats.get(k, set()) if k not in collisions else set()
        if len(cands) == 1:
            successors[code] = (name, next(iter(cands)), "woonplaats")
            continue
        if k in merger_by_key:
            tname, target = merger_by_key[k]
            used_table.add(tname)
            successors[code] = (name, code_of_2026_name(target, f"MERGER_TABLE[{tname}]"), "merger_table")
            continue
        why = "ambiguous woonplaats match" if len(cands) > 1 else "no woonplaats match"
        fail(f"historical municipality {code} {name!r} ({why}) cannot be mapped to a 2026 "
             f"municipality: add it to MERGER_TABLE or SPLITS in {Path(__file__).name}")
    unused = sorted(set(MERGER_TABLE) - used_table)
    methods = Counter(m.split(":")[0] for (_n, _c, m) in successors.values())
    by_source = Counter(seen[c][1] for c in successors)
    say(f"successor map: {len(successors)} historical codes ({dict(sorted(by_source.items()))}) -> "
        f"woonplaats {methods['woonplaats']}, merger_table {methods['merger_table']}, "
        f"split_largest {methods['split_largest']}")
    if unused:
        say(f"  note: MERGER_TABLE entries not needed by these inputs: {', '.join(unused)}")

    def to2026(code, where):
        if code in g26:
            return code
        if code in successors:
            return successors[code][1]
        fail(f"{where}: gemeentecode {code} is neither a 2026 code nor in the successor map")

    write_csv(outdir, "gemeente_successors.csv", ["old_code", "old_name", "new_code", "method"],
              [(c, n, nc, m) for c, (n, nc, m) in sorted(successors.items())], report)

    # ---- provinces: majority vote per COROP region over DUO location files ----
    corop_votes = defaultdict(Counter)
    gem_votes = defaultdict(Counter)
    for rows, rel in ((bo_addr, F_PO_BO_ADDR), (so_addr, F_PO_SO_ADDR),
                      (vo_rows[2024], F_VO[2024]), (vo_rows[2025], F_VO[2025])):
        for r in rows:
            c = to2026(pad4(r["GEMEENTENUMMER"], rel), rel)
            p = r["PROVINCIE"].strip()
            corop_votes[g26[c]["corop_code"]][p] += 1
            gem_votes[c][p] += 1
    corop_prov = {}
    minority = 0
    for cc in sorted({g["corop_code"] for g in g26.values()}):
        votes = corop_votes.get(cc)
        if not votes:
            fail(f"province derivation: no DUO location in COROP region {cc}")
        (p, n), = votes.most_common(1)
        if list(votes.values()).count(n) > 1:
            fail(f"province derivation: tie in COROP region {cc}: {dict(votes)}")
        corop_prov[cc] = p
        minority += sum(votes.values()) - n
    provinces = set(corop_prov.values())
    fries = provinces & FRIESLAND_SPELLINGS
    if len(provinces) != 12 or len(fries) != 1 or provinces - fries != EXPECTED_PROVINCES:
        fail(f"province derivation: expected the 12 provinces, got {sorted(provinces)}")
    conflicts = []
    for c, votes in sorted(gem_votes.items()):
        p = votes.most_common(1)[0][0]
        if p != corop_prov[g26[c]["corop_code"]]:
            conflicts.append(f"{c} {g26[c]['name']}: {p} vs COROP {corop_prov[g26[c]['corop_code']]}")
    if conflicts:
        fail("province derivation: municipality majority differs from its COROP region's "
             "province: " + "; ".join(conflicts))
    no_school = [c for c in g26 if c not in gem_votes]
    say(f"provinces: 12 derived from {sum(sum(v.values()) for v in corop_votes.values())} DUO location "
        f"rows by majority per COROP region; minority votes {minority}; municipalities whose own "
        f"majority disagrees with their COROP: 0; municipalities without a DUO location: {len(no_school)}")
    write_csv(outdir, "gemeenten.csv",
              ["gemeentecode", "gemeentenaam", "provincie", "corop_code", "corop", "arbeidsmarktregio"],
              [(c, g["name"], corop_prov[g["corop_code"]], g["corop_code"], g["corop"], g["amr"])
               for c, g in sorted(g26.items())], report)

    # ---- po pupils ----
    labels = Counter(r["SOORT_VESTIGING"].strip() for r in pupil_rows)
    def school_type(label):
        return {"BO": "bo", "SBO": "sbo"}.get(label, "so_vso")
    say("po pupil SOORT_VESTIGING labels: " + ", ".join(
        f"{lab}={n} -> {school_type(lab)}" for lab, n in sorted(labels.items())))
    suppressed = sum(1 for r in pupil_rows for y in PO_PUPIL_YEARS if r[f"LEERLINGEN_{y}"].strip() == "<5")

    def bo_total(year, conv):
        t = 0
        for r in pupil_rows:
            if r["SOORT_VESTIGING"].strip() != "BO":
                continue
            v = r[f"LEERLINGEN_{year}"].strip()
            t += conv if v == "<5" else to_int(v, F_PO_PUPILS)
        return t
    if all(bo_total(y, 0) == t for y, t in README_BO_TOTALS.items()):
        conv = 0
        say(f"po pupils: {suppressed} cells '<5'; counted as 0 because that reproduces the stated "
            f"national BO totals exactly ({', '.join(f'{y}: {fmt(t)}' for y, t in README_BO_TOTALS.items())})")
    else:
        conv = 2
        say(f"po pupils: {suppressed} cells '<5'; counting them as 0 does not reproduce the stated "
            f"national BO totals, so they are counted as 2")

    def pupils(r, y):
        v = r[f"LEERLINGEN_{y}"].strip()
        return conv if v == "<5" else to_int(v, f"{F_PO_PUPILS} {r['VESTIGINGSCODE']} {y}")

    addr_by_vest = {}
    addr_by_inst = defaultdict(list)
    for rows, rel in ((bo_addr, F_PO_BO_ADDR), (so_addr, F_PO_SO_ADDR)):
        for r in rows:
            c = to2026(pad4(r["GEMEENTENUMMER"], rel), rel)
            addr_by_vest[r["VESTIGINGSCODE"].strip()] = c
            addr_by_inst[r["INSTELLINGSCODE"].strip()].append((r["VESTIGINGSCODE"].strip(), c))
    loc_by_inst = defaultdict(list)
    for r in pupil_rows:
        loc_by_inst[r["INSTELLINGSCODE"].strip()].append(r)

    raw_total = Counter()
    po = defaultdict(int)  # (code, type, year) -> pupils
    dropped = Counter()
    unknown_placed = Counter()
    unknown_locations = 0
    for r in pupil_rows:
        vest = r["VESTIGINGSCODE"].strip()
        inst = r["INSTELLINGSCODE"].strip()
        st = school_type(r["SOORT_VESTIGING"].strip())
        code = pad4(r["GEMEENTECODE_VESTIGING"], F_PO_PUPILS)
        for y in PO_PUPIL_YEARS:
            raw_total[y] += pupils(r, y)
        if code == "9999":
            unknown_locations += 1
            target = addr_by_vest.get(vest)
            if target is None:
                sib = [s for s in loc_by_inst[inst] if s is not r and
                       s["GEMEENTECODE_VESTIGING"].strip() != "9999"]
                if sib:
                    best = max(sib, key=lambda s: (pupils(s, 2025), s["VESTIGINGSCODE"]))
                    target = to2026(pad4(best["GEMEENTECODE_VESTIGING"], F_PO_PUPILS), F_PO_PUPILS)
                elif addr_by_inst.get(inst):
                    target = sorted(addr_by_inst[inst])[0][1]
            if target is None:
                if vest not in KNOWN_UNPLACEABLE_LOCATIONS and any(pupils(r, y) for y in PO_PUPIL_YEARS):
                    fail(f"{F_PO_PUPILS}: location {vest} has gemeentecode 9999 and cannot be placed")
                for y in PO_PUPIL_YEARS:
                    dropped[y] += pupils(r, y)
                continue
            for y in PO_PUPIL_YEARS:
                unknown_placed[y] += pupils(r, y)
            code = target
        code = to2026(code, F_PO_PUPILS)
        for y in PO_PUPIL_YEARS:
            po[(code, st, y)] += pupils(r, y)
    out_total = Counter()
    for (c, st, y), v in po.items():
        out_total[y] += v
    for y in PO_PUPIL_YEARS:
        if out_total[y] + dropped[y] != raw_total[y]:
            fail(f"po pupils {y}: output {out_total[y]} + dropped {dropped[y]} != raw total {raw_total[y]}")
    drop_years = {y: v for y, v in dropped.items() if v}
    say(f"po pupils: {unknown_locations} locations with gemeentecode 9999 (ONBEKEND): "
        f"{sum(unknown_placed.values())} pupil-years placed; "
        f"{len(KNOWN_UNPLACEABLE_LOCATIONS)} unplaceable locations dropped: "
        + (", ".join(f"{y}: {v}" for y, v in sorted(drop_years.items())) or "none") + " pupils")
    bo_out = {y: sum(v for (c, st, yy), v in po.items() if st == "bo" and yy == y) for y in README_BO_TOTALS}
    for y, t in README_BO_TOTALS.items():
        if conv == 0 and bo_out[y] != t:
            fail(f"po pupils: output BO total {y} = {bo_out[y]} differs from stated {t}")
    say("po pupils national totals (all types): " + ", ".join(
        f"{y}: {fmt(out_total[y])}" for y in (1996, 2000, 2005, 2010, 2015, 2020, 2025))
        + "; BO: " + ", ".join(f"{y}: {fmt(v)}" for y, v in bo_out.items())
        + "; output total = raw total (minus the dropped) in every year")
    rows = []
    combos = sorted({(c, st) for (c, st, y), v in po.items() if v})
    for c, st in combos:
        for y in PO_PUPIL_YEARS:
            rows.append((c, st, y, po.get((c, st, y), 0)))
    write_csv(outdir, "po_pupils.csv", ["gemeentecode", "school_type", "year", "pupils"], rows, report)
    say(f"  {len(combos)} gemeente x school_type combinations "
        f"({', '.join(f'{t}: {n}' for t, n in sorted(Counter(st for _, st in combos).items()))})")
    type_tot = Counter()
    for (c, st, y), v in po.items():
        type_tot[(st, y)] += v
    say("  national pupils by school_type: " + "; ".join(
        f"{y}: " + ", ".join(f"{st} {fmt(type_tot[(st, y)])}" for st in ("bo", "sbo", "so_vso"))
        for y in (1996, 2003, 2025)))

    # ---- po staff ----
    def place_institution(inst):
        locs = [r for r in loc_by_inst.get(inst, []) if r["GEMEENTECODE_VESTIGING"].strip() != "9999"]
        main = [r for r in locs if r["VESTIGINGSCODE"].strip() == inst + "00"]
        if main:
            return to2026(pad4(main[0]["GEMEENTECODE_VESTIGING"], F_PO_PUPILS), F_PO_PUPILS), "pupil_main"
        if locs:
            best = max(locs, key=lambda s: (pupils(s, 2025), s["VESTIGINGSCODE"]))
            return to2026(pad4(best["GEMEENTECODE_VESTIGING"], F_PO_PUPILS), F_PO_PUPILS), "pupil_largest"
        addr = sorted(addr_by_inst.get(inst, []))
        if addr:
            mains = [c for v, c in addr if v == inst + "00"]
            return (mains[0] if mains else addr[0][1]), "address_file"
        return None, "unplaced"

    def staff_type(label):
        lab = label.strip()
        if lab == "BAO":
            return "bo"
        if lab == "SBAO":
            return "sbo"
        if lab.startswith("WEC"):
            return "so_vso"
        fail(f"{F_PO_STAFF}: unknown ONDERWIJSTYPE {label!r}")

    staff = defaultdict(int)
    how = Counter()
    unplaced = []
    raw_staff = Counter()
    raw_staff0 = Counter()
    n_star = 0
    unplaced_persons = Counter()
    for r in staff_rows:
        inst = r["INSTELLINGSCODE"].strip()
        st = staff_type(r["ONDERWIJSTYPE"])
        vals = {}
        for y in PO_STAFF_YEARS:
            v = r[f"PERSONEN {y}"].strip()
            if v == "*":
                n_star += 1
                vals[y] = PO_STAFF_SUPPRESSED
            else:
                vals[y] = to_int(v, f"{F_PO_STAFF} {inst} {y}")
                raw_staff0[y] += vals[y]
            raw_staff[y] += vals[y]
        code, method = place_institution(inst)
        how[method] += 1
        if code is None:
            unplaced.append(inst)
            for y in PO_STAFF_YEARS:
                unplaced_persons[y] += vals[y]
            continue
        for y in PO_STAFF_YEARS:
            staff[(code, st, y)] += vals[y]
    staff_total = Counter()
    for (c, st, y), v in staff.items():
        staff_total[y] += v
    for y in PO_STAFF_YEARS:
        if staff_total[y] + unplaced_persons[y] != raw_staff[y]:
            fail(f"po staff {y}: output + unplaced != raw total")
    say(f"po staff: {len(staff_rows)} institutions; {n_star} cells '*' counted as {PO_STAFF_SUPPRESSED}; "
        f"placed via pupil-file main location {how['pupil_main']}, pupil-file largest location "
        f"{how['pupil_largest']}, DUO address files {how['address_file']}; unplaced {how['unplaced']} "
        f"({', '.join(sorted(unplaced))}), dropped persons: "
        + (", ".join(f"{y}: {v}" for y, v in sorted(unplaced_persons.items()) if v) or "none")
        + " (all other years 0)")
    say(f"po staff national totals (output, '*'={PO_STAFF_SUPPRESSED}): " + ", ".join(
        f"{y}: {fmt(staff_total[y])}" for y in (2011, 2017, 2022, 2025))
        + "; raw file with '*'=0: " + ", ".join(f"{y}: {fmt(raw_staff0[y])}" for y in (2011, 2017, 2022, 2025))
        + (" (= the stated README sums)" if all(raw_staff0[y] == t for y, t in README_STAFF_TOTALS.items())
           else " (differs from the stated README sums)"))
    rows = []
    combos = sorted({(c, st) for (c, st, y), v in staff.items() if v})
    for c, st in combos:
        for y in PO_STAFF_YEARS:
            rows.append((c, st, y, staff.get((c, st, y), 0)))
    stype = Counter()
    for (c, st, y), v in staff.items():
        stype[(st, y)] += v
    say(f"  {len(combos)} gemeente x school_type combinations "
        f"({', '.join(f'{t}: {n}' for t, n in sorted(Counter(st for _, st in combos).items()))}); "
        "national persons by school_type: " + "; ".join(
            f"{y}: " + ", ".join(f"{st} {fmt(stype[(st, y)])}" for st in ("bo", "sbo", "so_vso"))
            for y in (2011, 2025)))
    write_csv(outdir, "po_staff.csv", ["gemeentecode", "school_type", "year", "persons"], rows, report)

    # ---- vo pupils ----
    vo = defaultdict(int)
    for y, vrows in sorted(vo_rows.items()):
        t = 0
        for r in vrows:
            n = to_int(r["AANTAL LEERLINGEN"], F_VO[y])
            t += n
            vo[(to2026(pad4(r["GEMEENTENUMMER"], F_VO[y]), F_VO[y]), y)] += n
        if t != README_VO_TOTALS[y]:
            fail(f"{F_VO[y]}: national total {t} != stated {README_VO_TOTALS[y]}")
    vo_codes = sorted({c for (c, y), v in vo.items() if v})
    rows = [(c, y, vo.get((c, y), 0)) for c in vo_codes for y in sorted(vo_rows)]
    say(f"vo pupils: {', '.join(f'{y}: {fmt(sum(v for (c, yy), v in vo.items() if yy == y))}' for y in sorted(vo_rows))} "
        f"(= stated totals), in {len(vo_codes)} municipalities")
    write_csv(outdir, "vo_pupils.csv", ["gemeentecode", "year", "pupils"], rows, report)

    # ---- population and births ----
    nl = {}
    raw = {}  # (raw code, year) -> (pop, births)
    empty_births = []
    for r in bev_total:
        reg = r["Regions"].strip()
        y = to_int(r["Periods Label"], F_BEVDYN)
        if y not in CBS_YEARS:
            continue
        where = f"{F_BEVDYN} {reg} {y}"
        p = to_int(r["PopulationOn1January_1"], where)
        bv = r["LiveBornChildren_3"].strip()
        if bv == "":
            empty_births.append(f"{reg} {r['Regions Label'].strip()} {y}")
            b = 0
        else:
            b = to_int(bv, where)
        if reg.startswith("NL"):
            nl[y] = (p, b)
        elif reg.startswith("GM"):
            c = pad4(reg[2:], where)
            if (c, y) in raw:
                fail(f"{F_BEVDYN}: {reg} listed twice for {y}")
            raw[(c, y)] = (p, b)
    missing_nl = [y for y in CBS_YEARS if y not in nl]
    if missing_nl:
        fail(f"{F_BEVDYN}: no NL01 row for {missing_nl}")
    popb = defaultdict(lambda: [0, 0])
    for (c, y), (p, b) in raw.items():
        t = popb[(to2026(c, F_BEVDYN), y)]
        t[0] += p
        t[1] += b
    gaps = [f"{c} {g26[c]['name']} {y}" for c in g26 for y in CBS_YEARS if (c, y) not in popb]
    if gaps:
        fail(f"population_births: 2026 municipalities without data: {', '.join(gaps)}")
    say(f"population/births: CBS 37259ENG 'Sex' {'/'.join(sorted(sex_codes))} = total, "
        f"{len(raw)} GM rows over {len(CBS_YEARS)} years; empty births cells counted as 0: "
        f"{', '.join(empty_births) or 'none'}")
    diffs = []
    for y in CBS_YEARS:
        sp = sum(popb[(c, y)][0] for c in g26)
        sb = sum(popb[(c, y)][1] for c in g26)
        dp, db = sp - nl[y][0], sb - nl[y][1]
        rp, rb = abs(dp) / nl[y][0] * 100, abs(db) / nl[y][1] * 100
        if rp > 0.1 or rb > 0.1:
            fail(f"population_births {y}: national sum differs from NL01 by {dp} persons "
                 f"({rp:.3f} %) / {db} births ({rb:.3f} %)")
        diffs.append((y, sp, sb, dp, db))
    if all(dp == 0 and db == 0 for (_y, _sp, _sb, dp, db) in diffs):
        say("  national sums equal the NL01 row exactly in every year (no double counting): "
            + ", ".join(f"{y}: pop {fmt(sp)} births {fmt(sb)}" for (y, sp, sb, _dp, _db) in diffs
                        if y in (2012, 2017, 2023)))
    else:
        say("  differences vs NL01 (pop, births): "
            + ", ".join(f"{y}: {dp:+d}, {db:+d}" for (y, _sp, _sb, dp, db) in diffs))

    # Split check: the chosen successor must have taken the largest part.
    nl_pop = {y: nl[y][0] for y in CBS_YEARS}
    split_explained = set()
    for old, (chosen, cands, year) in sorted(SPLITS.items()):
        olds = [c for c, (n, _nc, _m) in successors.items() if key(n) == key(old)]
        if not olds:
            continue
        oc = olds[0]
        present = sorted(y for (c, y) in raw if c == oc)
        if not present or present[-1] + 1 not in CBS_YEARS:
            continue
        y1 = present[-1] + 1
        growth = nl_pop[y1] / nl_pop[y1 - 1]
        est = {}
        for cn in cands:
            cc = code_of_2026_name(cn, f"SPLITS[{old}]")
            split_explained.add((cc, y1))
            prev = popb[(cc, y1 - 1)][0] - (raw[(oc, y1 - 1)][0] if successors[oc][1] == cc else 0)
            est[cn] = round(popb[(cc, y1)][0] - prev * growth)
        best = max(est, key=est.get)
        if best != chosen:
            fail(f"SPLITS[{old}]: CBS population suggests {best} took the largest part ({est}), "
                 f"not {chosen}")
        say(f"  split {old} ({oc}, {raw[(oc, y1 - 1)][0]:,} inhabitants 1 Jan {y1 - 1}) in {y1}: implied "
            f"transfer " + ", ".join(f"{n} ~{v:,}" for n, v in sorted(est.items(), key=lambda kv: -kv[1]))
            + f" -> all to {chosen}")
    # Continuity: big year-on-year jumps must be explained by a split.
    breaks = []
    for c in sorted(g26):
        for y in CBS_YEARS[1:]:
            a, b = popb[(c, y - 1)][0], popb[(c, y)][0]
            if abs(b - a) >= JUMP_ABS and abs(b - a) / a * 100 >= JUMP_PCT:
                if (c, y) not in split_explained:
                    fail(f"population of {c} {g26[c]['name']} jumps from {a} to {b} in {y}: "
                         f"check the successor map")
                breaks.append(f"{g26[c]['name']} {y} {(b - a) / a * 100:+.1f}%")
    say(f"  boundary breaks from split municipalities (|change| >= {JUMP_PCT}% and >= {JUMP_ABS:,}): "
        + ", ".join(breaks))
    rows = [(c, y, popb[(c, y)][0], popb[(c, y)][1]) for c in sorted(g26) for y in CBS_YEARS]
    write_csv(outdir, "population_births.csv", ["gemeentecode", "year", "population", "births"], rows, report)

    # ---- measured shortage ----
    amr_set = set(amr_names)
    out = []
    seen_reg = defaultdict(set)
    for r in short_rows:
        sector = r["sector"].strip()
        if sector not in SHORTAGE_REFERENCE_DATE:
            fail(f"{F_SHORTAGE}: unknown sector {sector!r}")
        regio = r["regio"].strip()
        rtype = r["regio_type"].strip()
        pct = str(to_dec(r["tekort_pct_werkgelegenheid_fte"], F_SHORTAGE))
        peil = r["peildatum"].strip()
        if peil[:7].count("-") == 1 and peil[:4].isdigit() and not peil.startswith(SHORTAGE_REFERENCE_DATE[sector]):
            fail(f"{F_SHORTAGE}: {sector} {regio}: peildatum {peil!r} conflicts with "
                 f"{SHORTAGE_REFERENCE_DATE[sector]}")
        if rtype == "arbeidsmarktregio":
            name = ARBEIDSMARKTREGIO_ALIASES.get(regio, regio)
            if name not in amr_set:
                fail(f"{F_SHORTAGE}: arbeidsmarktregio {regio!r} does not resolve to a CBS 2026 name "
                     f"(add it to ARBEIDSMARKTREGIO_ALIASES)")
            gc = ""
            out_type = "arbeidsmarktregio"
        elif rtype == "G5-gemeente":
            if regio not in G5_CODES:
                fail(f"{F_SHORTAGE}: unknown G5 city {regio!r}")
            gc = G5_CODES[regio]
            if g26[gc]["name"] != regio:
                fail(f"{F_SHORTAGE}: G5 {regio} is {g26[gc]['name']!r} in the 2026 list")
            name = g26[gc]["name"]
            out_type = "gemeente"
        else:
            fail(f"{F_SHORTAGE}: unknown regio_type {rtype!r}")
        if name in seen_reg[(sector, out_type)]:
            fail(f"{F_SHORTAGE}: {sector} {name} listed twice")
        seen_reg[(sector, out_type)].add(name)
        out.append((sector, out_type, name, gc, pct, SHORTAGE_REFERENCE_DATE[sector], r["bron_url"].strip()))
    for sector in sorted(SHORTAGE_REFERENCE_DATE):
        miss = amr_set - seen_reg[(sector, "arbeidsmarktregio")]
        if miss:
            fail(f"{F_SHORTAGE}: {sector} lacks arbeidsmarktregio's {sorted(miss)}")
        if seen_reg[(sector, "gemeente")] != set(G5_CODES):
            fail(f"{F_SHORTAGE}: {sector} does not list exactly the G5")
    out.sort(key=lambda t: (t[0], t[1], t[2]))
    say(f"measured shortage: po and vo each 35 arbeidsmarktregio's + G5; aliases used: "
        + "; ".join(f"{a!r} -> {b!r}" for a, b in ARBEIDSMARKTREGIO_ALIASES.items()))
    write_csv(outdir, "measured_shortage.csv",
              ["sector", "region_type", "region", "gemeentecode", "shortage_pct", "reference_date", "source_url"],
              out, report)

    # ---- po shortage by school type ----
    out = []
    for r in sector_rows:
        s = r["sector"].strip()
        if s not in SECTOR_SCHOOL_TYPES:
            fail(f"{F_SECTOR}: unknown sector {s!r}")
        reg, rep, tot = (to_dec(r[k], F_SECTOR) for k in
                         ("tekort_regulier_pct", "tekort_vervanging_pct", "tekort_totaal_pct"))
        if reg + rep != tot:
            fail(f"{F_SECTOR}: {s}: regular {reg} + replacement {rep} != total {tot}")
        out.append((SECTOR_SCHOOL_TYPES[s], str(reg), str(rep), str(tot), r["bron_url"].strip()))
    order = list(SECTOR_SCHOOL_TYPES.values())
    if sorted(t[0] for t in out) != sorted(order):
        fail(f"{F_SECTOR}: expected exactly one row each for {order}")
    out.sort(key=lambda t: order.index(t[0]))
    say("po shortage by school type (total = regular + replacement, %): " + ", ".join(
        f"{t[0]} {t[3]} = {t[1]} + {t[2]}" for t in out))
    write_csv(outdir, "po_sector_shortage.csv",
              ["school_type", "regular_pct", "replacement_pct", "total_pct", "source_url"], out, report)

    # ---- teacher training ----
    intake = {}
    for r in intake_rows:
        y = to_int(r["jaar"], F_INTAKE)
        for t, col in TRAININGS.items():
            intake[(y, t)] = to_int(r[col], f"{F_INTAKE} {y} {col}")
    grads = {}
    for r in dipl_rows:
        y = to_int(r["jaar"], F_DIPLOMAS)
        for t, col in TRAININGS.items():
            v = to_dec(r[col], f"{F_DIPLOMAS} {y} {col}") * 1000
            grads[(y, t)] = int(v.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    rows = [(y, t, intake.get((y, t)), grads.get((y, t)))
            for y in TRAINING_YEARS for t in sorted(TRAININGS)]
    n_empty = sum(1 for r in rows for v in r[2:] if v is None)
    say(f"teacher training: {n_empty} empty cells (not published); intake {min(y for y, _ in intake)}-{max(y for y, _ in intake)}, graduates "
        f"{min(y for y, _ in grads)}-{max(y for y, _ in grads)} (x1000 -> persons); pabo intake 2023 "
        f"{fmt(intake[(2023, 'pabo')])}, pabo graduates 2021 {fmt(grads[(2021, 'pabo')])}")
    write_csv(outdir, "teacher_training.csv", ["year", "training", "intake", "graduates"], rows, report)

    # ---- po teacher fte by age ----
    ages = {r["leeftijdsklasse"].strip(): r for r in age_rows if r["functie"].strip() == "onderwijzend"}
    rows = []
    total = Decimal(0)
    for band, lo, hi in AGE_BANDS:
        if band not in ages:
            fail(f"{F_AGE}: no 'onderwijzend' row for age band {band}")
        v = to_dec(ages[band]["2016"], F_AGE)
        total += v
        rows.append((band, lo, hi, str(v)))
    say(f"po teacher fte by age 2016: shares sum to {total} % (kept as published); 55-64: "
        f"{ages['55-64']['2016'].strip()} %, 65+: {ages['65+']['2016'].strip()} %")
    write_csv(outdir, "po_teacher_fte_age.csv", ["age_band", "age_from", "age_to", "share_pct"], rows, report)

    return report


OUTPUTS = ["gemeenten.csv", "gemeente_successors.csv", "po_pupils.csv", "po_staff.csv",
           "vo_pupils.csv", "population_births.csv", "measured_shortage.csv",
           "po_sector_shortage.csv", "teacher_training.csv", "po_teacher_fte_age.csv"]


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help=f"raw data directory (default: {DEFAULT_SHARED})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help=f"output directory (default: {DEFAULT_OUT})")
    ap.add_argument("--check", action="store_true",
                    help="rebuild into a temporary directory and fail if --out differs")
    args = ap.parse_args(argv)
    try:
        if not args.shared.is_dir():
            fail(f"raw data directory not found: {args.shared}")
        if args.check:
            with tempfile.TemporaryDirectory(prefix="tekort-build-") as tmp:
                report = build(args.shared, Path(tmp))
                produced = sorted(name for name, _n, _s in report)
                if produced != sorted(OUTPUTS):
                    fail(f"internal: produced {produced}")
                bad = []
                for name in OUTPUTS:
                    mine, theirs = Path(tmp) / name, args.out / name
                    if not theirs.is_file():
                        bad.append(f"{name} (missing in {args.out})")
                    elif sha256(mine) != sha256(theirs):
                        bad.append(f"{name} (content differs)")
            if bad:
                print(f"\nCHECK FAILED: {len(bad)} file(s) in {args.out} differ from a fresh build:",
                      file=sys.stderr)
                for b in bad:
                    print(f"  {b}", file=sys.stderr)
                print(f"Run: python3 {os.path.relpath(__file__)} --out {args.out}", file=sys.stderr)
                return 1
            say(f"\ncheck passed: all {len(OUTPUTS)} files in {args.out} are reproduced byte for byte")
            return 0
        report = build(args.shared, args.out)
        say(f"\nwrote {len(report)} files to {args.out}:")
        for name, n, size in report:
            say(f"  {name:28s} {n:6d} rows {size:9,d} bytes")
        return 0
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
