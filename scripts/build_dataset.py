#!/usr/bin/env python3
"""Build tekort's compact derived dataset (data/*.csv) from the raw public data.

Usage:
    python3 scripts/build_dataset.py [--shared ../shared/data] [--out data] [--check]

Inputs are the read-only raw files of DUO, CBS and OCW (CC-BY 4.0), UN
World Population Prospects 2024 (CC BY 3.0 IGO) and OECD population by age
and sex in --shared (default: <repo>/../shared/data). Every output CSV is rebuilt from
scratch, deterministically: comma-separated, UTF-8 without BOM, LF line
endings, a header row, minimal quoting, rows in a stated sort order. Each file
is written atomically (temporary file + os.replace).

--check rebuilds everything into a temporary directory and compares it byte
for byte with the files in --out; it exits non-zero and lists the files that
differ, so CI can prove that data/ is reproducible.

Standard library only. Every assumption (suppression conventions, the
municipal successor map and the apportioning of split municipalities,
unplaceable records, the births anchoring) is printed in the summary and
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
F_AGE_ALL = "published/stamos_onderwijs_totaal_fte_leeftijd_pct_2008_2015.csv"
F_AGE_MBO = "published/mbo_leraren_fte_per_leeftijd_2009_2014_2019.csv"
F_NATIONAL_SHORTAGE = "published/tekort_landelijk_reeks_po_vo_mbo.csv"
F_G5_SHORTAGE = "published/g5_tekort_po_2022_2023.csv"
F_WPP = "published/un_wpp2024_nl_births_tfr_population_1950_2100.csv"
F_CBS_PROGNOSE = "published/cbs_bevolkingsprognose2023_levendgeborenen_2023_2070.csv"
F_STAMOS_FORECAST = "published/stamos_referentieraming2016_lerarenopleidingen_2018_2025.csv"
F_OECD_POP = "published/oecd_nl_bevolking_leeftijd_geslacht_1950_2050.csv"

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
# National mbo teacher fte totals stated in the raw-data README (rounded to
# 100 fte): the single-age fte of the mbo file must add up to them within
# MBO_TOTAL_TOLERANCE_PCT, else a cell was split wrongly.
README_MBO_FTE_TOTALS = {2009: 25600, 2014: 24400, 2019: 26500}
MBO_TOTAL_TOLERANCE_PCT = 1.0
# po G5 shortage values that the raw-data README identifies as the October 2023
# measurement (they date the regional po table, whose page states no date).
PO_G5_OCT2023 = {"Amsterdam": "18.7", "'s-Gravenhage": "21.8"}
# National shortage (teachers) the build must find: (sector, year) ->
# (pct or None, fte), as stated in the raw-data README.
README_NATIONAL_SHORTAGE = {("po", 2021): ("9.1", 9100), ("po", 2022): ("9.5", 9700),
                            ("po", 2023): ("9.7", 9800), ("vo", 2023): ("5.8", 3800),
                            ("mbo", 2024): (None, 1650),
                            ("po", 2024): ("8.1", 7700), ("vo", 2024): ("5.5", 3800)}

PO_PUPIL_YEARS = list(range(1996, 2026))
PO_STAFF_YEARS = list(range(2011, 2026))
CBS_YEARS = list(range(2012, 2024))
TRAINING_YEARS = list(range(2010, 2024))
# National births: observed 1950-2023 (CBS from 2012, scaled UN WPP before),
# projected 2024-2100 (UN WPP 2024 shape anchored to CBS Bevolkingsprognose).
BIRTHS_OBSERVED_YEARS = list(range(1950, 2024))
BIRTHS_PROJECTION_YEARS = list(range(2024, 2101))
BIRTHS_RATIO_YEARS = list(range(2012, 2022))  # CBS/WPP level ratio for 1950-2011
CBS_PROGNOSE_YEARS = [2023, 2030, 2040, 2050, 2060, 2070]
BIRTH_VARIANTS = ["medium", "low", "high"]
# The low/high band opens smoothly after the last observed year. WPP applies
# its TFR offset in steps (+-0.25 child per woman 2024-2028, +-0.40 2029-2033,
# +-0.50 from 2034), which makes low drop 12 % in 2029 and 8 % in 2034 and
# high jump 11 %; births of 2024-2025 are nearly known. Instead the offset is
# BIRTH_BAND_OFFSET x s(x), s(x) = 3x^2 - 2x^3 (a smooth S-curve),
# x = min(1, (y - BIRTH_BAND_BASE_YEAR) / BIRTH_BAND_PHASE_IN_YEARS): zero
# in the last observed year, WPP's full +-0.5 from 2036 on (WPP's own offset
# after that). Every low and high year then changes by under
# BIRTH_BAND_MAX_STEP_PCT % (checked).
BIRTH_BAND_BASE_YEAR = 2023
BIRTH_BAND_PHASE_IN_YEARS = 13
BIRTH_BAND_OFFSET = Decimal("0.5")
BIRTH_BAND_MAX_STEP_PCT = 5

# ---------------------------------------------------------------------------
# Funding path (funding_path.csv): policy funds and their effect on po staff
# (demand) per pupil, in % relative to no fund, per October count.
# Bron: OCW (regeerakkoord 2017, werkdrukakkoord 2018, NPO 2021).
# ---------------------------------------------------------------------------
# Werkdrukmiddelen (structural, po): announced with the coalition agreement
# of October 2017 ("Vertrouwen in de toekomst") and set out in the
# werkdrukakkoord of February 2018: EUR 237 million in school year 2018/19,
# rising to EUR 430 million a year from 2021/22 (October counts 2018 and
# 2021). School year y/y+1 is the October count of y.
WERKDRUK_ANNOUNCED = 2017
WERKDRUK_MEUR = {2018: Decimal(237), 2021: Decimal(430)}
# ASSUMPTION (not a figure from the shared data): po personnel spending of
# EUR 9.5 billion a year. The money spent on staff in full, over this sum,
# is the effect on staff per pupil: 430 / 9,500 = 4.5 % (rounded to 0.1)
# at full size, 2.5 % in 2018 (237/430 of it), linear in 2019 and 2020.
PO_PERSONNEL_SPENDING_MEUR = Decimal(9500)
# Nationaal Programma Onderwijs (temporary, po): announced February 2021,
# school years 2021/22-2024/25 (October counts 2021-2024), nothing from
# 2025. Its staff effect is 0 by default: schools spent it on staff,
# tutoring, materials or reserves, and the data hold no measurement of the
# staff share; it ends (summer 2025) before the base year's count (October
# 2025), so it does not move the forecast. A user with an estimate
# replaces the rows (--funding).
NPO_ANNOUNCED = 2021
NPO_YEARS = list(range(2021, 2025))
NPO_STAFF_PCT = Decimal(0)

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
# Municipalities split over several successors. Value: (main successor, all
# 2026 successors, year the split took effect). The old municipality's
# population and births before the split year are apportioned over all its
# successors, in proportion to the population each gained in the split year
# (implied transfer from CBS population, see the population section). The main
# successor (the one that took the largest part; the script re-checks this and
# fails if another candidate took more) is what gemeente_successors.csv lists.
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
    # Biezenmortel -> Tilburg (CBS, "Gemeentelijke indeling op 1 januari
    # 2021": Haaren (0788) is dissolved and divided over these four; the
    # build checks each gained population in 2021, see the population
    # section). All four are written to gemeente_successors.csv `successors`.
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

# School-board (bevoegd gezag) atoms: pupils per 2026 gemeente x board x
# sector x year, po for these years, vo for the years of F_VO. Only the
# latest po year: the model takes a board's share of its municipality from
# the latest year, and every run parses the embedded file (the 15 years
# 2011-2025 made it 33,000 rows and cost 40 ms per run). The board is
# DUO's BEVOEGD_GEZAG_NUMMER / BEVOEGD GEZAG NUMMER as a string of digits
# (spaces stripped, never padded or re-formatted). DUO writes '0' where a
# location has no board; an empty cell is read as that same '0'. Board '0'
# is kept as a value of its own (so the sums stay exact) and its pupils are
# reported in the summary.
BOARD_PO_YEARS = [2025]
BOARD_NONE = "0"

# Board names by their schools (data/board_schools.csv): DUO's board
# register is not among the raw files, so a board is named by its largest
# locations in the latest year, at most this many per board and sector
# group (po, vo), as DUO names them in the pupil files.
BOARD_SCHOOLS_MAX = 3
# DUO's place names are upper case with a suffix where a name occurs twice
# ('EDE GLD', 'ALTEVEER GEM NOORDENVELD'); these words stay as written when
# a name is not in CBS's list of places and is title-cased instead.
PLACE_UPPER = {"NB", "NH", "ZH", "LB", "OV", "UT", "FR", "DR", "GN", "ZL", "FL"}
PLACE_LOWER = {"aan", "den", "de", "der", "het", "op", "van", "bij", "ad", "gem", "en", "in", "onder"}

# Published arbeidsmarktregio names that differ from the CBS 2026 spelling.
ARBEIDSMARKTREGIO_ALIASES = {
    "Stedendriehoek en Noordwest Veluwe": "Veluwe Stedendriehoek",
    "Zaanstreek-Waterland": "Zaanstreek/Waterland",
}
# The G5 cities, published as separate rows: name -> 2026 gemeentecode.
G5_CODES = {"Amsterdam": "0363", "Rotterdam": "0599", "'s-Gravenhage": "0518",
            "Utrecht": "0344", "Almere": "0034"}
# Reference dates (peildatum) of the regional shortage measurements. po: the
# page does not state it, but its G5 values equal those reported for October
# 2023 (Amsterdam 18.7 %, 's-Gravenhage 21.8 %; PO_G5_OCT2023, checked below),
# so the table is the October 2023 measurement (national po 9.7 %), not the
# 2021 one (9.1 %). vo: October 2023, stated in the source.
SHORTAGE_REFERENCE_DATE = {"po": "2023-10", "vo": "2023-10"}
SECTOR_SCHOOL_TYPES = {"Basisonderwijs": "bo", "Speciaal basisonderwijs": "sbo",
                       "(Voortgezet) speciaal onderwijs": "so_vso", "Totaal": "po"}
TRAININGS = {"pabo": "hbo_pabo", "hbo_2nd_degree": "hbo_tweedegraads",
             "hbo_1st_degree": "hbo_eerstegraads", "wo_1st_degree": "wo_eerstegraads_ulo",
             "wo_po": "wo_primair_onderwijs_pwpo"}
# Official forecast: OCW StaMOS reference forecast 2016 of teacher-training
# intake and graduates. reeks -> component, opleiding -> route (as in
# teacher_training.csv); an unknown reeks or opleiding makes the build fail.
STAMOS_SOURCE = "StaMOS 2016"
STAMOS_VINTAGE = 2016
STAMOS_YEARS = list(range(2018, 2026))
STAMOS_COMPONENTS = {"uitstroom_gediplomeerd": "graduates", "instroom": "intake"}
STAMOS_ROUTES = {"lerarenopleiding bo": "pabo", "lerarenopleiding vo": "hbo_2nd_degree",
                 "lerarenopleiding hbo master": "hbo_1st_degree",
                 "universitaire lerarenopleiding": "wo_1st_degree"}
# Years in which both the StaMOS forecast and OCW's actual graduates exist:
# their ratio shows the level gap between the two definitions.
STAMOS_RATIO_YEARS = list(range(2018, 2022))
# OECD national population by 5-year age band and sex (thousands), females
# only. The open top band ('85+') gets age_to = OECD_OPEN_AGE_TO.
OECD_YEARS = list(range(1950, 2051))
OECD_SEXES = {"Females", "Males"}
OECD_OPEN_AGE_TO = 120
# Teacher fte by age. Open bands get assumed bounds: youngest from 20 (po
# '<25') or 18 (a '<20' band), oldest up to AGE_MAX.
AGE_MAX = 69
PO_AGE_YEARS = list(range(2009, 2017))
VO_AGE_YEARS = list(range(2008, 2016))
MBO_AGE_YEARS = [2009, 2014, 2019]
# po (StaMOS, function group 'onderwijzend'): published band -> (label, from, to)
AGE_BANDS = [("<25", 20, 24), ("25-34", 25, 34), ("35-44", 35, 44),
             ("45-54", 45, 54), ("55-64", 55, 64), ("65+", 65, AGE_MAX)]
# vo proxy (StaMOS, all of education): published class -> (label, from, to)
AGE_BANDS_ALL = [("jonger dan 20 jaar", "<20", 18, 19)] + [
    (f"{a} tot {a + 5} jaar", f"{a}-{a + 4}", a, a + 4) for a in range(20, 60, 5)] + [
    ("60 jaar of ouder", "60+", 60, AGE_MAX)]
# mbo (single years of age): the two open ends
MBO_AGE_OPEN = {"20 of jonger": ("<=20", 18, 20), "67 of ouder": ("67+", 67, AGE_MAX)}
# parse_status values of the mbo file accepted as a reliable split of the
# scraped cells (each row is also re-checked against the scraped text).
MBO_PARSE_OK = ("unique", "unique_plausible", "plausible_by_age_neighbours")

# Population continuity check: no 2026 municipality may change year on year by
# at least this much (both); with splits apportioned, none may (a jump means a
# wrong successor mapping or a bad apportioning).
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
    pupil_cols = ["INSTELLINGSCODE", "VESTIGINGSCODE", "SOORT_VESTIGING", "BEVOEGD_GEZAG_NUMMER",
                  "GEMEENTECODE_VESTIGING", "GEMEENTENAAM_VESTIGING"] + \
                 [f"LEERLINGEN_{y}" for y in PO_PUPIL_YEARS]
    pupil_rows = read_table(shared, F_PO_PUPILS, pupil_cols, delimiter=";")
    staff_rows = read_table(shared, F_PO_STAFF, ["ONDERWIJSTYPE", "INSTELLINGSCODE"] +
                            [f"PERSONEN {y}" for y in PO_STAFF_YEARS], delimiter=";")
    addr_cols = ["PROVINCIE", "INSTELLINGSCODE", "VESTIGINGSCODE", "GEMEENTENUMMER", "GEMEENTENAAM"]
    bo_addr = read_table(shared, F_PO_BO_ADDR, addr_cols, delimiter=";", encoding="cp1252")
    so_addr = read_table(shared, F_PO_SO_ADDR, addr_cols, delimiter=";")
    vo_rows = {y: read_table(shared, f, ["BEVOEGD GEZAG NUMMER", "VESTIGINGSCODE", "GEMEENTENUMMER", "GEMEENTENAAM",
                                         "PROVINCIE", "AANTAL LEERLINGEN"], delimiter=";")
               for y, f in F_VO.items()}
    short_rows = read_table(shared, F_SHORTAGE, ["sector", "regio", "regio_type",
                                                 "tekort_pct_werkgelegenheid_fte", "peildatum", "bron_url"])
    sector_rows = read_table(shared, F_SECTOR, ["sector", "tekort_regulier_pct", "tekort_vervanging_pct",
                                                "tekort_totaal_pct", "bron_url"])
    intake_rows = read_table(shared, F_INTAKE, ["jaar", "bron_url"] + list(TRAININGS.values()))
    dipl_rows = read_table(shared, F_DIPLOMAS, ["jaar", "bron_url"] + list(TRAININGS.values()))
    age_rows = read_table(shared, F_AGE, ["functie", "leeftijdsklasse", "bron_url"] +
                          [str(y) for y in PO_AGE_YEARS])
    age_all_rows = read_table(shared, F_AGE_ALL, ["leeftijdsklasse", "jaar", "pct_fte"])
    age_mbo_rows = read_table(shared, F_AGE_MBO, ["leeftijd", "raw_concatenated_text_as_scraped",
                                                  "parse_status"] + [f"fte_{y}" for y in MBO_AGE_YEARS])
    g5_short_rows = read_table(shared, F_G5_SHORTAGE, ["sector", "peildatum", "gebied",
                                                       "tekort_pct_werkgelegenheid", "bron"])
    nat_short_rows = read_table(shared, F_NATIONAL_SHORTAGE, ["sector", "peildatum", "groep",
                                                              "tekort_pct_werkgelegenheid",
                                                              "tekort_fte_circa", "bron_url"])
    wpp_rows = read_table(shared, F_WPP, ["quantity", "variant", "year", "value", "unit"])
    prog_rows = read_table(shared, F_CBS_PROGNOSE, ["volgorde_geboorte", "leeftijd_moeder", "perioden",
                                                    "levend_geboren_kinderen_aantal"])
    stamos_rows = read_table(shared, F_STAMOS_FORECAST, ["reeks", "deel", "opleiding", "bron_url"] +
                             [str(y) for y in STAMOS_YEARS])
    oecd_rows = read_table(shared, F_OECD_POP, ["age", "sex", "year", "population_thousands"])

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
    split_codes = {}  # old code of a split municipality -> all 2026 codes, main first
    used_table = set()
    for code in sorted(seen):
        if code in g26:
            continue
        name, _src = seen[code]
        k = key(name)
        if k in split_by_key:
            sname, (chosen, cands, _yr) = split_by_key[k]
            new = code_of_2026_name(chosen, f"SPLITS[{sname}]")
            successors[code] = (name, new, f"split_largest:{g26[new]['name']}")
            split_codes[code] = [code_of_2026_name(c, f"SPLITS[{sname}]") for c in cands]
            if split_codes[code][0] != new:
                fail(f"SPLITS[{sname}]: the main successor {chosen!r} must come first in the list")
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

    # `successors`: every 2026 code the old municipality went to, main first
    # (one code unless it was split: SPLITS), so an error message can name
    # all the parts of a split municipality instead of only the largest.
    write_csv(outdir, "gemeente_successors.csv", ["old_code", "old_name", "new_code", "method", "successors"],
              [(c, n, nc, m, " ".join(split_codes.get(c, [nc])))
               for c, (n, nc, m) in sorted(successors.items())], report)

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
    po_placed = []  # (row, school type, 2026 code) of every location counted in po
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
        po_placed.append((r, st, code))
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

    # An institution's staff are spread over the municipalities of its
    # locations in proportion to their pupils of the same year (largest
    # remainders, so every institution-year keeps its whole persons); an
    # institution without pupils that year is placed whole (place_institution).
    placed_by_inst = defaultdict(list)
    for r, _st, code in po_placed:
        placed_by_inst[r["INSTELLINGSCODE"].strip()].append((r, code))

    def spread(inst, y, persons):
        weights = Counter()
        for r, code in placed_by_inst.get(inst, []):
            weights[code] += pupils(r, y)
        total = sum(weights.values())
        if persons == 0 or total == 0:
            return None
        exact = {c: Decimal(persons) * w / total for c, w in weights.items() if w}
        out = {c: int(v) for c, v in exact.items()}
        left = persons - sum(out.values())
        for c in sorted(exact, key=lambda c: (-(exact[c] - out[c]), c))[:left]:
            out[c] += 1
        return out

    staff = defaultdict(int)
    how = Counter()
    spread_count = Counter()
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
            parts = spread(inst, y, vals[y])
            if parts is None:
                staff[(code, st, y)] += vals[y]
                continue
            spread_count["several" if len(parts) > 1 else "one"] += 1
            for c, v in parts.items():
                staff[(c, st, y)] += v
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
    say(f"  staff spread over their locations' municipalities by the year's pupils: "
        f"{spread_count['several']} institution-years over several municipalities, "
        f"{spread_count['one']} in one; the rest (no pupils that year) placed whole as above")
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

    # ---- school-board atoms: pupils per gemeente x bevoegd gezag x sector x year ----
    # Same rows, suppression rule (pupils()), 9999 placement and 2026 code
    # mapping as po_pupils.csv / vo_pupils.csv above: po locations come from
    # po_placed, vo rows are mapped exactly as in the vo loop.
    def board_of(value, where):
        b = (value or "").replace(" ", "").strip()
        if b == "":
            b = BOARD_NONE
        if not b.isdigit():
            fail(f"{where}: bevoegd gezag number is not digits: {value!r}")
        return b

    board = defaultdict(int)  # (code, board, sector, year) -> pupils
    for r, st, code in po_placed:
        b = board_of(r["BEVOEGD_GEZAG_NUMMER"], f"{F_PO_PUPILS} {r['VESTIGINGSCODE']}")
        for y in BOARD_PO_YEARS:
            board[(code, b, st, y)] += pupils(r, y)
    for y, vrows in sorted(vo_rows.items()):
        for r in vrows:
            code = to2026(pad4(r["GEMEENTENUMMER"], F_VO[y]), F_VO[y])
            b = board_of(r["BEVOEGD GEZAG NUMMER"], f"{F_VO[y]} {r['VESTIGINGSCODE']}")
            board[(code, b, "vo", y)] += to_int(r["AANTAL LEERLINGEN"], F_VO[y])
    board_rows = sorted((c, b, s, y, v) for (c, b, s, y), v in board.items() if v > 0)

    # Consistency check against the files just written: for every
    # (gemeentecode, sector, year) of the board years the board rows must add
    # up exactly to po_pupils.csv (school_type) and vo_pupils.csv.
    def read_back(name):
        with open(outdir / name, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    expect = Counter()
    for r in read_back("po_pupils.csv"):
        y = int(r["year"])
        if y in BOARD_PO_YEARS:
            expect[(r["gemeentecode"], r["school_type"], y)] += int(r["pupils"])
    for r in read_back("vo_pupils.csv"):
        y = int(r["year"])
        if y in vo_rows:
            expect[(r["gemeentecode"], "vo", y)] += int(r["pupils"])
    got = Counter()
    for c, b, s, y, v in board_rows:
        got[(c, s, y)] += v
    diff = sorted(k for k in set(expect) | set(got) if expect[k] != got[k])
    if diff:
        fail(f"board_pupils: {len(diff)} (gemeentecode, sector, year) cells differ from "
             "po_pupils.csv / vo_pupils.csv, e.g. " + "; ".join(
                 f"{c} {s} {y}: boards {got[(c, s, y)]} vs {expect[(c, s, y)]}" for c, s, y in diff[:5]))
    none_pupils = Counter()
    for c, b, s, y, v in board_rows:
        if b == BOARD_NONE:
            none_pupils[(s, y)] += v
    boards = defaultdict(set)  # sector group -> boards
    gems = defaultdict(set)    # (group, board) -> municipalities (any year)
    gems_last = defaultdict(set)  # (group, board) -> municipalities in the last year
    for c, b, s, y, v in board_rows:
        for grp in ("po" if s != "vo" else "vo", "all"):
            boards[grp].add(b)
            gems[(grp, b)].add(c)
            if y == (BOARD_PO_YEARS[-1] if s != "vo" else max(vo_rows)):
                gems_last[(grp, b)].add(c)
    def multi(grp, d):
        return sum(1 for (g, b), cs in d.items() if g == grp and len(cs) > 1)
    sector_tot = Counter()
    for c, b, s, y, v in board_rows:
        sector_tot[(s, y)] += v
    say(f"board pupils: po {BOARD_PO_YEARS[0]}-{BOARD_PO_YEARS[-1]}, vo {min(vo_rows)}-{max(vo_rows)}; "
        f"{len(board_rows)} rows with pupils > 0; distinct boards po {len(boards['po'])}, "
        f"vo {len(boards['vo'])}, both {len(boards['po'] & boards['vo'])}, all {len(boards['all'])}")
    say(f"  boards with pupils in more than one municipality (any year / last year): "
        f"po {multi('po', gems)} / {multi('po', gems_last)}, vo {multi('vo', gems)} / {multi('vo', gems_last)}, "
        f"po and vo together {multi('all', gems)} / {multi('all', gems_last)}")
    per_sector = Counter(s for c, b, s, y, v in board_rows)
    sector_boards = defaultdict(set)
    gem_boards = defaultdict(set)  # gemeente -> boards in the last po year
    for c, b, s, y, v in board_rows:
        sector_boards[s].add(b)
        if y == BOARD_PO_YEARS[-1]:
            gem_boards[c].add(b)
    vo_board_by_loc = defaultdict(dict)
    for y, vrows in vo_rows.items():
        for r in vrows:
            vo_board_by_loc[r["VESTIGINGSCODE"].strip()][y] = board_of(r["BEVOEGD GEZAG NUMMER"], F_VO[y])
    vo_changed = sum(1 for d in vo_board_by_loc.values() if len(set(d.values())) > 1)
    widest = max(len(cs) for (g, b), cs in gems.items() if g == "all")
    say(f"  rows by sector: " + ", ".join(f"{s} {fmt(per_sector[s])}" for s in ("bo", "sbo", "so_vso", "vo"))
        + f"; boards by sector: " + ", ".join(f"{s} {len(sector_boards[s])}" for s in ("bo", "sbo", "so_vso", "vo"))
        + f"; {len({(c, b, s) for c, b, s, y, v in board_rows})} gemeente x board x sector combinations; "
        f"widest board spans {widest} municipalities; most boards in one municipality "
        f"({BOARD_PO_YEARS[-1]}): {max(len(v) for v in gem_boards.values())}; vo locations whose board "
        f"differs between years: {vo_changed}; board numbers: lengths "
        + ", ".join(f"{n} digits: {k}" for n, k in sorted(Counter(len(b) for b in boards['all']).items()))
        + f", {min(boards['all'])}..{max(boards['all'])}, leading zero: "
        f"{sum(1 for b in boards['all'] if len(b) > 1 and b[0] == '0')}")
    say(f"  pupils with no board (DUO board '{BOARD_NONE}'): "
        + (", ".join(f"{s} {y}: {v}" for (s, y), v in sorted(none_pupils.items())) or "none"))
    say(f"  check passed: every (gemeentecode, sector, year) sums exactly to po_pupils.csv / vo_pupils.csv "
        f"({sum(1 for v in expect.values() if v)} cells with pupils); totals " + ", ".join(
            f"{s} {y}: {fmt(sector_tot[(s, y)])}" for s, y in (("bo", 2011), ("bo", 2025), ("sbo", 2025),
                                                                ("so_vso", 2025), ("vo", 2024), ("vo", 2025))))
    write_csv(outdir, "board_pupils.csv", ["gemeentecode", "bevoegd_gezag", "sector", "year", "pupils"],
              board_rows, report)

    # ---- board names by their schools: the largest locations of every board ----
    board_schools_table(outdir, report, po_placed, pupils, vo_rows, bo_addr, so_addr, wp_rows, g26, board_of)

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
    # Whole mappings first; municipalities split over several successors are
    # apportioned below (their rows are kept out of `base`).
    split_old = {}  # old code -> SPLITS key
    for c, (n, _nc, m) in successors.items():
        if m.startswith("split_largest:"):
            split_old[c] = split_by_key[key(n)][0]
    base = defaultdict(lambda: [0, 0])
    for (c, y), (p, b) in raw.items():
        if c in split_old:
            continue
        t = base[(to2026(c, F_BEVDYN), y)]
        t[0] += p
        t[1] += b

    # Implied transfer per successor in the split year y1: its population on
    # 1 Jan y1 minus its own population of 1 Jan y1-1 grown at the national
    # rate. The main successor (SPLITS) must have taken the largest part.
    nl_pop = {y: nl[y][0] for y in CBS_YEARS}
    split_weights = {}  # old code -> (year, [(2026 code, weight)])
    for oc in sorted(split_old):
        old = split_old[oc]
        chosen, cands, _year = SPLITS[old]
        present = sorted(y for (c, y) in raw if c == oc)
        if present[-1] + 1 not in CBS_YEARS:
            fail(f"SPLITS[{old}]: {oc} has CBS data up to {present[-1]}, so the split year is not "
                 f"observed and the transfers cannot be derived: state the shares explicitly")
        y1 = present[-1] + 1
        growth = Decimal(nl_pop[y1]) / Decimal(nl_pop[y1 - 1])
        est = {}
        for cn in cands:
            cc = code_of_2026_name(cn, f"SPLITS[{old}]")
            est[cc] = int((base[(cc, y1)][0] - base[(cc, y1 - 1)][0] * growth)
                          .quantize(Decimal(1), rounding=ROUND_HALF_UP))
        best = max(est, key=lambda cc: (est[cc], cc))
        if g26[best]["name"] != chosen:
            fail(f"SPLITS[{old}]: CBS population suggests {g26[best]['name']} took the largest part "
                 f"({est}), not {chosen}")
        if min(est.values()) <= 0:
            fail(f"SPLITS[{old}]: a successor has a non-positive implied transfer ({est}): "
                 f"check the successor list")
        split_weights[oc] = (y1, sorted(est.items(), key=lambda kv: (-kv[1], kv[0])))

    def apportion(n, weights):
        """Split integer n over weights by largest remainder (exact sum)."""
        tot = sum(w for _c, w in weights)
        parts = {}
        rems = []
        for c, w in weights:
            q, r = divmod(n * w, tot)
            parts[c] = q
            rems.append((-r, c))
        for _r, c in sorted(rems)[:n - sum(parts.values())]:
            parts[c] += 1
        return parts

    popb = defaultdict(lambda: [0, 0], {k: list(v) for k, v in base.items()})
    for (c, y), (p, b) in sorted(raw.items()):
        if c not in split_old:
            continue
        w = split_weights[c][1]
        for cc, v in apportion(p, w).items():
            popb[(cc, y)][0] += v
        for cc, v in apportion(b, w).items():
            popb[(cc, y)][1] += v
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

    def change(c, y):
        a, b = popb[(c, y - 1)][0], popb[(c, y)][0]
        return a, b, (b - a) / a * 100

    def is_jump(a, b):
        return abs(b - a) >= JUMP_ABS and abs(b - a) / a * 100 >= JUMP_PCT

    # Split apportioning: report shares; no recipient may still jump in y1.
    for oc in sorted(split_old, key=lambda c: (split_weights[c][0], c)):
        y1, w = split_weights[oc]
        tot = sum(v for _c, v in w)
        worst = max((change(cc, y1) for cc, _v in w), key=lambda t: abs(t[2]))
        for cc, _v in w:
            a, b, pct = change(cc, y1)
            if is_jump(a, b):
                fail(f"split {split_old[oc]} ({oc}) apportioned, but {cc} {g26[cc]['name']} still "
                     f"jumps from {a} to {b} ({pct:+.1f} %) in {y1}")
        # For comparison: the break that assigning it whole to the main successor gives.
        p_old = raw[(oc, y1 - 1)][0]
        parts = apportion(p_old, w)
        main = successors[oc][1]
        whole_breaks = []
        for cc, _v in w:
            a = popb[(cc, y1 - 1)][0] - parts[cc] + (p_old if cc == main else 0)
            b = popb[(cc, y1)][0]
            if is_jump(a, b):
                whole_breaks.append(f"{g26[cc]['name']} {(b - a) / a * 100:+.1f} %")
        say(f"  split {split_old[oc]} ({oc}, {p_old:,} inhabitants 1 Jan {y1 - 1}) in {y1}: "
            f"implied transfer " + ", ".join(f"{g26[cc]['name']} ~{v:,} ({v / tot * 100:.1f} %)" for cc, v in w)
            + f"; pop/births {min(y for (c, y) in raw if c == oc)}-{y1 - 1} apportioned by these shares; "
            f"largest change of a successor in {y1}: {worst[2]:+.1f} % (whole to {g26[main]['name']} would "
            f"break: {', '.join(whole_breaks) or 'none'})")
    # Continuity: with splits apportioned, no big year-on-year jump may remain.
    for c in sorted(g26):
        for y in CBS_YEARS[1:]:
            a, b, pct = change(c, y)
            if is_jump(a, b):
                fail(f"population of {c} {g26[c]['name']} jumps from {a} to {b} in {y}: "
                     f"check the successor map")
    say(f"  continuity: no 2026 municipality changes by >= {JUMP_PCT}% and >= {JUMP_ABS:,} persons "
        f"in a year (split successors included)")
    rows = [(c, y, popb[(c, y)][0], popb[(c, y)][1]) for c in sorted(g26) for y in CBS_YEARS]
    write_csv(outdir, "population_births.csv", ["gemeentecode", "year", "population", "births"], rows, report)
    cbs_births = {y: sum(popb[(c, y)][1] for c in g26) for y in CBS_YEARS}
    if any(cbs_births[y] != nl[y][1] for y in CBS_YEARS):
        fail("births_national: municipal births do not add up to the NL01 row")

    # ---- national births: observed 1950-2023 and projections 2024-2100 ----
    wpp = {}
    wpp_skipped = []
    expect_unit = {"births": "thousands", "tfr": "children per woman"}
    for r in wpp_rows:
        q, v, ys = r["quantity"].strip(), r["variant"].strip(), r["year"].strip()
        if q not in expect_unit:
            continue  # population
        if not ys.isdigit():
            wpp_skipped.append(f"{q},{v},{ys}")  # e.g. tfr,estimate,last.observed (a note)
            continue
        if r["unit"].strip() != expect_unit[q]:
            fail(f"{F_WPP}: {q} {v} {ys}: unit {r['unit']!r}, expected {expect_unit[q]!r}")
        k = (q, v, int(ys))
        if k in wpp:
            fail(f"{F_WPP}: {k} listed twice")
        wpp[k] = to_dec(r["value"], f"{F_WPP} {k}")

    def wpp_get(q, v, y):
        if (q, v, y) not in wpp:
            fail(f"{F_WPP}: no {q} {v} value for {y}")
        return wpp[(q, v, y)]

    def wpp_births(y):  # persons
        return wpp_get("births", "estimate" if y <= 2023 else "medium", y) * 1000

    def whole(d):
        return int(d.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    ratios = [Decimal(cbs_births[y]) / wpp_births(y) for y in BIRTHS_RATIO_YEARS]
    ratio = sum(ratios) / len(ratios)
    prog = {}
    for r in prog_rows:
        if r["volgorde_geboorte"].strip() == "Totaal" and r["leeftijd_moeder"].strip() == "Totaal":
            y = to_int(r["perioden"], F_CBS_PROGNOSE)
            if y in prog:
                fail(f"{F_CBS_PROGNOSE}: Totaal/Totaal listed twice for {y}")
            prog[y] = to_int(r["levend_geboren_kinderen_aantal"], f"{F_CBS_PROGNOSE} {y}")
    if sorted(prog) != CBS_PROGNOSE_YEARS:
        fail(f"{F_CBS_PROGNOSE}: Totaal/Totaal years {sorted(prog)}, expected {CBS_PROGNOSE_YEARS}")
    anchor = {y: Decimal(prog[y]) / wpp_births(y) for y in CBS_PROGNOSE_YEARS}

    def k_of(y):
        if y >= CBS_PROGNOSE_YEARS[-1]:
            return anchor[CBS_PROGNOSE_YEARS[-1]]
        a = max(x for x in CBS_PROGNOSE_YEARS if x <= y)
        b = min(x for x in CBS_PROGNOSE_YEARS if x > y)
        return anchor[a] + (anchor[b] - anchor[a]) * (y - a) / (b - a)

    src_cbs = "CBS 37259ENG registered live births"
    src_wpp = "UN WPP 2024 estimate x mean CBS/WPP ratio 2012-2021"
    src_proj = {"medium": "UN WPP 2024 medium x CBS Bevolkingsprognose 2023 anchor",
                "low": "medium x UN WPP 2024 TFR band (-0.5 child) phased in smoothly 2024-2036",
                "high": "medium x UN WPP 2024 TFR band (+0.5 child) phased in smoothly 2024-2036"}
    bn = {}
    rows = []
    for y in BIRTHS_OBSERVED_YEARS:
        if y in cbs_births:
            bn[(y, "observed")] = cbs_births[y]
            rows.append((y, "observed", cbs_births[y], src_cbs))
        else:
            bn[(y, "observed")] = whole(wpp_births(y) * ratio)
            rows.append((y, "observed", bn[(y, "observed")], src_wpp))
    # low/high = medium x (TFR_medium(y) +- offset(y)) / TFR_medium(y),
    # offset(y) = 0.5 x s(x) while the band opens, WPP's own offset after
    # (see BIRTH_BAND_*).
    full_year = BIRTH_BAND_BASE_YEAR + BIRTH_BAND_PHASE_IN_YEARS

    def band_offset(v, y):
        tm = wpp_get("tfr", "medium", y)
        if y >= full_year:
            return wpp_get("tfr", v, y) - tm
        x = Decimal(y - BIRTH_BAND_BASE_YEAR) / BIRTH_BAND_PHASE_IN_YEARS
        sign = -1 if v == "low" else 1
        return sign * BIRTH_BAND_OFFSET * (3 * x * x - 2 * x * x * x)

    if BIRTHS_OBSERVED_YEARS[-1] != BIRTH_BAND_BASE_YEAR:
        fail("births_national: the band phase-in must start at the last observed year")
    for v in ("low", "high"):
        got = abs(wpp_get("tfr", v, full_year) - wpp_get("tfr", "medium", full_year))
        if got != BIRTH_BAND_OFFSET:
            fail(f"{F_WPP}: TFR {v} is {got} from medium in {full_year}, not the expected "
                 f"{BIRTH_BAND_OFFSET} the phase-in ends at")
    for y in BIRTHS_PROJECTION_YEARS:
        med = wpp_births(y) * k_of(y)
        tm = wpp_get("tfr", "medium", y)
        for v in BIRTH_VARIANTS:
            val = med if v == "medium" else med * (tm + band_offset(v, y)) / tm
            bn[(y, v)] = whole(val)
            rows.append((y, v, bn[(y, v)], src_proj[v]))
    for y in CBS_PROGNOSE_YEARS[1:]:
        if bn[(y, "medium")] != prog[y]:
            fail(f"births_national: medium {y} = {bn[(y, 'medium')]} misses the CBS level {prog[y]}")
    for y in BIRTHS_PROJECTION_YEARS:
        if not bn[(y, "low")] < bn[(y, "medium")] < bn[(y, "high")]:
            fail(f"births_national {y}: variants not ordered low < medium < high")
    steps = {}
    for v in ("low", "high"):
        prev = bn[(BIRTH_BAND_BASE_YEAR, "observed")]
        for y in BIRTHS_PROJECTION_YEARS:
            step = abs(Decimal(bn[(y, v)]) / prev - 1) * 100
            if step >= BIRTH_BAND_MAX_STEP_PCT:
                fail(f"births_national {v} {y}: changes {step:.1f} % in a year "
                     f"(limit {BIRTH_BAND_MAX_STEP_PCT} %)")
            steps[v] = max(steps.get(v, Decimal(0)), step)
            prev = Decimal(bn[(y, v)])
    say(f"national births: observed 2012-2023 = CBS (sum of municipalities = NL01; 2023: "
        f"{fmt(cbs_births[2023])}); 1950-2011 = WPP estimate x {ratio:.4f} (mean CBS/WPP 2012-2021, "
        f"range {min(ratios):.4f}-{max(ratios):.4f}): " + ", ".join(
            f"{y} {fmt(bn[(y, 'observed')])}" for y in (1950, 1964, 1983, 2000, 2011))
        + f"; skipped WPP rows: {', '.join(wpp_skipped) or 'none'}")
    say("  CBS/WPP anchor k: " + ", ".join(f"{y} {anchor[y]:.4f}" for y in CBS_PROGNOSE_YEARS)
        + " (linear in between, held after 2070); medium = CBS Bevolkingsprognose 2023 exactly at "
        + ", ".join(str(y) for y in CBS_PROGNOSE_YEARS[1:]))
    full = BIRTH_BAND_BASE_YEAR + BIRTH_BAND_PHASE_IN_YEARS
    say(f"  low/high = medium x (TFR medium +- {BIRTH_BAND_OFFSET} x s(x)) / TFR medium, s(x) = 3x^2 - 2x^3, "
        f"x = min(1, (year - {BIRTH_BAND_BASE_YEAR}) / {BIRTH_BAND_PHASE_IN_YEARS}): WPP's band opened smoothly, "
        f"WPP's own TFR from {full}; largest yearly change low {steps['low']:.1f} %, high {steps['high']:.1f} % "
        f"(limit {BIRTH_BAND_MAX_STEP_PCT} %; WPP's own steps would be 12 % in 2029)")
    say("  projected births medium / low / high: " + "; ".join(
        f"{y}: {fmt(bn[(y, 'medium')])} / {fmt(bn[(y, 'low')])} / {fmt(bn[(y, 'high')])}"
        for y in (2024, 2025, 2030, 2040, 2050, 2070, 2100)))
    order = {"observed": 0, "medium": 1, "low": 2, "high": 3}
    rows.sort(key=lambda t: (t[0], order[t[1]]))
    write_csv(outdir, "births_national.csv", ["year", "variant", "births", "source"], rows, report)

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
        if sector == "po" and regio in PO_G5_OCT2023 and pct != PO_G5_OCT2023[regio]:
            fail(f"{F_SHORTAGE}: po {regio} = {pct} %, not the October 2023 value "
                 f"{PO_G5_OCT2023[regio]} % that dates the po table")
        ref = SHORTAGE_REFERENCE_DATE[sector]
        out.append((sector, out_type, name, gc, pct, int(ref[:4]), ref, r["bron_url"].strip()))
    for sector in sorted(SHORTAGE_REFERENCE_DATE):
        miss = amr_set - seen_reg[(sector, "arbeidsmarktregio")]
        if miss:
            fail(f"{F_SHORTAGE}: {sector} lacks arbeidsmarktregio's {sorted(miss)}")
        if seen_reg[(sector, "gemeente")] != set(G5_CODES):
            fail(f"{F_SHORTAGE}: {sector} does not list exactly the G5")
    # The G5 cities together and the rest of the country (po, October 2022
    # and 2023): areas of several municipalities, their codes separated by
    # spaces. The model uses them where no regional table of the same or a
    # later year is known (a cutoff of 2022), and the shortage backtest
    # scores them.
    g5 = " ".join(sorted(G5_CODES.values()))
    rest = " ".join(sorted(c for c in g26 if c not in G5_CODES.values()))
    for r in g5_short_rows:
        gebied = r["gebied"].strip()
        if gebied.startswith("G5"):
            name, codes = "G5", g5
        elif gebied == "Nederland zonder G5":
            name, codes = "Nederland zonder G5", rest
        else:
            fail(f"{F_G5_SHORTAGE}: unknown gebied {gebied!r}")
        peil = r["peildatum"].strip()
        out.append((r["sector"].strip(), "gemeenten", name, codes,
                    str(to_dec(r["tekort_pct_werkgelegenheid"], F_G5_SHORTAGE)), int(peil[:4]), peil[:7],
                    r["bron"].strip()))
    out.sort(key=lambda t: (t[0], t[1], t[2], t[5]))
    say(f"measured shortage: po and vo each 35 arbeidsmarktregio's + G5; po: the G5 together and the rest "
        f"of the country in {', '.join(sorted({r['peildatum'].strip()[:4] for r in g5_short_rows}))}; aliases used: "
        + "; ".join(f"{a!r} -> {b!r}" for a, b in ARBEIDSMARKTREGIO_ALIASES.items()))
    say("  reference dates: " + ", ".join(f"{s} {d}" for s, d in sorted(SHORTAGE_REFERENCE_DATE.items()))
        + " (po dated by its G5 values: " + ", ".join(f"{k} {v} %" for k, v in PO_G5_OCT2023.items())
        + " = October 2023)")
    write_csv(outdir, "measured_shortage.csv",
              ["sector", "region_type", "region", "gemeentecode", "shortage_pct", "year", "reference_date",
               "source_url"], out, report)

    # ---- national shortage series (teachers) ----
    out = []
    for r in nat_short_rows:
        if r["groep"].strip() != "leraren":
            continue  # school leaders, and vo sub-groups by school type
        sector = r["sector"].strip()
        peil = r["peildatum"].strip()
        if len(peil) != 10 or not peil[:4].isdigit() or peil[4] != "-" or peil[7] != "-":
            fail(f"{F_NATIONAL_SHORTAGE}: {sector}: peildatum {peil!r} is not YYYY-MM-DD")
        year = int(peil[:4])
        pv = r["tekort_pct_werkgelegenheid"].strip()
        pct = str(to_dec(pv, F_NATIONAL_SHORTAGE)) if pv else None
        fte = to_int(r["tekort_fte_circa"], f"{F_NATIONAL_SHORTAGE} {sector} {year}")
        if (sector, year) in {(t[0], t[1]) for t in out}:
            fail(f"{F_NATIONAL_SHORTAGE}: two 'leraren' rows for {sector} {year}")
        out.append((sector, year, peil[:7], pct, fte, r["bron_url"].strip()))
    found = {(t[0], t[1]): (t[3], t[4]) for t in out}
    if found != README_NATIONAL_SHORTAGE:
        fail(f"{F_NATIONAL_SHORTAGE}: teacher rows {found} differ from the stated {README_NATIONAL_SHORTAGE}")
    out.sort(key=lambda t: (t[0], t[1]))
    say("national shortage (teachers): " + ", ".join(
        f"{t[0]} {t[2]} {t[3] + ' % ' if t[3] else ''}{fmt(t[4])} fte" for t in out)
        + " (mbo: no % published)")
    write_csv(outdir, "national_shortage.csv",
              ["sector", "year", "reference_date", "shortage_pct", "shortage_fte", "source_url"], out, report)

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

    # ---- official forecast: StaMOS reference forecast 2016 ----
    fc = {}  # (component, route) -> ({year: value}, source_url)
    for r in stamos_rows:
        reeks, opl, deel = r["reeks"].strip(), r["opleiding"].strip(), r["deel"].strip()
        where = f"{F_STAMOS_FORECAST} {reeks} {opl!r}"
        if reeks not in STAMOS_COMPONENTS:
            fail(f"{where}: unknown reeks {reeks!r} (known: {', '.join(STAMOS_COMPONENTS)})")
        if opl not in STAMOS_ROUTES:
            fail(f"{where}: unknown opleiding {opl!r}: add it to STAMOS_ROUTES in {Path(__file__).name}")
        if deel != "totaal":
            fail(f"{where}: deel {deel!r}, expected 'totaal'")
        k = (STAMOS_COMPONENTS[reeks], STAMOS_ROUTES[opl])
        if k in fc:
            fail(f"{where}: listed twice")
        fc[k] = ({y: to_int(r[str(y)], f"{where} {y}") for y in STAMOS_YEARS}, r["bron_url"].strip())
    rows = [(STAMOS_SOURCE, STAMOS_VINTAGE, comp, route, y, vals[y], url)
            for (comp, route), (vals, url) in sorted(fc.items()) for y in STAMOS_YEARS]
    say(f"official forecast {STAMOS_SOURCE}: " + "; ".join(
        f"{comp} " + ", ".join(route for (c, route) in sorted(fc) if c == comp)
        for comp in sorted({c for c, _r in fc})) + f", {STAMOS_YEARS[0]}-{STAMOS_YEARS[-1]}")
    ratio_years = f"{STAMOS_RATIO_YEARS[0]}-{STAMOS_RATIO_YEARS[-1]}"
    for comp, actual in (("graduates", grads), ("intake", intake)):
        parts = []
        for (c, route), (vals, _url) in sorted(fc.items()):
            if c != comp:
                continue
            act = [actual.get((y, route)) for y in STAMOS_RATIO_YEARS]
            if any(a is None or a <= 0 for a in act):
                fail(f"official forecast: no OCW {comp} for {route} in every year {ratio_years}")
            yearly = [Decimal(vals[y]) / a for y, a in zip(STAMOS_RATIO_YEARS, act)]
            total = Decimal(sum(vals[y] for y in STAMOS_RATIO_YEARS)) / sum(act)
            parts.append(f"{route} {total:.2f} ({min(yearly):.2f}-{max(yearly):.2f})")
        say(f"  StaMOS forecast / OCW actual {comp}, {ratio_years} (sum over the years; yearly range): "
            + ", ".join(parts))
    write_csv(outdir, "official_forecasts.csv",
              ["source", "vintage", "component", "series", "year", "value", "source_url"], rows, report)

    # ---- teacher fte by age: po, vo (proxy: all of education), mbo ----
    rows = []
    sums = {}
    ages = {r["leeftijdsklasse"].strip(): r for r in age_rows if r["functie"].strip() == "onderwijzend"}
    for band, lo, hi in AGE_BANDS:
        if band not in ages:
            fail(f"{F_AGE}: no 'onderwijzend' row for age band {band}")
    if len(ages) != len(AGE_BANDS):
        fail(f"{F_AGE}: unexpected 'onderwijzend' bands {sorted(ages)}")
    for y in PO_AGE_YEARS:
        sums[("po", y)] = Decimal(0)
        for band, lo, hi in AGE_BANDS:
            v = to_dec(ages[band][str(y)], f"{F_AGE} {band} {y}")
            sums[("po", y)] += v
            rows.append(("po", y, band, lo, hi, str(v)))
    all_cls = {}
    for r in age_all_rows:
        k = (r["leeftijdsklasse"].strip(), to_int(r["jaar"], F_AGE_ALL))
        if k in all_cls:
            fail(f"{F_AGE_ALL}: {k} listed twice")
        all_cls[k] = to_dec(r["pct_fte"], f"{F_AGE_ALL} {k}")
    if set(all_cls) != {(c, y) for c, *_ in AGE_BANDS_ALL for y in VO_AGE_YEARS}:
        fail(f"{F_AGE_ALL}: classes/years differ from AGE_BANDS_ALL x {VO_AGE_YEARS[0]}-{VO_AGE_YEARS[-1]}")
    for y in VO_AGE_YEARS:
        sums[("vo", y)] = Decimal(0)
        for cls, band, lo, hi in AGE_BANDS_ALL:
            v = all_cls[(cls, y)]
            sums[("vo", y)] += v
            rows.append(("vo", y, band, lo, hi, str(v)))
    # mbo: fte per single age; re-check each row's split of the scraped text.
    status = Counter()
    mbo = []
    mbo_tot = {y: Decimal(0) for y in MBO_AGE_YEARS}
    for r in age_mbo_rows:
        lab = r["leeftijd"].strip()
        st = r["parse_status"].strip()
        if not st.startswith(MBO_PARSE_OK):
            fail(f"{F_AGE_MBO}: age {lab}: parse_status {st!r} is not one of {MBO_PARSE_OK}")
        status[st.split(" ")[0]] += 1
        cells = [r[f"fte_{y}"].strip() for y in MBO_AGE_YEARS]
        vals = [to_dec(c, f"{F_AGE_MBO} {lab}") for c in cells]
        if "".join(c.replace(".", ",") for c in cells) != r["raw_concatenated_text_as_scraped"].strip():
            fail(f"{F_AGE_MBO}: age {lab}: {cells} do not re-join to the scraped text "
                 f"{r['raw_concatenated_text_as_scraped']!r}")
        if lab in MBO_AGE_OPEN:
            band, lo, hi = MBO_AGE_OPEN[lab]
        elif lab.isdigit():
            band, lo, hi = lab, int(lab), int(lab)
        else:
            fail(f"{F_AGE_MBO}: unknown age label {lab!r}")
        mbo.append((lo, band, hi, vals))
        for y, v in zip(MBO_AGE_YEARS, vals):
            mbo_tot[y] += v
    mbo.sort()
    ages_seen = [a for lo, _b, hi, _v in mbo for a in range(lo, hi + 1)]
    if ages_seen != list(range(mbo[0][0], AGE_MAX + 1)):
        fail(f"{F_AGE_MBO}: ages do not form one contiguous range up to {AGE_MAX}")
    for y, t in README_MBO_FTE_TOTALS.items():
        dev = abs(mbo_tot[y] - t) / t * 100
        if dev > MBO_TOTAL_TOLERANCE_PCT:
            fail(f"{F_AGE_MBO}: total fte {y} = {mbo_tot[y]} is {dev:.2f} % off the stated {t}")
    for i, y in enumerate(MBO_AGE_YEARS):
        sums[("mbo", y)] = Decimal(0)
        for lo, band, hi, vals in mbo:
            v = (vals[i] * 100 / mbo_tot[y]).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
            sums[("mbo", y)] += v
            rows.append(("mbo", y, band, lo, hi, str(v)))
    off = {k: v for k, v in sums.items() if abs(v - 100) > Decimal("0.5")}
    if off:
        fail(f"teacher_fte_age: shares do not sum to about 100: {off}")
    rows.sort(key=lambda t: (t[0], t[1], t[3]))
    say(f"teacher fte by age: po {PO_AGE_YEARS[0]}-{PO_AGE_YEARS[-1]} ({len(AGE_BANDS)} bands, StaMOS "
        f"'onderwijzend'), vo {VO_AGE_YEARS[0]}-{VO_AGE_YEARS[-1]} ({len(AGE_BANDS_ALL)} bands, StaMOS all "
        f"of education as proxy), mbo {', '.join(map(str, MBO_AGE_YEARS))} ({len(mbo)} single ages); "
        f"open bands end at {AGE_MAX}")
    say("  band sums (%, as published for po/vo): " + ", ".join(
        f"{s} {min(v for (ss, _y), v in sums.items() if ss == s)}-{max(v for (ss, _y), v in sums.items() if ss == s)}"
        for s in ("po", "vo", "mbo")))
    say("  share of fte aged 55+ (%): " + "; ".join(
        f"{sec} " + ", ".join(
            f"{y} {sum(Decimal(t[5]) for t in rows if t[0] == sec and t[1] == y and t[3] >= 55)}"
            for y in yrs) for sec, yrs in (("po", PO_AGE_YEARS), ("vo", VO_AGE_YEARS), ("mbo", MBO_AGE_YEARS))))
    say("  mbo total fte: " + ", ".join(
        f"{y}: {mbo_tot[y]:,} (stated ~{fmt(README_MBO_FTE_TOTALS[y])}, "
        f"{(mbo_tot[y] - README_MBO_FTE_TOTALS[y]) / README_MBO_FTE_TOTALS[y] * 100:+.2f} %)" for y in MBO_AGE_YEARS)
        + "; parse_status: " + ", ".join(f"{k} {n}" for k, n in sorted(status.items()))
        + "; every row re-joins to its scraped text")
    write_csv(outdir, "teacher_fte_age.csv", ["sector", "year", "age_band", "age_from", "age_to", "share_pct"],
              rows, report)

    # ---- national female population by 5-year age band (OECD) ----
    def oecd_band(label, where):
        lab = label.strip()
        if lab.endswith("+") and lab[:-1].isdigit():
            return int(lab[:-1]), OECD_OPEN_AGE_TO, True
        lo, sep, hi = lab.partition("-")
        if sep and lo.isdigit() and hi.isdigit() and int(lo) <= int(hi):
            return int(lo), int(hi), False
        fail(f"{where}: unknown age label {label!r}")

    sexes = {r["sex"].strip() for r in oecd_rows}
    if sexes != OECD_SEXES:
        fail(f"{F_OECD_POP}: sex values {sorted(sexes)}, expected {sorted(OECD_SEXES)}")
    women = {}  # (age_from, year) -> thousands
    bands = {}  # age_from -> (age_to, label, open)
    for r in oecd_rows:
        if r["sex"].strip() != "Females":
            continue
        y = to_int(r["year"], F_OECD_POP)
        where = f"{F_OECD_POP} Females {r['age'].strip()} {y}"
        lo, hi, is_open = oecd_band(r["age"], where)
        if bands.setdefault(lo, (hi, r["age"].strip(), is_open)) != (hi, r["age"].strip(), is_open):
            fail(f"{where}: age band starting at {lo} is labelled both {bands[lo][1]!r} and {r['age'].strip()!r}")
        if (lo, y) in women:
            fail(f"{where}: listed twice")
        v = to_dec(r["population_thousands"], where)
        if v < 0:
            fail(f"{where}: negative population {v}")
        women[(lo, y)] = v
    order = sorted(bands)
    nxt = 0
    for i, lo in enumerate(order):
        hi, lab, is_open = bands[lo]
        if lo != nxt:
            fail(f"{F_OECD_POP}: age bands are not contiguous from 0: {lab!r} follows age {nxt - 1}")
        if is_open != (i == len(order) - 1):
            fail(f"{F_OECD_POP}: only the last age band may be open ({lab!r})")
        nxt = hi + 1
    years = sorted({y for _lo, y in women})
    if years != OECD_YEARS:
        fail(f"{F_OECD_POP}: female years {years[0]}-{years[-1]} ({len(years)}), expected "
             f"{OECD_YEARS[0]}-{OECD_YEARS[-1]} without gaps")
    missing = [f"{bands[lo][1]} {y}" for lo in order for y in OECD_YEARS if (lo, y) not in women]
    if missing:
        fail(f"{F_OECD_POP}: female cells missing: {', '.join(missing[:10])}"
             + (f" and {len(missing) - 10} more" if len(missing) > 10 else ""))
    halves = sum(1 for v in women.values() if (v * 1000) % 1 == Decimal("0.5"))
    other_frac = sum(1 for v in women.values() if (v * 1000) % 1 not in (0, Decimal("0.5")))
    rows = [(y, lo, bands[lo][0], int((women[(lo, y)] * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
            for y in OECD_YEARS for lo in order]
    tot = {y: sum(p for yy, _lo, _hi, p in rows if yy == y) for y in OECD_YEARS}
    fert = {y: sum(p for yy, lo, hi, p in rows if yy == y and lo >= 15 and hi <= 49) for y in OECD_YEARS}
    # The file does not mark where estimates end: compare with CBS's
    # registered women (NL01, 1 January), as the mean of 1 Jan y and y+1.
    cbs_f = {}
    for r in bev_rows:
        if r["Regions"].strip().startswith("NL") and r["Sex Label"].strip() == "Female":
            y = to_int(r["Periods Label"], F_BEVDYN)
            if y in CBS_YEARS:
                cbs_f[y] = to_int(r["PopulationOn1January_1"], f"{F_BEVDYN} NL Female {y}")
    if sorted(cbs_f) != CBS_YEARS:
        fail(f"{F_BEVDYN}: no national 'Female' row for every year {CBS_YEARS[0]}-{CBS_YEARS[-1]}")
    dev = {}
    for y in CBS_YEARS:
        if y + 1 in cbs_f:
            mid = Decimal(cbs_f[y] + cbs_f[y + 1]) / 2
            oecd = sum(women[(lo, y)] for lo in order) * 1000
            dev[y] = (oecd - mid, (oecd - mid) / mid * 100)
    say(f"women by age: OECD, {len(order)} bands ({bands[order[0]][1]} ... {bands[order[-1]][1]}, open top band "
        f"-> age_to {OECD_OPEN_AGE_TO}), {OECD_YEARS[0]}-{OECD_YEARS[-1]}; thousands x 1000, {halves} cells end in "
        f"half a person (rounded half up), {other_frac} other fractions; the file has no estimate/projection "
        f"marker (no `kind` column)")
    say("  women total: " + ", ".join(f"{y}: {fmt(tot[y])}" for y in (1950, 1980, 2000, 2013, 2015, 2020, 2030, 2050))
        + "; aged 15-49: " + ", ".join(f"{y}: {fmt(fert[y])}" for y in (1950, 1980, 2000, 2013, 2030, 2050)))
    say("  OECD women total - CBS women (mean of 1 Jan y and y+1, NL01 'Female'): " + ", ".join(
        f"{y} {d:+,.0f} ({pct:+.2f} %)" for y, (d, pct) in sorted(dev.items())))
    write_csv(outdir, "population_women.csv", ["year", "age_from", "age_to", "persons"], rows, report)

    # ---- funding path: policy funds and staff per pupil (constants above) ----
    step = Decimal("0.01")
    full = (WERKDRUK_MEUR[2021] / PO_PERSONNEL_SPENDING_MEUR * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    first = (full * WERKDRUK_MEUR[2018] / WERKDRUK_MEUR[2021]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    rows = []
    for y in range(2018, 2022):
        pct = first + (full - first) * (y - 2018) / 3
        rows.append(("werkdrukmiddelen", "po", WERKDRUK_ANNOUNCED, y,
                     str(pct.quantize(step, rounding=ROUND_HALF_UP)), "structural"))
    rows += [("npo", "po", NPO_ANNOUNCED, y, str(NPO_STAFF_PCT), "temporary") for y in NPO_YEARS]
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    say(f"funding path: werkdrukmiddelen (po, structural) {first} % in 2018 to {full} % from 2021 "
        f"(EUR {WERKDRUK_MEUR[2021]} million / assumed EUR {PO_PERSONNEL_SPENDING_MEUR} million personnel spending); "
        f"npo (po, temporary) {NPO_STAFF_PCT} % {NPO_YEARS[0]}-{NPO_YEARS[-1]}")
    write_csv(outdir, "funding_path.csv",
              ["fund", "sector", "announced", "year", "staff_per_pupil_pct", "kind"], rows, report)

    return report


def place_key(name):
    """A place name without case, accents, spaces or punctuation."""
    import unicodedata
    n = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in n if c.isalnum() and not unicodedata.combining(c))


def title_place(name):
    """DUO's upper-case place name in title case: 'NES AMELAND' -> 'Nes Ameland',
    "'S-HEER ARENDSKERKE" -> "'s-Heer Arendskerke", 'NIEUWERKERK AD IJSSEL' ->
    'Nieuwerkerk ad IJssel'; province suffixes (NB, NH, ...) stay upper case."""
    def part(p):
        low = p.lower()
        if low in ("'s", "'t"):
            return low
        if low.startswith("ij"):
            return "IJ" + low[2:]
        return low[:1].upper() + low[1:]

    words = []
    for i, w in enumerate(name.split()):
        if w in PLACE_UPPER:
            words.append(w)
        elif i > 0 and w.lower() in PLACE_LOWER:
            words.append(w.lower())
        else:
            words.append("-".join(part(p) for p in w.split("-")))
    return " ".join(words)


def board_schools_table(outdir, report, po_placed, pupils, vo_rows, bo_addr, so_addr, wp_rows, g26, board_of):
    """data/board_schools.csv: every board's largest locations by pupils in
    the latest year (po: the pupil file's latest year, vo: the latest vo
    file), at most BOARD_SCHOOLS_MAX per board and sector group, to name a
    board in the report. The locations and pupils are those of
    board_pupils.csv (same rows, same '<5' rule)."""
    # The columns read here beyond those build() requires up front.
    for rows, rel, cols in (([r for r, _st, _c in po_placed[:1]], F_PO_PUPILS, ["NAAM_VESTIGING"]),
                            (bo_addr, F_PO_BO_ADDR, ["PLAATSNAAM"]), (so_addr, F_PO_SO_ADDR, ["PLAATSNAAM"]),
                            (vo_rows[max(vo_rows)], F_VO[max(vo_rows)], ["INSTELLINGSNAAM VESTIGING", "PLAATSNAAM"])):
        missing = [c for c in cols if rows and c not in rows[0]]
        if missing:
            fail(f"{rel}: column(s) missing: {', '.join(missing)}")
    # CBS's spelling of a place where DUO's name is one (without case,
    # accents or punctuation), else DUO's with its suffix dropped
    # ('EDE GLD' -> Ede), else DUO's in title case.
    cbs = {}
    for r in wp_rows:
        cbs.setdefault(place_key(r["Woonplaats"]), r["Woonplaats"].strip())
    how = Counter()

    def place(raw):
        raw = " ".join((raw or "").split())
        if place_key(raw) in cbs:
            how["CBS"] += 1
            return cbs[place_key(raw)]
        words = raw.split()
        for cut in range(len(words) - 1, 0, -1):
            tail = words[cut:]
            if (len(tail) == 1 and (tail[0] in PLACE_UPPER or tail[0] == "GLD")) or tail[0] == "GEM":
                if place_key(" ".join(words[:cut])) in cbs:
                    how["CBS without DUO's suffix"] += 1
                    return cbs[place_key(" ".join(words[:cut]))]
        how["title case"] += 1
        return title_place(raw)

    def school(raw):
        # DUO's export doubles quotes inside a quoted name: 'BS ""De Maasparel""'.
        return " ".join((raw or "").replace('""', '"').split())

    po_place = {}
    for rows in (bo_addr, so_addr):
        for r in rows:
            po_place.setdefault(r["VESTIGINGSCODE"].strip(), r["PLAATSNAAM"])
    po_year = PO_PUPIL_YEARS[-1]
    vo_year = max(vo_rows)
    named = defaultdict(int)  # (board, group, school, place) -> pupils
    no_address = 0
    for r, _st, code in po_placed:
        n = pupils(r, po_year)
        b = board_of(r["BEVOEGD_GEZAG_NUMMER"], f"{F_PO_PUPILS} {r['VESTIGINGSCODE']}")
        if n <= 0 or b == BOARD_NONE:
            continue
        raw = po_place.get(r["VESTIGINGSCODE"].strip())
        if raw is None:
            no_address += 1
            where = g26[code]["name"]
        else:
            where = place(raw)
        named[(b, "po", school(r["NAAM_VESTIGING"]), where)] += n
    for r in vo_rows[vo_year]:
        n = to_int(r["AANTAL LEERLINGEN"], F_VO[vo_year])
        b = board_of(r["BEVOEGD GEZAG NUMMER"], f"{F_VO[vo_year]} {r['VESTIGINGSCODE']}")
        if n <= 0 or b == BOARD_NONE:
            continue
        named[(b, "vo", school(r["INSTELLINGSNAAM VESTIGING"]), place(r["PLAATSNAAM"]))] += n
    empty = [k for k in named if k[2] == "" or k[3] == ""]
    if empty:
        fail(f"board_schools: {len(empty)} locations without a name or place, e.g. {empty[0]}")
    per_board = defaultdict(list)
    for (b, g, s, p), n in named.items():
        per_board[(b, g)].append((-n, s, p))
    rows = []
    for (b, g) in sorted(per_board):
        for neg, s, p in sorted(per_board[(b, g)])[:BOARD_SCHOOLS_MAX]:
            rows.append((b, g, s, p, -neg))
    # The same boards as board_pupils.csv (written just before) in its latest years.
    with open(outdir / "board_pupils.csv", encoding="utf-8", newline="") as f:
        bp = list(csv.DictReader(f))
    latest = {}
    for r in bp:
        latest[r["sector"]] = max(latest.get(r["sector"], 0), int(r["year"]))
    expect = {(r["bevoegd_gezag"], "vo" if r["sector"] == "vo" else "po") for r in bp
              if int(r["year"]) == latest[r["sector"]] and r["bevoegd_gezag"] != BOARD_NONE}
    if expect != set(per_board):
        fail(f"board_schools: board x sector group pairs differ from board_pupils.csv's latest years, e.g. "
             f"{sorted(expect ^ set(per_board))[:3]}")
    groups = Counter(g for b, g, s, p, n in rows)
    listed = Counter(Counter((b, g) for b, g, *_ in rows).values())
    say(f"board schools: the {BOARD_SCHOOLS_MAX} largest named locations of every board and sector group "
        f"(po {po_year}, vo {vo_year}): {len({b for b, *_ in rows})} boards, {len(per_board)} board x sector "
        f"group pairs (= those of board_pupils.csv's latest years), rows po {groups['po']}, vo {groups['vo']}; pairs listing " + ", ".join(
            f"{k} schools: {v}" for k, v in sorted(listed.items(), reverse=True))
        + f"; {len(named)} board x sector x school x place with pupils (locations of one name in one place "
        f"added up)")
    say(f"  places of the {sum(how.values())} locations with pupils and an address: "
        + ", ".join(f"{k} {v}" for k, v in sorted(how.items()))
        + f"; po locations without an address row (placed by municipality name): {no_address}")
    write_csv(outdir, "board_schools.csv", ["bevoegd_gezag", "sector", "school", "place", "pupils"], rows, report)


OUTPUTS = ["gemeenten.csv", "gemeente_successors.csv", "po_pupils.csv", "po_staff.csv",
           "vo_pupils.csv", "board_pupils.csv", "population_births.csv", "births_national.csv", "measured_shortage.csv",
           "national_shortage.csv", "po_sector_shortage.csv", "teacher_training.csv", "teacher_fte_age.csv",
           "official_forecasts.csv", "population_women.csv", "funding_path.csv", "board_schools.csv"]


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
