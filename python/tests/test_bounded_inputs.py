"""TOML files read by the Python side are bounded (issue 21, part 5): a
device that never ends, a file over 1 MiB, binary data or text that is
not UTF-8 is a ReadError naming the file, at once."""

import os

import pytest

from tekort import Params, Scenario, errors


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("read", [Params.from_toml, Scenario.from_toml])
def test_endless_devices_are_refused(read):
    for device in ("/dev/zero", "/dev/urandom"):
        with pytest.raises(errors.ReadError, match=device):
            read(device)


def test_a_file_over_the_cap_or_not_text_is_refused(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * ((1 << 20) + 1))
    with pytest.raises(errors.ReadError, match="larger than 1 MiB"):
        Params.from_toml(big)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'name = "a"\x00\n')
    with pytest.raises(errors.ReadError, match="byte 11 is a NUL"):
        Scenario.from_toml(binary)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(errors.ReadError, match="byte 12 is not UTF-8"):
        Scenario.from_toml(latin1)
    # Exactly at the cap is read (a comment-only file is empty TOML).
    ok = tmp_path / "ok.toml"
    ok.write_bytes(b"#" * (1 << 20))
    assert isinstance(Params.from_toml(ok), Params)


@pytest.mark.skipif(not os.path.exists("/dev/urandom"), reason="needs /dev/urandom")
def test_endless_devices_as_region_or_pupil_files_are_refused():
    """The files the Rust side reads for Python (regions, pupils) stop at
    the first binary byte or the cap: /dev/urandom and /dev/zero used to
    hang ``Regions.from_csv``."""
    import tekort

    for device in ("/dev/urandom", "/dev/zero"):
        with pytest.raises(errors.ReadError, match=f"{device}.*region file"):
            tekort.Regions.from_csv(device)
    with pytest.raises(errors.ReadError, match="/dev/zero.*pupil forecast"):
        tekort.forecast(pupils="/dev/zero", until=2027)
