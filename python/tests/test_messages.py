"""Messages in the user's words: Python errors name Python arguments, an
unknown region or sector suggests the closest, region frames are read with
the headers people write, and a region definition can be checked row by row."""

from pathlib import Path

import polars as pl
import pytest

import tekort
from tekort import errors


def test_start_out_of_range_names_start_not_the_clis_from():
    with pytest.raises(errors.YearOutOfRangeError) as e:
        tekort.forecast(regions="nl", sector="vo", start=2015, until=2027)
    message = str(e.value)
    assert message.startswith("start 2015 is out of range"), message
    assert "from" not in message, message


def test_unknown_region_of_a_pupils_frame_suggests_the_closest():
    regions = tekort.Regions.from_names({"Haaglanden": ["Den Haag", "Delft"]})
    pupils = pl.DataFrame({"region": ["Haaglanen"], "sector": ["vo"], "year": [2030], "pupils": [40000.0]})
    with pytest.raises(errors.InvalidPupilsError) as e:
        tekort.forecast(regions=regions, sector="vo", until=2030, pupils=pupils)
    message = str(e.value)
    assert message.startswith('invalid pupil forecast "pupils=": '), message
    assert '"Haaglanen"' in message and 'did you mean "Haaglanden"?' in message, message
    # Still an InvalidDemographyError, as before the pupil forecast had its own kind.
    assert isinstance(e.value, errors.InvalidDemographyError)
    # The region in another case is the region.
    ok = tekort.forecast(
        regions=regions, sector="vo", until=2030, pupils=pupils.with_columns(region=pl.lit("haaglanden"))
    )
    got = ok.filter((pl.col("region") == "Haaglanden") & (pl.col("year") == 2030))["pupils"].item()
    assert got == pytest.approx(40000.0)


def test_sectors_in_plain_words_with_a_suggestion():
    with pytest.raises(errors.UnknownSectorError) as e:
        tekort.forecast(regions="nl", sector="pobo", until=2027)
    assert 'did you mean "po_bo"' in str(e.value), str(e.value)
    with pytest.raises(errors.InvalidScenarioError) as e:
        tekort.forecast(regions="nl", sector="vo", until=2027, scenarios=[tekort.Scenario("x", sectors=["po_bo"])])
    message = str(e.value)
    assert "unknown variant" not in message and "`" not in message, message
    assert '"po_bo" is a sector, not a sector group: give its group "po"' in message, message
    with pytest.raises(errors.InvalidScenarioError, match='did you mean "mbo"'):
        tekort.forecast(regions="nl", sector="vo", until=2027, scenarios=[tekort.Scenario("x", sectors=["mbbo"])])


def test_region_frames_with_dutch_headers():
    r = tekort.Regions.from_frame({"Gemeente": ["0546", "1916"], "Onderwijsregio": ["Leiden", "Haaglanden"]})
    assert r.regions == ["Leiden", "Haaglanden", "rest van Nederland"]
    r = tekort.Regions.from_frame({"gemeente": ["Leiden"], "regio": ["L"]})
    assert r.table()["gemeentecode"].to_list() == ["0546"]
    r = tekort.Regions.from_frame({"BEVOEGD GEZAG NUMMER": ["41572"], "Regio Naam": ["Stichting"]})
    assert r.regions == ["Stichting", "rest van Nederland"]
    with pytest.raises(errors.DataError) as e:
        tekort.Regions.from_frame({"gemeentenaam": ["Leiden"], "regioo": ["x"], "Unnamed: 2": [None]})
    message = str(e.value)
    assert "region (also read as: regio" in message and "Unnamed" not in message, message


def test_region_files_with_excels_separator_line(tmp_path: Path):
    path = tmp_path / "regio.csv"
    path.write_text("sep=;\r\nGemeentenaam;Regio;;\r\nLeiden;Leiden e.o.;;\r\n", encoding="utf-8")
    r = tekort.Regions.from_csv(path)
    assert r.regions == ["Leiden e.o.", "rest van Nederland"]


def test_table_shows_what_every_row_resolved_to():
    r = tekort.Regions.from_frame({"gemeentecode": ["546", "GM1916"], "region": ["Leidschendam", "Leidschendam"]})
    t = r.table()
    assert t.columns == ["row", "given", "gemeentecode", "gemeentenaam", "bevoegd_gezag", "region"]
    assert t.rows() == [
        (2, "546", "0546", "Leiden", None, "Leidschendam"),
        (3, "GM1916", "1916", "Leidschendam-Voorburg", None, "Leidschendam"),
    ]
    named = tekort.Regions.from_names([("Den Haag", "H"), ("Rijswijk", "H")]).table()
    assert named["given"].to_list() == ["Den Haag", "Rijswijk"]
    assert named["gemeentenaam"].to_list() == ["'s-Gravenhage", "Rijswijk (ZH.)"]
    boards = tekort.Regions.from_frame({"bevoegd_gezag": ["41572"], "region": ["S"]}).table()
    assert boards["bevoegd_gezag"].to_list() == ["41572"]
    assert "'s-Gravenhage" in boards["gemeentenaam"].item()
    assert tekort.Regions.builtin("provincie").table().height == 342


def test_pupils_in_frames_carry_no_float_noise():
    ind = tekort.indicators(regions="nl", until=2030)
    pupils = ind.filter(pl.col("indicator") == "pupils")["value"]
    assert pupils.len() > 0
    # 10 significant digits: no value with a tail of 9s or 0s then a digit.
    noisy = [v for v in pupils.to_list() if len(repr(v).replace("-", "").replace(".", "").lstrip("0")) > 11]
    assert noisy == [], noisy[:5]


def test_an_unknown_keyword_names_the_nearest() -> None:
    """A keyword a function does not have is an InvalidArgumentError (a
    TypeError, as Python's own) naming the nearest keyword, also for the
    Dutch word an analyst may reach for, and every keyword there is."""
    with pytest.raises(errors.InvalidArgumentError) as e:
        tekort.forecast(sectors="po")
    message = str(e.value)
    assert message.startswith("forecast() got an unexpected keyword argument 'sectors'; did you mean 'sector'?")
    assert "its keywords are: regions, sector, until" in message, message
    assert isinstance(e.value, TypeError)
    with pytest.raises(TypeError, match="did you mean 'regions'"):
        tekort.indicators(regio="nl")
    with pytest.raises(TypeError, match="did you mean 'until'"):
        tekort.simulate(jaar=2030)
    with pytest.raises(TypeError, match=r"argument 'xyz'; its keywords are: frame, by"):
        tekort.aggregate(pl.DataFrame(), xyz=1)
    # The signature and the documentation are the function's own.
    import inspect

    assert "sector" in inspect.signature(tekort.forecast).parameters
    assert tekort.forecast.__doc__ and "forecast" in tekort.forecast.__name__


def test_an_empty_sector_selection_says_what_to_give() -> None:
    with pytest.raises(errors.InvalidValueError, match="missing option sectors: the selection is empty"):
        tekort.forecast(sector=[], regions="nl", until=2027)
