//! The `tekort` command: project the Dutch teacher labour market.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tekort_core::{
    data::Dataset, evaluation::backtest, evaluation::backtest_bounds, evaluation::coverage_summary,
    evaluation::summarize, evaluation::validate_history, evaluation::AccuracyRow,
    evaluation::BacktestOptions, evaluation::Component, evaluation::Method,
    evaluation::SummaryCoverage, forecast::project, forecast::Projection,
    forecast::ProjectionOptions, forecast::Variable, forecast::DEFAULT_UNTIL,
    monitoring::lever_warnings, monitoring::monitor, monitoring::plausibility_warnings,
    monitoring::IndicatorOptions, params::Params, regions::RegionSystem, scenario::Scenario,
    sector::Sector, sector::SectorGroup, simulation::check_level, simulation::microsim,
    simulation::quantile_sorted, simulation::simulate, simulation::McOptions,
    simulation::MicroOptions, simulation::Simulation, TekortError,
};
use tekort_polars::{
    add_backtest_intervals, backtest_to_frame, check_html_path, check_output_path,
    embedded_dataset, indicators_to_frame, load_dataset_dir, measured_and_cut, projection_to_frame,
    read_params_file, read_pupil_file, read_scenario_file, resolve_demography, resolve_regions,
    simulation_to_frame, source_date_epoch_warning, with_funding_file, with_measurements_file,
    write_frame_with, write_text, written_date, Error, OutputFormat, RunInputs, WriteMeta,
};
use tekort_report::{
    accuracy_report, report, report_lang, resolve_region, validation_markdown, ReportOptions,
};

#[derive(Parser)]
#[command(
    name = "tekort",
    version,
    about = "Open, regional projection of the Dutch teacher labour market (Bron: DUO / CBS / OCW)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Project supply, demand, shortage, vacancies and replacement requests.
    Forecast(ForecastArgs),
    /// Run the individual-level microsimulation (every teacher a record) and
    /// write the mean over the runs with intervals, in the forecast's columns.
    Microsim(MicrosimArgs),
    /// Monitoring indicators per region and the nation (docs/indicators.md):
    /// where it stands, where it is going, and the required inflow to reach
    /// a target shortage by a target year. --out writes the tidy table.
    Monitor(MonitorArgs),
    /// Write the regional report of one region: one self-contained HTML
    /// page for a regional board that prints on A4 (key figures beside the
    /// nation marked measured or model, history and forecast with bands,
    /// flows and ages per sector, the required inflow, the scenarios when
    /// given, a source under every figure).
    Report(ReportArgs),
    /// Print the full default parameter set as TOML (a starting point for --params).
    Params,
    /// Print what the model reproduces of the past (docs/validation.md) as Markdown.
    Validate {
        /// Parameter TOML file, overlaid on the defaults.
        #[arg(long)]
        params: Option<PathBuf>,
    },
    /// Forecast every component with a history from past cutoffs, with data
    /// up to the cutoff only, and score it against what happened beside the
    /// naive, drift and official forecasts.
    Backtest(BacktestArgs),
    /// Print the accuracy report (docs/accuracy.md) as Markdown.
    Accuracy {
        /// Parameter TOML file, overlaid on the defaults.
        #[arg(long)]
        params: Option<PathBuf>,
    },
    /// List the regions of a region system (with --list: what every row
    /// of a region file resolved to).
    Regions {
        /// nl, provincie, corop, arbeidsmarktregio, or a CSV file gemeentecode,region.
        #[arg(long, default_value = "arbeidsmarktregio")]
        regions: String,
        /// Print what every row resolved to: for a file, each row's code,
        /// name or board number with the 2026 municipality and the region
        /// (a code `0546` is Leiden); for a built-in system, each
        /// municipality with its region.
        #[arg(long)]
        list: bool,
    },
}

#[derive(clap::Args)]
struct ForecastArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// Monte Carlo draws: adds interval columns (`shortage_fte-lo-80`, …)
    /// for pupils, demand_fte, employment_fte, shortage_fte, shortage_pct.
    #[arg(long)]
    draws: Option<usize>,
    /// Seed of the Monte Carlo (same seed, same result on any number of
    /// threads).
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Interval level in % (repeatable); default 80 and 95.
    #[arg(long = "level")]
    levels: Vec<f64>,
}

#[derive(clap::Args)]
struct MicrosimArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// Number of runs; the output is their mean, with intervals from them.
    #[arg(long, default_value_t = 100)]
    runs: usize,
    /// Seed (same seed, same result on any number of threads).
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Interval level in % (repeatable); default 80 and 95.
    #[arg(long = "level")]
    levels: Vec<f64>,
    /// Switch off attrition by years of service (every teacher of an age
    /// leaves at the same rate, as in the cohort engine).
    #[arg(long)]
    no_tenure: bool,
    /// Do not draw the parameters and past pupil and graduate errors per
    /// run: the runs then differ only by the events of the records.
    #[arg(long)]
    no_uncertainty: bool,
}

#[derive(clap::Args)]
struct MonitorArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// The year by which the target shortage should be reached.
    #[arg(long, default_value_t = 2030)]
    target_year: i32,
    /// The shortage % (of employment) to reach by the target year.
    #[arg(long, default_value_t = 0.0)]
    target_shortage: f64,
    /// Monte Carlo draws: adds the shortage % interval as indicators
    /// (shortage_pct-lo-80, -hi-80, -lo-95, -hi-95).
    #[arg(long)]
    draws: Option<usize>,
    /// Seed of the Monte Carlo.
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

#[derive(clap::Args)]
struct ReportArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// The region to report on (a region of --regions): its name in any
    /// case and accents, or a word of it (`haaglanden` for "Onderwijsregio
    /// Haaglanden") when only one region has it.
    #[arg(long)]
    region: String,
    /// Language: nl (default) or en.
    #[arg(long, default_value = "nl")]
    lang: String,
    /// The page's title (default: "Lerarenarbeidsmarkt in REGION", or
    /// "Teacher labour market in REGION" with --lang en).
    #[arg(long)]
    title: Option<String>,
    /// The line under the title (default: the region system in words, e.g.
    /// "Eigen regio-indeling uit gemeenten (3 regio's)").
    #[arg(long)]
    subtitle: Option<String>,
    /// The year by which the target shortage should be reached.
    #[arg(long, default_value_t = 2030)]
    target_year: i32,
    /// The shortage % (of employment) to reach by the target year.
    #[arg(long, default_value_t = 0.0)]
    target_shortage: f64,
    /// Monte Carlo draws for the bands (0: none).
    #[arg(long, default_value_t = 200)]
    draws: usize,
    /// Seed of the Monte Carlo.
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

/// What a forecast and a microsimulation read: regions, sectors, years,
/// scenarios, parameters, inputs, output.
#[derive(clap::Args)]
struct ModelArgs {
    /// Region system: nl, provincie, corop, arbeidsmarktregio, or a CSV file
    /// with columns gemeentecode,region (unlisted municipalities form
    /// "rest van Nederland"); rows bevoegd_gezag,region draw a school
    /// board's po and vo schools into a region.
    #[arg(long, default_value = "arbeidsmarktregio")]
    regions: String,
    /// Sector or group: po, po_bo, po_sbo, po_so_vso, vo, mbo, all. Repeatable.
    #[arg(long = "sector", default_value = "all")]
    sectors: Vec<String>,
    /// Last year of the projection.
    #[arg(long, default_value_t = DEFAULT_UNTIL)]
    until: i32,
    /// First year of the output: the base year by default; an earlier year
    /// adds the history run (rows with period = history).
    #[arg(long = "from")]
    from: Option<i32>,
    /// Scenario TOML file, or `beleidsarm` (built in: no reaction of the
    /// market to the shortage, what Mirror publishes); repeatable. The
    /// baseline is always run first.
    #[arg(long = "scenario")]
    scenarios: Vec<PathBuf>,
    /// Parameter TOML file, overlaid on the defaults (see `tekort params`).
    #[arg(long)]
    params: Option<PathBuf>,
    /// Births after the last observed year: low, medium, high (CBS levels,
    /// UN WPP shape and fertility band), or a CSV file with year,births
    /// (national) or gemeentecode,year,births.
    #[arg(long, default_value = "medium")]
    demography: String,
    /// A pupil forecast CSV (region,sector,year,pupils) for the regions of
    /// --regions; it replaces the model's pupils after the base year.
    #[arg(long)]
    pupils: Option<PathBuf>,
    /// Write the tidy result table here (.csv, .parquet or .xlsx; an Excel
    /// workbook also gets a metadata sheet with this command and the
    /// parameters). For `tekort report`: the .html page to write.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Read the dataset from this directory instead of the embedded copy.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Shortage measurements to lay over the dataset's: a CSV with columns
    /// sector,region_type,region,year,shortage_pct,shortage_fte
    /// (region_type nl, arbeidsmarktregio, gemeente, or gemeenten for an
    /// area of several municipalities listed in a column gemeentecodes);
    /// each anchors the year it describes, a row replaces the dataset's of
    /// the same area and year.
    #[arg(long)]
    measurements: Option<PathBuf>,
    /// A funding path to lay over the dataset's (data/funding_path.csv): a
    /// CSV with columns fund,sector,announced,year,staff_per_pupil_pct,kind
    /// (sector po, vo or mbo; staff per pupil in % relative to no fund;
    /// kind structural, whose last row holds after it, or temporary, none
    /// after it). The rows of a fund and sector replace the dataset's rows
    /// of that fund and sector; other funds stay. After the latest
    /// measurement, demand per pupil moves with the product of (1 + % /
    /// 100) over the funds.
    #[arg(long)]
    funding: Option<PathBuf>,
    /// Run the whole model with data up to this year only, as the backtests
    /// do: it becomes the base year; later pupils, staff, births,
    /// measurements and birth projections are dropped; sectors without a
    /// shortage measurement (or vo pupils) by then are left out.
    #[arg(long)]
    cutoff: Option<i32>,
    /// How many regions to list in the summary.
    #[arg(long, default_value_t = 5)]
    top: usize,
}

#[derive(clap::Args)]
struct BacktestArgs {
    /// Component: pupils, births, graduates, staff, share_55plus, shortage.
    /// Repeatable or comma-separated; all by default.
    #[arg(long = "component", value_delimiter = ',')]
    components: Vec<String>,
    /// Region systems for pupils and staff: nl, provincie, corop,
    /// arbeidsmarktregio, or a CSV file gemeentecode,region. Repeatable or
    /// comma-separated; the four built-in systems by default.
    #[arg(long = "regions", value_delimiter = ',')]
    regions: Vec<String>,
    /// Cutoffs as FIRST..LAST (e.g. 2005..2020) or one year; each
    /// component uses the part its data allow. Default: all it allows.
    #[arg(long, value_parser = parse_cutoffs)]
    cutoffs: Option<(i32, i32)>,
    /// Longest horizon in years.
    #[arg(long, default_value_t = 10)]
    horizon: i32,
    /// Write every forecast (one row per component, method, region,
    /// sector, cutoff and year) here (.csv, .parquet or .xlsx).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Parameter TOML file, overlaid on the defaults.
    #[arg(long)]
    params: Option<PathBuf>,
    /// Read the dataset from this directory instead of the embedded copy.
    #[arg(long)]
    data: Option<PathBuf>,
}

/// `2005..2020`, `2005..=2020` or `2010`.
fn parse_cutoffs(s: &str) -> Result<(i32, i32), String> {
    let year = |t: &str| -> Result<i32, String> {
        t.trim()
            .parse::<i32>()
            .map_err(|_| format!("{t:?} is not a year; write FIRST..LAST, e.g. 2005..2020"))
    };
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (year(a)?, year(b.trim_start_matches('='))?),
        None => {
            let y = year(s)?;
            (y, y)
        }
    };
    if a > b {
        return Err(format!("the first cutoff {a} is after the last {b}"));
    }
    Ok((a, b))
}

/// `writeln!` into a String cannot fail.
macro_rules! outln {
    ($o:expr) => { $o.push('\n') };
    ($o:expr, $($arg:tt)*) => {{ let _ = writeln!($o, $($arg)*); }};
}
macro_rules! out {
    ($o:expr, $($arg:tt)*) => {{ let _ = write!($o, $($arg)*); }};
}

/// Writes to stdout; a closed pipe (`tekort forecast | head`) ends the
/// output quietly instead of panicking.
fn emit(text: &str) -> Result<(), Error> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: "standard output".into(),
            reason: e.to_string(),
        }),
        _ => Ok(()),
    }
}

/// On Ctrl-C (SIGINT) or SIGTERM: remove the temporary file of a write in
/// progress (the destination keeps its old version) and exit 130 or 143,
/// as a shell reports the signal.
fn clean_up_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    tekort_polars::abandon_writes();
                    std::process::exit(128 + signal);
                }
            });
        }
    }
}

fn main() -> ExitCode {
    clean_up_on_signals();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Forecast(args) => forecast(args),
        Command::Microsim(args) => microsimulate(args),
        Command::Monitor(args) => run_monitor(args),
        Command::Report(args) => run_report(args),
        Command::Params => emit(&Params::default().to_annotated_toml()),
        Command::Validate { params } => {
            let ds = embedded_dataset()?;
            let params = match &params {
                Some(p) => read_params_file(p)?,
                None => Params::default(),
            };
            emit(&validation_markdown(&validate_history(ds, &params)?))
        }
        Command::Backtest(args) => run_backtest(args),
        Command::Accuracy { params } => {
            let ds = embedded_dataset()?;
            let params = match &params {
                Some(p) => read_params_file(p)?,
                None => Params::default(),
            };
            emit(&accuracy_report(ds, &params)?)
        }
        Command::Regions { regions, list } => {
            let ds = embedded_dataset()?;
            let system = resolve_regions(&regions, ds)?;
            let mut o = String::new();
            if list {
                list_region_rows(&mut o, &regions, &system, ds)?;
            } else {
                for (i, name) in system.regions.iter().enumerate() {
                    let n = system.assignment.iter().filter(|&&r| r == i).count();
                    outln!(o, "{name}\t{n} municipalities");
                }
            }
            emit(&o)
        }
    }
}

/// `tekort regions --list`: for a region file, what every row resolved
/// to (the row, the code, name or board as given, the 2026 municipality,
/// the region) and the municipalities left to the rest region; for a
/// built-in system, every municipality with its region.
fn list_region_rows(
    o: &mut String,
    spec: &str,
    system: &RegionSystem,
    ds: &Dataset,
) -> Result<(), Error> {
    use tekort_polars::polars::prelude::{DataFrame, DataType};
    let text = |df: &DataFrame, c: &str| -> Vec<String> {
        let column = df.column(c).and_then(|c| c.cast(&DataType::String));
        let Ok(column) = column else {
            return vec![String::new(); df.height()];
        };
        let Ok(values) = column.str() else {
            return vec![String::new(); df.height()];
        };
        values.iter().map(|v| v.unwrap_or("").to_string()).collect()
    };
    if tekort_core::regions::BUILTIN_REGION_SYSTEMS.contains(&spec) {
        outln!(o, "{:<14}{:<36}region", "gemeentecode", "gemeentenaam");
        for (m, &r) in ds.municipalities.iter().zip(&system.assignment) {
            outln!(o, "{:<14}{:<36}{}", m.code, m.name, system.regions[r]);
        }
        return Ok(());
    }
    let rows = tekort_polars::read_region_rows(Path::new(spec), ds)?;
    let [row, given, codes, names, boards, regions] = [
        "row",
        "given",
        "gemeentecode",
        "gemeentenaam",
        "bevoegd_gezag",
        "region",
    ]
    .map(|c| text(&rows, c));
    outln!(
        o,
        "{:>5}  {:<23} {:<13} {:<35} region",
        "row",
        "given",
        "gemeentecode",
        "gemeentenaam (2026)"
    );
    for i in 0..rows.height() {
        let (given, code, name) = if boards[i].is_empty() {
            (given[i].clone(), codes[i].clone(), names[i].clone())
        } else {
            let places = names[i].replace("; ", ", ");
            (
                format!("board {}", given[i]),
                "–".into(),
                format!("schools in {places}"),
            )
        };
        outln!(
            o,
            "{:>5}  {:<23} {:<13} {:<35} {}",
            row[i],
            given,
            code,
            name,
            regions[i]
        );
    }
    // The boards by their largest schools (DUO's pupil files give no board
    // names), where the dataset has them.
    let mut listed = std::collections::BTreeSet::new();
    for b in boards.iter().filter(|b| !b.is_empty()) {
        let schools = ds.largest_schools(b, 3);
        if schools.is_empty() || !listed.insert(b.as_str()) {
            continue;
        }
        if listed.len() == 1 {
            outln!(
                o,
                "\nboards by their largest schools (DUO, pupils in the latest year counted):"
            );
        }
        let names: Vec<String> = schools
            .iter()
            .map(|s| format!("{} ({})", s.school, s.place))
            .collect();
        outln!(o, "  board {b} — schools include {}", names.join(", "));
    }
    if let Some(rest) = system
        .regions
        .iter()
        .position(|r| r == tekort_core::regions::REST_REGION)
    {
        let n = system.assignment.iter().filter(|&&r| r == rest).count();
        outln!(
            o,
            "\n{n} municipalities not in the file (or only in part, through a board) form {:?}",
            tekort_core::regions::REST_REGION
        );
    }
    Ok(())
}

/// The dataset of `--data`, or the embedded one.
fn dataset(data: &Option<PathBuf>) -> Result<Cow<'static, Dataset>, Error> {
    Ok(match data {
        Some(dir) => Cow::Owned(load_dataset_dir(dir)?),
        None => Cow::Borrowed(embedded_dataset()?),
    })
}

fn run_backtest(args: BacktestArgs) -> Result<(), Error> {
    let ds = &*dataset(&args.data)?;
    let params = match &args.params {
        Some(p) => read_params_file(p)?,
        None => Params::default(),
    };
    let mut options = BacktestOptions::new(ds)?;
    if !args.components.is_empty() {
        options.components = args
            .components
            .iter()
            .map(|c| c.parse::<Component>())
            .collect::<Result<_, _>>()?;
    }
    if !args.regions.is_empty() {
        options.region_systems = args
            .regions
            .iter()
            .map(|r| resolve_regions(r, ds))
            .collect::<Result<_, _>>()?;
    }
    options.cutoffs = args.cutoffs;
    options.horizon = args.horizon;
    if let Some(out) = &args.out {
        let mut inputs = RunInputs::new();
        for r in &args.regions {
            inputs = inputs.maybe_file("--regions", r);
        }
        if let Some(p) = &args.params {
            inputs = inputs.file("--params", p);
        }
        if let Some(d) = &args.data {
            inputs = inputs.data_dir("--data", d);
        }
        inputs.check_output(out)?;
        check_output_path(out)?;
    }
    let bt = backtest(ds, &params, &options)?;
    let intervals = backtest_bounds(ds, &params, &bt.rows, &[80.0, 95.0])?;
    if let Some(out) = &args.out {
        let mut frame = backtest_to_frame(&bt.rows)?;
        add_backtest_intervals(&mut frame, &intervals)?;
        write_results(&mut frame, out, &write_meta(&params))?;
    }
    let summary = summarize(&bt.rows);
    let mut o = String::new();
    outln!(
        o,
        "tekort {} · backtest · MAPE % (bias %) by horizon · Bron: DUO / CBS / OCW",
        env!("CARGO_PKG_VERSION")
    );
    let shown: Vec<i32> = [1, 2, 5, 10]
        .into_iter()
        .filter(|&h| h <= options.horizon)
        .collect();
    // Columns as wide as their longest entry (a drawn region system's
    // name, "Nederland zonder G5").
    let width = |f: fn(&AccuracyRow) -> usize, title: &str| {
        summary
            .iter()
            .map(f)
            .chain([title.len()])
            .max()
            .unwrap_or(0)
            + 2
    };
    let ws = width(|r| r.region_system.chars().count(), "region_system");
    let wk = width(|r| r.sector.chars().count(), "sector");
    horizon_table(&mut o, (ws, wk), &shown, &summary, |row| {
        format!("{:.2} ({:+.1})", row.mape, row.bias)
    });
    // How often tekort's intervals held the actuals (80 % / 95 %): the
    // rows of level 80, each with its twin of level 95.
    let coverage = coverage_summary(&bt.rows, &intervals)?;
    let at80: Vec<&SummaryCoverage> = coverage.iter().filter(|r| r.level == 80.0).collect();
    if !at80.is_empty() {
        outln!(
            o,
            "\ninterval coverage · % of actuals inside tekort's 80 % / 95 % intervals (well sized: about 80 / 95)"
        );
        horizon_table(&mut o, (ws, wk), &shown, &at80, |row| {
            let twin = coverage
                .iter()
                .find(|r| r.level == 95.0 && r.key() == row.key() && r.horizon == row.horizon);
            match twin {
                Some(t) => format!("{:.0} / {:.0}", row.coverage, t.coverage),
                None => format!("{:.0}", row.coverage),
            }
        });
    }
    for note in &bt.notes {
        outln!(o, "note: {note}");
    }
    if let Some(out) = &args.out {
        outln!(o, "\nWrote {} rows to {}", bt.rows.len(), out.display());
    }
    emit(&o)
}

/// A backtest row's key: component, region system, sector, method.
type BacktestKey<'a> = (Component, &'a str, &'a str, Method);

/// A scored row of a backtest: its key and horizon.
trait Keyed {
    fn key(&self) -> BacktestKey<'_>;
    fn horizon(&self) -> i32;
}

/// [`Keyed`] for the core's scored rows, which share these fields.
macro_rules! keyed {
    ($($t:ty),*) => {$(
        impl Keyed for $t {
            fn key(&self) -> BacktestKey<'_> {
                (self.component, &self.region_system, &self.sector, self.method)
            }
            fn horizon(&self) -> i32 {
                self.horizon
            }
        }
    )*};
}
keyed!(AccuracyRow, SummaryCoverage);

impl<T: Keyed> Keyed for &T {
    fn key(&self) -> BacktestKey<'_> {
        (**self).key()
    }
    fn horizon(&self) -> i32 {
        (**self).horizon()
    }
}

/// A table of `rows` by key and horizon: the header, then one line per
/// key (in sorted order) with `cell(row)` in each shown horizon's column
/// ("–" where the key has no row); the region system and sector columns
/// `widths` wide.
fn horizon_table<T: Keyed>(
    o: &mut String,
    (ws, wk): (usize, usize),
    shown: &[i32],
    rows: &[T],
    cell: impl Fn(&T) -> String,
) {
    out!(
        o,
        "{:<13}{:<ws$}{:<wk$}{:<9}",
        "component",
        "region_system",
        "sector",
        "method"
    );
    for h in shown {
        out!(o, "{:>16}", format!("h = {h}"));
    }
    outln!(o);
    let mut keys: Vec<BacktestKey<'_>> = rows.iter().map(Keyed::key).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (c, system, sector, m) = key;
        out!(
            o,
            "{:<13}{:<ws$}{:<wk$}{:<9}",
            c.code(),
            system,
            sector,
            m.code()
        );
        for &h in shown {
            let text = rows
                .iter()
                .find(|r| r.key() == key && r.horizon() == h)
                .map_or_else(|| "–".into(), &cell);
            out!(o, "{:>16}", text);
        }
        outln!(o);
    }
}

/// The inputs of a run from the shared options.
struct ModelInputs {
    ds: Cow<'static, Dataset>,
    regions: RegionSystem,
    params: Params,
    scenarios: Vec<Scenario>,
    options: ProjectionOptions,
}

/// The files a run of `args` reads, which its output must not replace.
fn run_inputs(args: &ModelArgs) -> RunInputs {
    let mut inputs = RunInputs::new()
        .maybe_file("--regions", &args.regions)
        .maybe_file("--demography", &args.demography);
    for (option, path) in [
        ("--pupils", &args.pupils),
        ("--params", &args.params),
        ("--measurements", &args.measurements),
        ("--funding", &args.funding),
    ] {
        if let Some(p) = path {
            inputs = inputs.file(option, p);
        }
    }
    for s in &args.scenarios {
        inputs = inputs.file("--scenario", s);
    }
    if let Some(d) = &args.data {
        inputs = inputs.data_dir("--data", d);
    }
    inputs
}

fn model_inputs(args: &ModelArgs) -> Result<ModelInputs, Error> {
    let mut ds = dataset(&args.data)?;
    if let Some(path) = &args.funding {
        ds = Cow::Owned(with_funding_file(&ds, path)?);
    }
    let mut params = match &args.params {
        Some(p) => read_params_file(p)?,
        None => Params::default(),
    };
    let with = args
        .measurements
        .as_deref()
        .map(|path| with_measurements_file(&ds, path))
        .transpose()?;
    let changed = measured_and_cut(&mut ds, &mut params, with, args.cutoff)?;
    for note in &changed.notes {
        eprintln!("note: {note}");
    }
    let mut sectors: Vec<Sector> = Vec::new();
    for s in &args.sectors {
        for x in Sector::parse_selection(s)? {
            if !sectors.contains(&x) {
                sectors.push(x);
            }
        }
    }
    sectors.sort();
    changed.keep_available(&mut sectors, args.sectors.iter().any(|s| s == "all"));
    let regions = resolve_regions(&args.regions, &ds)?;
    let mut scenarios = vec![Scenario::baseline()];
    for path in &args.scenarios {
        // A built-in name, unless a file of that name is there.
        scenarios.push(if path.as_os_str() == "beleidsarm" && !path.exists() {
            Scenario::beleidsarm()
        } else {
            read_scenario_file(path)?
        });
    }
    if let Some(out) = &args.out {
        run_inputs(args).check_output(out)?;
        check_output_path(out)?;
    }
    let options = ProjectionOptions {
        until: args.until,
        sectors,
        demography: resolve_demography(&args.demography, &ds)?,
        from: args.from,
        pupils: args
            .pupils
            .as_deref()
            .map(|p| read_pupil_file(p, &regions))
            .transpose()?,
        ages: false,
    };
    Ok(ModelInputs {
        ds,
        regions,
        params,
        scenarios,
        options,
    })
}

/// The interval levels asked for (80 and 95 by default), checked before
/// anything runs.
fn interval_levels(levels: &[f64]) -> Result<Vec<f64>, Error> {
    let levels = if levels.is_empty() {
        vec![80.0, 95.0]
    } else {
        levels.to_vec()
    };
    for &l in &levels {
        check_level(l)?;
    }
    Ok(levels)
}

/// Writes the result table to `out` ([`write_frame_with`]); for an `.xlsx`
/// workbook, first warns when `SOURCE_DATE_EPOCH` is set but unusable
/// (the workbook then records the time of writing).
fn write_results(
    frame: &mut tekort_polars::polars::prelude::DataFrame,
    out: &Path,
    meta: &WriteMeta,
) -> Result<(), Error> {
    if matches!(OutputFormat::from_path(out), Ok(OutputFormat::Xlsx)) {
        if let Some(w) = source_date_epoch_warning() {
            eprintln!("warning: {w}");
        }
    }
    write_frame_with(frame, out, meta)?;
    Ok(())
}

/// Prints the plausibility warnings of a run to stderr, `warning: …` one
/// a line: every scenario lever outside its plausible band and, with the
/// projection, every result with a shortage above 100 % of employment
/// (docs/method.md, guard rails).
fn warn_plausibility(projection: Option<&Projection>, scenarios: &[Scenario]) {
    let warnings = match projection {
        Some(p) => plausibility_warnings(p, scenarios),
        None => lever_warnings(scenarios),
    };
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// A progress bar on stderr for `total` runs named `unit`, shown only on a
/// terminal and only once the work takes more than a second.
fn progress_bar(total: usize, unit: &'static str) -> impl Fn(usize) + Sync {
    let start = std::time::Instant::now();
    let bar = std::io::stderr().is_terminal();
    move |done: usize| {
        if bar && start.elapsed().as_secs_f64() > 1.0 && (done % 10 == 0 || done == total) {
            let width = 30;
            let filled = done * width / total.max(1);
            eprint!(
                "\r[{}{}] {done}/{total} {unit}",
                "#".repeat(filled),
                " ".repeat(width - filled)
            );
            if done == total {
                eprintln!();
            }
        }
    }
}

/// What an output records of its run (in the metadata sheet of an .xlsx):
/// the command line as typed and the parameters used.
fn write_meta(params: &Params) -> WriteMeta {
    let args = std::env::args_os().skip(1).map(|a| {
        let a = a.to_string_lossy().into_owned();
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_alphanumeric() || "-_./:=,+@%".contains(c));
        if plain {
            a
        } else {
            format!("'{}'", a.replace('\'', r"'\''"))
        }
    });
    WriteMeta {
        command: std::iter::once("tekort".to_string())
            .chain(args)
            .collect::<Vec<_>>()
            .join(" "),
        params: Some(params.clone()),
        ..WriteMeta::default()
    }
}

/// Writes `sim` (with intervals) or `projection` to `out` and prints the
/// summary with the intervals' table under `header`.
fn report_run(
    projection: &Projection,
    sim: Option<(&Simulation, (&str, &str))>,
    levels: &[f64],
    out: Option<&PathBuf>,
    params: &Params,
    top: usize,
) -> Result<(), Error> {
    if let Some(out) = out {
        let mut frame = match sim {
            Some((sim, _)) => simulation_to_frame(sim, levels)?,
            None => projection_to_frame(projection)?,
        };
        write_results(&mut frame, out, &write_meta(params))?;
    }
    let mut summary = render_summary(projection, top);
    if let Some((sim, header)) = sim {
        summary.push_str(&render_intervals(sim, levels, header)?);
    }
    if let Some(out) = out {
        outln!(
            summary,
            "\nWrote {} rows to {}",
            row_count(projection),
            out.display()
        );
    }
    emit(&summary)
}

fn forecast(args: ForecastArgs) -> Result<(), Error> {
    let m = model_inputs(&args.model)?;
    if args.draws.is_none() && (!args.levels.is_empty()) {
        return Err(TekortError::InvalidValue {
            name: "level".into(),
            value: args.levels[0],
            reason: "interval levels need Monte Carlo draws: add --draws N (e.g. --draws 1000)"
                .into(),
        }
        .into());
    }
    let levels = interval_levels(&args.levels)?;
    let simulation = match args.draws {
        Some(draws) => {
            let mc = McOptions {
                draws,
                seed: args.seed,
            };
            let progress = progress_bar(draws, "draws");
            Some(simulate(
                &m.ds,
                &m.regions,
                &m.params,
                &m.scenarios,
                &m.options,
                &mc,
                Some(&progress),
            )?)
        }
        None => None,
    };
    let projection = match &simulation {
        Some(sim) => sim.central.clone(),
        None => project(&m.ds, &m.regions, &m.params, &m.scenarios, &m.options)?,
    };
    warn_plausibility(Some(&projection), &m.scenarios);
    let header = simulation.as_ref().map(|sim| {
        format!(
            "Monte Carlo: {} draws, seed {} (parameters, past pupil and graduate errors, process noise; docs/method.md); \
             in --out, pupils, demand_fte, employment_fte, shortage_fte and shortage_pct are the median of the draws \
             (inside every band), their -central columns the deterministic run of the table above",
            sim.n_draws(),
            sim.seed
        )
    });
    report_run(
        &projection,
        simulation
            .as_ref()
            .zip(header.as_deref().map(|h| (h, "central"))),
        &levels,
        args.model.out.as_ref(),
        &m.params,
        args.model.top,
    )
}

fn microsimulate(args: MicrosimArgs) -> Result<(), Error> {
    let m = model_inputs(&args.model)?;
    let levels = interval_levels(&args.levels)?;
    let mo = MicroOptions {
        runs: args.runs,
        seed: args.seed,
        tenure: !args.no_tenure,
        uncertainty: !args.no_uncertainty,
    };
    let progress = progress_bar(args.runs, "runs");
    let micro = microsim(
        &m.ds,
        &m.regions,
        &m.params,
        &m.scenarios,
        &m.options,
        &mo,
        Some(&progress),
    )?;
    warn_plausibility(Some(&micro.simulation.central), &m.scenarios);
    let st = &micro.stats;
    let header = format!(
        "Microsimulation: {} runs, seed {}, {} persons per run (years of service {}, parameter draws {}); \
         the table shows the mean over the runs (in --out: the -central columns and the flows; pupils, demand_fte, \
         employment_fte, shortage_fte and shortage_pct are the median); docs/method.md\n\
         early-career leaving (share of entrants gone within 1 / 3 / 5 years): po {:.1} / {:.1} / {:.1} %, \
         vo {:.1} / {:.1} / {:.1} %, mbo {:.1} / {:.1} / {:.1} %",
        args.runs,
        args.seed,
        st.persons / (args.runs * m.scenarios.len()).max(1),
        if mo.tenure { "on" } else { "off" },
        if mo.uncertainty { "on" } else { "off" },
        100.0 * st.gone_within(SectorGroup::Po, 1),
        100.0 * st.gone_within(SectorGroup::Po, 3),
        100.0 * st.gone_within(SectorGroup::Po, 5),
        100.0 * st.gone_within(SectorGroup::Vo, 1),
        100.0 * st.gone_within(SectorGroup::Vo, 3),
        100.0 * st.gone_within(SectorGroup::Vo, 5),
        100.0 * st.gone_within(SectorGroup::Mbo, 1),
        100.0 * st.gone_within(SectorGroup::Mbo, 3),
        100.0 * st.gone_within(SectorGroup::Mbo, 5),
    );
    report_run(
        &micro.simulation.central,
        Some((&micro.simulation, (&header, "mean"))),
        &levels,
        args.model.out.as_ref(),
        &m.params,
        args.model.top,
    )
}

fn run_report(args: ReportArgs) -> Result<(), Error> {
    let lang = report_lang(&args.lang)?;
    let out = args
        .model
        .out
        .clone()
        .ok_or_else(|| TekortError::MissingOption {
            option: "--out".into(),
            hint: "give the HTML file to write, e.g. --out report.html".into(),
        })?;
    run_inputs(&args.model).check_output(&out)?;
    check_html_path(&out)?;
    // The model inputs without the frame check of --out (an .html file).
    let mut model = args.model;
    model.out = None;
    let m = model_inputs(&model)?;
    let ro = ReportOptions {
        region: args.region,
        lang,
        indicators: IndicatorOptions {
            target_year: args.target_year,
            target_shortage_pct: args.target_shortage,
            ..IndicatorOptions::default()
        },
        draws: args.draws,
        seed: args.seed,
        title: args.title,
        subtitle: args.subtitle,
        date: Some(written_date()),
    };
    let region = &m.regions.regions[resolve_region(&m.regions, &ro.region)?];
    let html = report(&m.ds, &m.regions, &m.params, &m.scenarios, &m.options, &ro)?;
    warn_plausibility(None, &m.scenarios);
    write_text(&html, &out)?;
    emit(&format!(
        "Wrote the report on {:?} ({} bytes) to {}\n",
        region,
        html.len(),
        out.display()
    ))
}

fn run_monitor(args: MonitorArgs) -> Result<(), Error> {
    let m = model_inputs(&args.model)?;
    let io = IndicatorOptions {
        target_year: args.target_year,
        target_shortage_pct: args.target_shortage,
        ..IndicatorOptions::default()
    };
    let mc = args.draws.map(|draws| McOptions {
        draws,
        seed: args.seed,
    });
    let (p, rows) = monitor(
        &m.ds,
        &m.regions,
        &m.params,
        &m.scenarios,
        &m.options,
        &io,
        mc.as_ref(),
    )?;
    warn_plausibility(Some(&p), &m.scenarios);
    if let Some(out) = &args.model.out {
        write_results(
            &mut indicators_to_frame(&rows)?,
            out,
            &write_meta(&m.params),
        )?;
    }
    let mut o = String::new();
    // The table shows all sectors together when there are several groups.
    let together = rows.iter().any(|r| r.sector == "all");
    let sector = if together {
        "all".to_string()
    } else {
        rows.first().map(|r| r.sector.clone()).unwrap_or_default()
    };
    let asked = sectors_label(&p);
    let (base, target) = (p.base_year, io.target_year);
    outln!(
        o,
        "tekort {} · monitoring, region system {} ({} regions) · {} {asked}{} · Bron: DUO / CBS / OCW",
        env!("CARGO_PKG_VERSION"),
        p.region_system,
        p.regions.len(),
        if asked.contains(',') { "sectors" } else { "sector" },
        if together { " (the region table: together)" } else { "" }
    );
    outln!(
        o,
        "required inflow: hires per year {}–{target} to reach a shortage of {}% in {target} (docs/indicators.md)",
        base + 1,
        args.target_shortage
    );
    for scenario in &p.scenarios {
        if p.scenarios.len() > 1 {
            outln!(o, "\nscenario {scenario:?}");
        }
        outln!(
            o,
            "\n{:<34}{:>12}{:>12}{:>6}{:>8}{:>11}{:>11}{:>7}",
            "region",
            format!("short. {base}"),
            format!("short. {target}"),
            "rank",
            "vs NL",
            "required",
            "projected",
            "55+"
        );
        outln!(
            o,
            "{:<34}{:>12}{:>12}{:>6}{:>8}{:>11}{:>11}{:>7}",
            "",
            "%",
            "%",
            "",
            "pp",
            "fte/year",
            "fte/year",
            "%"
        );
        let mut areas: Vec<(&str, &str)> = p
            .regions
            .iter()
            .map(|r| (p.region_system.as_str(), r.as_str()))
            .collect();
        if p.region_system != "nl" {
            areas.push(("nl", "Nederland"));
        }
        for (system, region) in areas {
            let get = |name: &str, year: i32| -> String {
                rows.iter()
                    .find(|r| {
                        r.scenario == *scenario
                            && r.region_system == system
                            && r.region == region
                            && r.sector == sector
                            && r.indicator == name
                            && r.year == year
                    })
                    .map(|r| {
                        if name.ends_with("_rank") || name.ends_with("_fte") {
                            format!("{:.0}", r.value)
                        } else {
                            format!("{:.1}", r.value)
                        }
                    })
                    .unwrap_or_else(|| "–".into())
            };
            outln!(
                o,
                "{:<34}{:>12}{:>12}{:>6}{:>8}{:>11}{:>11}{:>7}",
                region,
                get("shortage_pct", base),
                get("shortage_pct", target),
                get("shortage_pct_rank", target),
                get("shortage_pct_vs_nation_pp", target),
                get("required_inflow_fte", target),
                get("projected_inflow_fte", target),
                get("share_55plus_pct", base)
            );
        }
        render_vacancies(&mut o, &p, scenario, [base, target]);
    }
    outln!(
        o,
        "\n'–': not defined (no such schools in the region, or no shortage measurement to rank). \
         The split of the shortage into open vacancies and hidden shortage (hidden_share_pct in --out) \
         is an assumption of the model (a fixed visible share per sector plus frictional \
         vacancies; docs/method.md), not a measurement."
    );
    if let Some(out) = &args.model.out {
        outln!(o, "\nWrote {} rows to {}", rows.len(), out.display());
    }
    emit(&o)
}

/// The sectors of a run as asked for: a group's code when all its
/// sectors are in it (`po`), else the sectors' codes (`po_bo`).
fn sectors_label(p: &Projection) -> String {
    let mut names: Vec<&str> = Vec::new();
    for g in SectorGroup::ALL {
        let idx = p.group_indices(g);
        if idx.len() == g.sectors().len() {
            names.push(g.code());
        } else {
            names.extend(idx.iter().map(|&i| p.sectors[i].code()));
        }
    }
    names.join(", ")
}

/// The nation's vacancies and replacement requests per sector group in
/// the base year and the target year, beside the vacancy intensity.
fn render_vacancies(o: &mut String, p: &Projection, scenario: &str, years: [i32; 2]) {
    let Some(si) = p.scenario_index(scenario) else {
        return;
    };
    outln!(
        o,
        "\nNederland per sector: open vacancies and replacement requests (model estimates)"
    );
    outln!(
        o,
        "{:<6}{:>6}{:>12}{:>12}{:>14}{:>14}{:>14}",
        "sector",
        "year",
        "vacancies",
        "vac. int.",
        "replacement",
        "unfilled",
        "unfilled"
    );
    outln!(
        o,
        "{:<6}{:>6}{:>12}{:>12}{:>14}{:>14}{:>14}",
        "",
        "",
        "fte",
        "% of empl.",
        "requests",
        "requests",
        "% of req."
    );
    for g in SectorGroup::ALL {
        let idx = p.group_indices(g);
        if idx.is_empty() {
            continue;
        }
        for year in years {
            let Some(yi) = p.year_index(year) else {
                continue;
            };
            let Ok(row) = p.total(si, None, &idx, yi) else {
                continue;
            };
            let requests = row[Variable::ReplacementRequests];
            let unfilled = row[Variable::ReplacementUnfilled];
            let unfilled_pct = if requests > 0.0 {
                format!("{:.1}", 100.0 * unfilled / requests)
            } else {
                "–".into()
            };
            outln!(
                o,
                "{:<6}{:>6}{:>12.0}{:>12.1}{:>14.0}{:>14.0}{:>14}",
                g.code(),
                year,
                row[Variable::VacanciesFte],
                row[Variable::VacancyIntensityPct],
                requests,
                unfilled,
                unfilled_pct
            );
        }
    }
}

/// National intervals of the shortage % per sector group and summary year,
/// computed per draw (totals over regions first, then the ratio).
fn render_intervals(
    sim: &Simulation,
    levels: &[f64],
    (header, value): (&str, &str),
) -> Result<String, Error> {
    let p = &sim.central;
    let mut o = String::new();
    outln!(o, "\n{header}");
    out!(
        o,
        "{:<6}{:>6}{:>10}{:>10}",
        "sector",
        "year",
        value,
        "median"
    );
    for l in levels {
        out!(o, "{:>22}", format!("{l}% interval"));
    }
    outln!(o, "   (national shortage_pct)");
    for (si, scenario) in p.scenarios.iter().enumerate() {
        if p.scenarios.len() > 1 {
            outln!(o, "scenario {scenario:?}");
        }
        for g in SectorGroup::ALL {
            let idx = p.group_indices(g);
            if idx.is_empty() {
                continue;
            }
            for yi in summary_years(p) {
                let central = p
                    .total(si, None, &idx, yi)
                    .expect("indices from the projection itself")[Variable::ShortagePct];
                let totals = sim
                    .total(si, None, &idx, yi)
                    .expect("indices from the simulation itself");
                let mut v: Vec<f64> = totals
                    .column(4)
                    .iter()
                    .copied()
                    .filter(|x| x.is_finite())
                    .collect();
                v.sort_by(f64::total_cmp);
                out!(
                    o,
                    "{:<6}{:>6}{:>10.1}{:>10.1}",
                    g.code(),
                    p.years[yi],
                    central,
                    quantile_sorted(&v, 0.5)
                );
                for l in levels {
                    let a = (1.0 - l / 100.0) / 2.0;
                    out!(
                        o,
                        "{:>22}",
                        format!(
                            "{:.1} – {:.1}",
                            quantile_sorted(&v, a),
                            quantile_sorted(&v, 1.0 - a)
                        )
                    );
                }
                outln!(o);
            }
        }
    }
    Ok(o)
}

fn row_count(p: &Projection) -> usize {
    p.scenarios.len() * p.regions.len() * p.sectors.len() * p.years.len()
}

/// Years shown in the summary: the base year, every fifth year, the last.
fn summary_years(p: &Projection) -> Vec<usize> {
    let last = p.years.len() - 1;
    // The first and last year, every fifth, and the latest measured year
    // when the output reaches back to it.
    let measured = p.measured.national.iter().map(|m| m.1).max();
    (0..=last)
        .filter(|&i| i == 0 || i == last || p.years[i] % 5 == 0 || Some(p.years[i]) == measured)
        .collect()
}

/// The readable summary: national totals per sector group over time and
/// the regions with the largest shortage.
fn render_summary(p: &Projection, top: usize) -> String {
    let mut o = String::new();
    outln!(
        o,
        "tekort {} · region system {} ({} regions) · {}–{} · Bron: DUO / CBS / OCW",
        env!("CARGO_PKG_VERSION"),
        p.region_system,
        p.regions.len(),
        p.years[0],
        p.years[p.years.len() - 1]
    );
    let cols = [
        Variable::Pupils,
        Variable::DemandFte,
        Variable::EmploymentFte,
        Variable::ShortageFte,
        Variable::ShortagePct,
        Variable::VacanciesFte,
        Variable::ReplacementUnfilled,
    ];
    for (si, scenario) in p.scenarios.iter().enumerate() {
        outln!(
            o,
            "\nNational totals, scenario {scenario:?} (shortage_pct = 100 × shortage / employment)"
        );
        out!(o, "{:<6}{:>6}", "sector", "year");
        for c in cols {
            out!(o, "{:>22}", c.name());
        }
        outln!(o, "{:>11}", "kind");
        for g in SectorGroup::ALL {
            let idx = p.group_indices(g);
            if idx.is_empty() {
                continue;
            }
            for yi in summary_years(p) {
                let row = p
                    .total(si, None, &idx, yi)
                    .expect("indices from the projection itself");
                out!(o, "{:<6}{:>6}", g.code(), p.years[yi]);
                for c in cols {
                    let v = row[c];
                    if c == Variable::ShortagePct {
                        out!(o, "{:>22.1}", v);
                    } else {
                        out!(o, "{:>22.0}", v);
                    }
                }
                outln!(o, "{:>11}", p.group_kind(g, p.years[yi], None).name());
            }
        }
    }
    if p.regions.len() > 1 && top > 0 {
        let last = p.years.len() - 1;
        let all: Vec<usize> = (0..p.sectors.len()).collect();
        let mut ranked: Vec<(usize, tekort_core::forecast::Totals)> = (0..p.regions.len())
            .map(|r| {
                (
                    r,
                    p.total(0, Some(&[r]), &all, last)
                        .expect("indices from the projection itself"),
                )
            })
            .collect();
        ranked.sort_by(|a, b| {
            let key = |x: &tekort_core::forecast::Totals| x[Variable::ShortagePct];
            key(&b.1).total_cmp(&key(&a.1))
        });
        outln!(
            o,
            "\nLargest shortage in {} (all selected sectors, scenario {:?}):",
            p.years[last],
            p.scenarios[0]
        );
        for (rank, (r, row)) in ranked.iter().take(top).enumerate() {
            outln!(
                o,
                "{:>3}. {:<32}{:>7.1} %{:>10.0} fte",
                rank + 1,
                p.regions[*r],
                row[Variable::ShortagePct.index()],
                row[Variable::ShortageFte.index()]
            );
        }
    }
    let h = &p.horizon;
    outln!(
        o,
        "\nHorizon: rows up to {} are the history run (po employment follows DUO staff; vo and \
         mbo employment is held at their latest measurement; column kind: the shortage is \
         measured in the years of a shortage measurement of exactly the row's area and \
         estimated otherwise); the \
         forecast starts in {}; \
         po pupils from {} rest on projected births ({}); figures from {} on are scenarios rather \
         than forecasts (more than 15 years ahead).",
        p.base_year,
        p.base_year + 1,
        h.projected_pupils_from,
        h.demography,
        h.scenario_from
    );
    for note in &p.notes {
        outln!(o, "note: {note}");
    }
    o
}
