"""Type stubs of the compiled module `tekort._core` (checked by mypy.stubtest)."""

from typing import Any, List, Optional, Tuple, type_check_only

from typing_extensions import TypedDict, final

__all__ = [
    "ArrowStream",
    "accuracy_markdown",
    "backtest",
    "backtest_summary",
    "beleidsarm_json",
    "check_regions",
    "default_params_json",
    "forecast",
    "indicators",
    "microsim",
    "report",
    "simulate",
    "validation_markdown",
    "municipalities",
    "municipalities_named",
    "municipality_codes",
    "read_region_frame",
    "region_columns",
    "region_rows",
    "params_json_to_toml",
    "params_toml_to_json",
    "scenario_json_to_toml",
    "scenario_toml_to_json",
    "validate_params",
    "validate_scenario",
    "version",
    "write_frame",
    "_panic_for_tests",
]

@final
class ArrowStream:
    """A result frame on its way to Python; exports ``__arrow_c_stream__`` once."""

    def __arrow_c_stream__(self, requested_schema: Optional[Any] = None) -> Any: ...

@type_check_only
class Inputs(TypedDict):
    """The inputs every projection shares (built by ``tekort._inputs.inputs``)."""

    region_system: str
    region_frame: Optional[Any]
    sectors: List[str]
    until: int
    scenarios: List[str]
    params: Optional[str]
    data_dir: Optional[str]
    demography: Optional[str]
    births_frame: Optional[Any]
    start: Optional[int]
    cutoff: Optional[int]
    measurements_path: Optional[str]
    measurements_frame: Optional[Any]
    funding_path: Optional[str]
    funding_frame: Optional[Any]
    pupils_path: Optional[str]
    pupils_frame: Optional[Any]

def forecast(inputs: Inputs, *, ages: bool = False) -> Tuple[ArrowStream, List[str], List[str]]: ...
def simulate(
    inputs: Inputs,
    *,
    draws: int,
    seed: int = 7,
    levels: List[float] = ...,
    samples: bool = False,
) -> Tuple[ArrowStream, List[str], List[str]]: ...
def microsim(
    inputs: Inputs,
    *,
    runs: int,
    seed: int = 7,
    levels: List[float] = ...,
    samples: bool = False,
    tenure: bool = True,
    uncertainty: bool = True,
) -> Tuple[ArrowStream, List[str], List[str]]: ...
def indicators(
    inputs: Inputs,
    *,
    target_year: int = 2030,
    target_shortage_pct: float = 0.0,
    draws: Optional[int] = None,
    seed: int = 7,
) -> Tuple[ArrowStream, List[str], List[str]]: ...
def report(
    inputs: Inputs,
    *,
    region: str,
    lang: str = ...,
    target_year: int = 2030,
    target_shortage_pct: float = 0.0,
    draws: int = 200,
    seed: int = 7,
    out: Optional[str] = None,
    title: Optional[str] = None,
    subtitle: Optional[str] = None,
) -> Tuple[str, List[str]]: ...
def validation_markdown(params: Optional[str] = None) -> str: ...
def backtest(
    *,
    components: List[str],
    region_systems: List[str],
    region_frames: List[Optional[Any]],
    cutoffs: Optional[Tuple[int, int]] = None,
    horizon: int = 10,
    params: Optional[str] = None,
    data_dir: Optional[str] = None,
) -> Tuple[ArrowStream, List[str]]: ...
def backtest_summary(frame: Any) -> ArrowStream: ...
def accuracy_markdown(params: Optional[str] = None) -> str: ...
def default_params_json() -> str: ...
def params_toml_to_json(text: str) -> str: ...
def params_json_to_toml(json: str) -> str: ...
def validate_params(json: str) -> None: ...
def beleidsarm_json() -> str: ...
def scenario_toml_to_json(text: str) -> str: ...
def scenario_json_to_toml(json: str) -> str: ...
def validate_scenario(json: str) -> str: ...
def check_regions(name: str, frame: Any, data_dir: Optional[str] = None) -> List[str]: ...
def municipalities(data_dir: Optional[str] = None) -> ArrowStream: ...
def municipality_codes(names: List[str], data_dir: Optional[str] = None) -> List[str]: ...
def municipalities_named(name: str, data_dir: Optional[str] = None) -> List[str]: ...
def read_region_frame(path: str) -> ArrowStream: ...
def region_rows(name: str, frame: Any, data_dir: Optional[str] = None) -> ArrowStream: ...
def region_columns(headers: List[str]) -> List[Optional[str]]: ...
def version() -> str: ...
def write_frame(frame: Any, path: str, params_json: Optional[str] = None) -> None: ...
def _panic_for_tests() -> None: ...
