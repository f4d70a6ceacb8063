"""Region inputs as new analysts write them: municipality names instead of
codes, spreadsheet CSV dialects, many wrong codes at once, split
municipalities; and the guard rails on implausible scenario levers."""

import warnings

import polars as pl
import pytest

import tekort
from tekort import errors


def _region(r: "tekort.Regions", gemeentenaam: str) -> str:
    f = r.to_frame()
    return f.filter(pl.col("gemeentenaam") == gemeentenaam)["region"].item()


def test_municipalities_by_name():
    assert tekort.municipalities(name="Den Haag")["gemeentecode"].to_list() == ["0518"]
    assert tekort.municipalities(name="rijswijk")["gemeentenaam"].to_list() == ["Rijswijk (ZH.)"]
    assert tekort.municipalities(name="Súdwest Fryslan").height == 1
    assert sorted(tekort.municipalities(name="Bergen")["gemeentenaam"].to_list()) == [
        "Bergen (L.)",
        "Bergen (NH.)",
    ]
    assert tekort.municipalities(name="Bergen (NH.)")["gemeentecode"].to_list() == ["0373"]
    with pytest.raises(errors.UnknownMunicipalityError, match="did you mean") as e:
        tekort.municipalities(name="Amsterdm")
    assert isinstance(e.value, KeyError) and "Amsterdam" in str(e.value)
    with pytest.raises(errors.InvalidArgumentError):
        tekort.municipalities(name=363)  # type: ignore[arg-type]


def test_regions_from_names_mapping_and_pairs():
    r = tekort.Regions.from_names({"Haaglanden": ["Den Haag", "Rijswijk", "Delft"], "Noord": "Bergen (NH.)"})
    assert r.regions == ["Haaglanden", "Noord", "rest van Nederland"]
    assert _region(r, "'s-Gravenhage") == "Haaglanden"
    assert _region(r, "Rijswijk (ZH.)") == "Haaglanden"
    assert _region(r, "Bergen (L.)") == "rest van Nederland"
    pairs = tekort.Regions.from_names([("Den Haag", "H"), ("Delft", "H")], name="haag")
    assert pairs.name == "haag" and pairs.regions == ["H", "rest van Nederland"]
    df = tekort.forecast(regions=pairs, sector="vo", until=2026)
    assert set(df["region"].unique().to_list()) == {"H", "rest van Nederland"}


def test_all_bad_names_are_reported_at_once():
    with pytest.raises(errors.UnknownMunicipalityError) as e:
        tekort.Regions.from_names({"X": ["Delft", "Bergen", "Den Hag"]})
    msg = str(e.value)
    assert isinstance(e.value, KeyError)
    assert "Bergen (NH.)" in msg and "Bergen (L.)" in msg and "ambiguous" in msg
    assert "Den Hag" in msg and "'s-Gravenhage (Den Haag)" in msg
    with pytest.raises(errors.InvalidArgumentError):
        tekort.Regions.from_names("Den Haag")  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidArgumentError):
        tekort.Regions.from_names([("Den Haag",)])  # type: ignore[list-item]


@pytest.mark.parametrize(
    "name, data",
    [
        ("semicolon.csv", b"gemeentecode;region\n0363;A\n0034;B\n"),
        ("bom_crlf.csv", b"\xef\xbb\xbfgemeentecode;region\r\n0363;A\r\n0034;B\r\n"),
        ("tab.csv", b"gemeentecode\tregion\n363.0\tA\n34.0\tB\n"),
        ("cp1252.csv", "gemeentenaam;region\nAmsterdam;A\nAlmere;B\nSúdwest-Fryslân;B\n".encode("cp1252")),
    ],
)
def test_region_csv_dialects(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    r = tekort.Regions.from_csv(p)
    assert r.regions[:2] == ["A", "B"]
    assert _region(r, "Amsterdam") == "A" and _region(r, "Almere") == "B"


def test_every_unknown_code_with_its_row(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("gemeentecode,region\n0363,A\n9876,A\n0034,B\n12345,B\n")
    with pytest.raises(errors.UnknownMunicipalityError) as e:
        tekort.Regions.from_csv(p)
    msg = str(e.value)
    assert '"9876"' in msg and "in row 3" in msg and '"12345"' in msg and "in row 5" in msg
    assert "entry" not in msg


def test_a_split_municipality_names_all_successors():
    with pytest.raises(errors.UnknownMunicipalityError) as e:
        tekort.Regions.from_frame({"gemeentecode": ["0788"], "region": ["Haaren"]})
    msg = str(e.value)
    assert "split" in msg
    for part in ("Oisterwijk", "Vught", "Boxtel", "Tilburg"):
        assert part in msg


def test_implausible_levers_warn_naming_the_lever():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tekort.forecast(
            regions="provincie",
            sector="vo",
            until=2028,
            scenarios=[tekort.Scenario("klein", class_size=0.3)],
        )
    found = [str(w.message) for w in caught if issubclass(w.category, errors.PlausibilityWarning)]
    assert any("class_size = 0.3" in m and "plausible band" in m for m in found), found
    assert any("of employment in" in m and 'scenario "klein"' in m and "sector vo" in m for m in found), found
    assert issubclass(errors.PlausibilityWarning, UserWarning)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tekort.forecast(regions="nl", sector="vo", until=2027, scenarios=[tekort.Scenario("mild", class_size=0.9)])
    assert not [w for w in caught if issubclass(w.category, errors.PlausibilityWarning)]


def test_a_scenario_after_the_last_year_is_an_error():
    with pytest.raises(errors.YearOutOfRangeError) as e:
        tekort.forecast(sector="vo", until=2040, scenarios=[tekort.Scenario("laat", from_year=2090, zij_instroom=2)])
    msg = str(e.value)
    assert "laat" in msg and "2090" in msg and "2040" in msg
