//! The `tekort` binary end to end: the default job and every bad input.

use std::path::Path;
use std::process::Command;

mod common;
use common::{stderr, stdout, tekort, TempDir};

#[test]
fn default_forecast_prints_a_summary() {
    let o = tekort(&["forecast"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("arbeidsmarktregio (35 regions)"), "{out}");
    assert!(out.contains("2025–2040"));
    assert!(out.contains("National totals"));
    for sector in ["po ", "vo ", "mbo "] {
        assert!(out.lines().any(|l| l.starts_with(sector)), "{sector}");
    }
    assert!(out.contains("Largest shortage in 2040"));
}

#[test]
fn beleidsarm_is_a_built_in_scenario_and_cutoff_a_whole_run() {
    let dir = TempDir::new("beleidsarm");
    let csv = dir.path("out.csv");
    let o = tekort(&[
        "forecast",
        "--regions",
        "nl",
        "--sector",
        "po",
        "--until",
        "2030",
        "--scenario",
        "beleidsarm",
        "--out",
        &csv,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("\nbeleidsarm,nl,Nederland,po_bo,2030,forecast,forecast,"));
    // --cutoff: data up to 2023 only; vo and mbo are left out with a note.
    let o = tekort(&[
        "forecast",
        "--regions",
        "nl",
        "--cutoff",
        "2023",
        "--until",
        "2026",
        "--out",
        &csv,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("vo and mbo are left out"),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains(",po_bo,2023,history,measured,"));
    assert!(text.contains(",po_bo,2024,forecast,forecast,"));
    assert!(!text.contains(",vo,"));
    fails(&dir, &["forecast", "--cutoff", "2030"], "cutoff");
    fails(
        &dir,
        &["forecast", "--cutoff", "2023", "--sector", "vo"],
        "vo",
    );
}

#[test]
fn writes_tidy_csv_and_parquet_with_scenarios() {
    let dir = TempDir::new("write");
    let scenario = dir.file(
        "meer.toml",
        "name = \"meer zij-instroom\"\nzij_instroom = 1.5\nfrom_year = 2026\n",
    );
    let regions = dir.file(
        "regio.csv",
        "gemeentecode,region\n0034,Almere\n0995,Lelystad\n",
    );
    let csv = dir.path("out.csv");
    let o = tekort(&[
        "forecast",
        "--regions",
        &regions,
        "--sector",
        "po",
        "--until",
        "2030",
        "--scenario",
        &scenario,
        "--out",
        &csv,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("scenario,region_system,region,sector,year,period,kind,pupils,demand_fte,employment_fte,shortage_fte,shortage_pct,shortage_increment_fte,vacancies_fte,hidden_shortage_fte"));
    // 2 scenarios × 3 regions (Almere, Lelystad, rest) × 3 po sectors × 6 years.
    assert_eq!(lines.count(), 2 * 3 * 3 * 6);
    assert!(text.contains("meer zij-instroom,regio,Almere,po_bo,2030,forecast,forecast,"));
    let parquet = dir.path("out.parquet");
    let o = tekort(&[
        "forecast",
        "--regions",
        "provincie",
        "--until",
        "2027",
        "--out",
        &parquet,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&parquet).unwrap().starts_with(b"PAR1"));
}

/// Runs a failing command and checks: non-zero exit, one `error:` line
/// naming `needle`, no output file, nothing left in the directory.
fn fails(dir: &TempDir, args: &[&str], needle: &str) {
    let before = dir.entries();
    let out = dir.path("result.csv");
    let mut full: Vec<&str> = args.to_vec();
    if !args.contains(&"--out") {
        full.extend(["--out", &out]);
    }
    let o = tekort(&full);
    let err = stderr(&o);
    assert!(!o.status.success(), "{args:?} should fail");
    assert!(
        err.contains(needle),
        "{args:?}: message {err:?} does not name {needle:?}"
    );
    assert!(!Path::new(&out).exists(), "{args:?} left an output file");
    assert_eq!(dir.entries(), before, "{args:?} left files behind");
}

#[test]
fn bad_inputs_fail_cleanly_and_name_the_problem() {
    let dir = TempDir::new("bad");
    let unknown = dir.file(
        "onbekend.csv",
        "gemeentecode,region\n0363,Amsterdam\n9876,Nergens\n",
    );
    let merged = dir.file("oud.csv", "gemeentecode,region\n0457,Weesp\n");
    let no_cols = dir.file("kolommen.csv", "code,regio\n0363,Amsterdam\n");
    let twice = dir.file("dubbel.csv", "gemeentecode,region\n0363,A\n363,B\n");
    let bad_key = dir.file("sleutel.toml", "name = \"x\"\nzij_instrom = 1.5\n");
    let bad_value = dir.file("waarde.toml", "name = \"x\"\nclass_size = -2\n");
    let bad_toml = dir.file("kapot.toml", "name = \"x\"\nzij_instroom = \n");
    let early = dir.file("vroeg.toml", "name = \"vroeg\"\nfrom_year = 2020\n");
    let bad_params = dir.file("params.toml", "[outflow]\nretirement = 0.5\n");
    let out_of_range = dir.file("params2.toml", "[inflow]\nshortage_pull = 2\n");
    let bad_pupils = dir.file(
        "leerlingen.csv",
        "region,sector,year,pupils\nAtlantis,vo,2030,1000\n",
    );
    let short_births = dir.file(
        "geboorten.csv",
        &(2024..=2035)
            .map(|y| format!("{y},170000\n"))
            .fold("year,births\n".to_string(), |a, l| a + &l),
    );
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["forecast", "--regions", "gemeenten"], "gemeenten"),
        (vec!["forecast", "--regions", &unknown], "9876"),
        (vec!["forecast", "--regions", &merged], "0363"),
        (vec!["forecast", "--regions", &no_cols], "gemeentecode"),
        (vec!["forecast", "--regions", &twice], "both"),
        (
            vec!["forecast", "--regions", "/no/such/regions.csv"],
            "/no/such/regions.csv",
        ),
        (vec!["forecast", "--until", "2100"], "2100"),
        (vec!["forecast", "--until", "2025"], "2025"),
        (vec!["forecast", "--sector", "ko"], "ko"),
        (vec!["forecast", "--scenario", &bad_key], "zij_instrom"),
        (vec!["forecast", "--scenario", &bad_value], "class_size"),
        (vec!["forecast", "--scenario", &bad_toml], "kapot.toml"),
        (vec!["forecast", "--scenario", &early], "from_year"),
        (
            vec!["forecast", "--scenario", "/no/such/scenario.toml"],
            "scenario.toml",
        ),
        (vec!["forecast", "--params", &bad_params], "retirement"),
        (
            vec!["forecast", "--params", &out_of_range],
            "inflow.shortage_pull",
        ),
        (vec!["forecast", "--data", "/no/such/dir"], "gemeenten.csv"),
        (vec!["forecast", "--demography", "optimistic"], "optimistic"),
        (
            vec!["forecast", "--demography", "/no/such/births.csv"],
            "/no/such/births.csv",
        ),
        (vec!["forecast", "--demography", &short_births], "2036"),
        (vec!["forecast", "--from", "2010"], "2010"),
        (vec!["forecast", "--pupils", &bad_pupils], "Atlantis"),
        (vec!["forecast", "--from", "2026"], "2026"),
    ];
    for (args, needle) in &cases {
        fails(&dir, args, needle);
    }
    // Output paths: unknown format, missing directory, a directory.
    let xls = dir.path("result.xls");
    fails(&dir, &["forecast", "--out", &xls], "result.xls:");
    fails(
        &dir,
        &["forecast", "--out", "/no/such/dir/out.csv"],
        "/no/such/dir/out.csv",
    );
    let sub = dir.0.join("sub.csv");
    std::fs::create_dir(&sub).unwrap();
    let sub = sub.display().to_string();
    fails(&dir, &["forecast", "--out", &sub], "directory");
}

#[test]
fn params_command_prints_loadable_toml() {
    let dir = TempDir::new("params");
    let o = tekort(&["params"]);
    assert!(o.status.success());
    let path = dir.file("p.toml", &stdout(&o));
    let o = tekort(&[
        "forecast",
        "--params",
        &path,
        "--until",
        "2026",
        "--regions",
        "nl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn regions_command_lists_regions() {
    let o = tekort(&["regions", "--regions", "provincie"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 12);
}

#[test]
fn readme_sample_output_is_what_the_command_prints() {
    // README promises that its sample is the output of its first command.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let start = readme
        .find("```text\ntekort ")
        .expect("README has the sample block")
        + "```text\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let o = tekort(&["forecast"]);
    assert!(o.status.success());
    assert_eq!(
        readme[start..end].trim_end(),
        stdout(&o).trim_end(),
        "README's sample output is stale: run python3 scripts/regenerate_docs.py"
    );
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tekort"))
        .arg("forecast")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let o = child.wait_with_output().unwrap();
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(o.status.success());
}

#[test]
fn history_rows_demography_and_validation() {
    let dir = TempDir::new("history");
    let out = dir.path("h.csv");
    let o = tekort(&[
        "forecast",
        "--regions",
        "nl",
        "--sector",
        "po",
        "--from",
        "2021",
        "--until",
        "2027",
        "--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    // Each row says what it is: the measurement years (po 2021–2024) are
    // measured, the base year estimated, later years forecast.
    assert!(text.contains(",po_bo,2021,history,measured,"));
    assert!(text.contains(",po_bo,2024,history,measured,"));
    assert!(text.contains(",po_bo,2025,history,estimated,"));
    assert!(text.contains(",po_bo,2026,forecast,forecast,"));
    assert!(stdout(&o).contains("Horizon:"));

    // A flat national births path changes the po forecast of the 2030s.
    let flat = dir.file(
        "flat.csv",
        &(2024..=2040)
            .map(|y| format!("{y},150000\n"))
            .fold("year,births\n".to_string(), |a, l| a + &l),
    );
    let pupils_2040 = |demography: &str| -> f64 {
        let out = dir.path(&format!("{}.csv", demography.len()));
        let o = tekort(&[
            "forecast",
            "--regions",
            "nl",
            "--sector",
            "po_bo",
            "--demography",
            demography,
            "--out",
            &out,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = std::fs::read_to_string(&out).unwrap();
        let line = text.lines().find(|l| l.contains(",2040,")).unwrap();
        line.split(',').nth(7).unwrap().parse().unwrap()
    };
    let (low, medium, high, own) = (
        pupils_2040("low"),
        pupils_2040("medium"),
        pupils_2040("high"),
        pupils_2040(&flat),
    );
    assert!(low < medium && medium < high, "{low} {medium} {high}");
    assert!(own < medium && own != low, "{own}");

    // docs/validation.md is the output of `tekort validate`.
    let o = tekort(&["validate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/validation.md"
    ))
    .unwrap();
    assert_eq!(
        doc,
        stdout(&o),
        "stale: run python3 scripts/regenerate_docs.py (tekort validate)"
    );
}

#[test]
fn backtest_writes_every_forecast_and_accuracy_is_the_doc() {
    let dir = TempDir::new("backtest");
    let out = dir.path("bt.csv");
    let o = tekort(&[
        "backtest",
        "--component",
        "pupils,births",
        "--regions",
        "nl",
        "--cutoffs",
        "2010..2014",
        "--horizon",
        "5",
        "--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("MAPE % (bias %)"), "{text}");
    assert!(text.contains("h = 5") && !text.contains("h = 10"), "{text}");
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("component,method,region_system,region,sector,cutoff,year,horizon,actual,forecast,kind,forecast-lo-80,forecast-hi-80,forecast-lo-95,forecast-hi-95")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // pupils: 3 types × 3 methods × 5 cutoffs × 5 years; births: 3 × 5 × 5.
    assert_eq!(rows.len(), 3 * 3 * 5 * 5 + 3 * 5 * 5);
    assert!(rows.iter().all(|r| {
        let (c, y, h): (i32, i32, i32) = (
            r[5].parse().unwrap(),
            r[6].parse().unwrap(),
            r[7].parse().unwrap(),
        );
        (2010..=2014).contains(&c) && h == y - c && (1..=5).contains(&h)
    }));
    assert!(text.contains(&format!("Wrote {} rows to {out}", rows.len())));

    // docs/accuracy.md is the output of `tekort accuracy`.
    let o = tekort(&["accuracy"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/accuracy.md"
    ))
    .unwrap();
    assert_eq!(
        doc,
        stdout(&o),
        "stale: run python3 scripts/regenerate_docs.py (tekort accuracy)"
    );
}

#[test]
fn backtest_bad_inputs_name_the_value_and_write_nothing() {
    let dir = TempDir::new("backtest-bad");
    let out = dir.path("bt.csv");
    for (args, needle) in [
        (vec!["--component", "popils"], "\"popils\""),
        (vec!["--cutoffs", "2020..2010"], "2020"),
        (vec!["--cutoffs", "twenty"], "\"twenty\""),
        (vec!["--horizon", "0"], "horizon"),
        (vec!["--regions", "gemeente"], "\"gemeente\""),
        (
            vec!["--out", "/nonexistent-dir/bt.csv"],
            "/nonexistent-dir/bt.csv",
        ),
    ] {
        let mut all = vec!["backtest"];
        all.extend(args.iter().copied());
        if !args.contains(&"--out") {
            all.extend(["--out", out.as_str()]);
        }
        let o = tekort(&all);
        assert!(!o.status.success(), "{all:?} should fail");
        assert!(stderr(&o).contains(needle), "{all:?}: {}", stderr(&o));
    }
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
}

#[test]
fn readme_accuracy_headline_is_the_doc() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/accuracy.md"
    ))
    .unwrap();
    let open = "<!-- accuracy-headline: copied from docs/accuracy.md, checked by a test -->\n";
    let start = readme.find(open).expect("README has the headline block") + open.len();
    let end = start
        + readme[start..]
            .find("\n<!-- /accuracy-headline -->")
            .unwrap();
    let table = &readme[start..end];
    assert!(table.starts_with("| method | region |"), "{table}");
    assert!(
        doc.contains(table),
        "README's accuracy headline differs from docs/accuracy.md: run python3 scripts/regenerate_docs.py"
    );
}

#[test]
fn monte_carlo_files_are_equal_on_one_and_two_threads() {
    let dir = TempDir::new("mc");
    let run = |threads: &str, seed: &str, name: &str| -> String {
        let out = dir.path(name);
        let o = Command::new(env!("CARGO_BIN_EXE_tekort"))
            .args([
                "forecast",
                "--regions",
                "provincie",
                "--until",
                "2030",
                "--draws",
                "60",
                "--seed",
                seed,
                "--out",
                &out,
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        assert!(text.contains("Monte Carlo: 60 draws, seed"), "{text}");
        assert!(
            text.contains("80% interval") && text.contains("95% interval"),
            "{text}"
        );
        // No progress bar when stderr is not a terminal.
        assert!(!stderr(&o).contains("draws"), "{}", stderr(&o));
        std::fs::read_to_string(&out).unwrap()
    };
    let one = run("1", "7", "one.csv");
    let two = run("2", "7", "two.csv");
    assert_eq!(
        one, two,
        "the same seed gives the same file on 1 and 2 threads"
    );
    assert_ne!(one, run("2", "8", "other.csv"), "another seed, other draws");
    let header = one.lines().next().unwrap();
    for c in [
        "shortage_pct-lo-80",
        "shortage_pct-hi-95",
        "pupils-lo-80",
        "employment_fte-hi-80",
    ] {
        assert!(header.split(',').any(|h| h == c), "{c} in {header}");
    }
}

#[test]
fn monte_carlo_bad_inputs_name_the_value() {
    for (args, needle) in [
        (vec!["--level", "80"], "--draws"),
        (vec!["--draws", "10", "--level", "120"], "120"),
        (vec!["--draws", "0"], "draws"),
        (vec!["--draws", "ten"], "ten"),
    ] {
        let mut all = vec!["forecast", "--regions", "nl", "--until", "2027"];
        all.extend(args.iter().copied());
        let o = tekort(&all);
        assert!(!o.status.success(), "{all:?} should fail");
        assert!(stderr(&o).contains(needle), "{all:?}: {}", stderr(&o));
    }
}

#[test]
fn microsim_files_are_equal_on_one_and_two_threads() {
    let dir = TempDir::new("micro");
    let run = |threads: &str, seed: &str, name: &str| -> String {
        let out = dir.path(name);
        let o = Command::new(env!("CARGO_BIN_EXE_tekort"))
            .args([
                "microsim",
                "--regions",
                "provincie",
                "--until",
                "2029",
                "--runs",
                "6",
                "--seed",
                seed,
                "--out",
                &out,
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        assert!(text.contains("Microsimulation: 6 runs, seed"), "{text}");
        assert!(text.contains("early-career leaving"), "{text}");
        assert!(!stderr(&o).contains("runs"), "{}", stderr(&o));
        std::fs::read_to_string(&out).unwrap()
    };
    let one = run("1", "7", "one.csv");
    assert_eq!(one, run("2", "7", "two.csv"), "same seed, same file");
    assert_ne!(one, run("2", "8", "other.csv"), "another seed, other runs");
    let header = one.lines().next().unwrap();
    for c in ["shortage_fte", "shortage_pct-lo-80", "employment_fte-hi-95"] {
        assert!(header.split(',').any(|h| h == c), "{c} in {header}");
    }
}

#[test]
fn microsim_bad_inputs_name_the_value() {
    for (args, needle) in [
        (vec!["--runs", "0"], "runs"),
        (vec!["--runs", "2", "--level", "0"], "level"),
        (vec!["--runs", "many"], "many"),
    ] {
        let mut all = vec!["microsim", "--regions", "nl", "--until", "2027"];
        all.extend(args.iter().copied());
        let o = tekort(&all);
        assert!(!o.status.success(), "{all:?} should fail");
        assert!(stderr(&o).contains(needle), "{all:?}: {}", stderr(&o));
    }
}

#[test]
fn monitor_prints_every_region_and_the_nation() {
    let o = tekort(&["monitor"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("region"))
        .skip(2)
        .take_while(|l| !l.starts_with("Nederland per sector"))
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        rows.len(),
        36,
        "35 arbeidsmarktregio's and the nation: {text}"
    );
    assert!(rows[35].starts_with("Nederland"), "{text}");
    assert!(text.contains("required inflow"), "{text}");
    // Every region row has numbers, not dashes, in the shortage columns.
    for r in &rows[..35] {
        let cells: Vec<&str> = r.split_whitespace().collect();
        assert!(cells.iter().rev().take(7).all(|c| *c != "–"), "{r}");
    }
}

#[test]
fn monitor_writes_the_tidy_table_and_refuses_a_bad_target_year() {
    let dir = TempDir::new("monitor");
    let out = dir.path("ind.csv");
    let o = tekort(&[
        "monitor",
        "--regions",
        "provincie",
        "--until",
        "2032",
        "--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        "scenario,region_system,region,sector,indicator,year,value,unit,kind"
    );
    assert!(text.contains(",Nederland,po,required_inflow_fte,2030,"));
    assert!(text.contains(",measured"));
    let bad = dir.path("bad.csv");
    let o = tekort(&["monitor", "--target-year", "2024", "--out", &bad]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("2024"), "{}", stderr(&o));
    assert!(!std::path::Path::new(&bad).exists(), "no partial file");
}

#[test]
fn report_takes_a_word_of_the_region_a_title_and_the_date_of_source_date_epoch() {
    let dir = TempDir::new("report-title");
    let examples = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/examples/onderwijsregio_voorbeelden.csv"
    );
    let out = dir.path("haaglanden.html");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tekort"))
        .args([
            "report",
            "--regions",
            examples,
            "--region",
            "haaglanden",
            "--title",
            "Lerarentekort in Haaglanden",
            "--subtitle",
            "Voor de regiotafel",
            "--draws",
            "0",
            "--out",
            &out,
        ])
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Wrote the report on \"Onderwijsregio Haaglanden\""),
        "the region it resolved to: {}",
        stdout(&o)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<h1>Lerarentekort in Haaglanden</h1>"));
    assert!(html.contains("<p class=\"sub\">Voor de regiotafel</p>"));
    // 1780000000 s is 28 May 2026 (UTC).
    assert!(
        html.contains("Gemaakt op 28 mei 2026"),
        "the date of SOURCE_DATE_EPOCH"
    );
    // Without it: today's date, in words.
    let o = tekort(&[
        "report",
        "--regions",
        examples,
        "--region",
        "almere",
        "--draws",
        "0",
        "--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("Gemaakt op ")
            && html.contains("<h1>Lerarenarbeidsmarkt in Onderwijsregio Almere</h1>")
    );
    // A near miss is answered with the name meant.
    let o = tekort(&[
        "report",
        "--regions",
        examples,
        "--region",
        "Haaglanen",
        "--draws",
        "0",
        "--out",
        &out,
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("did you mean \"Onderwijsregio Haaglanden\"?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn report_writes_one_html_file_or_none() {
    let dir = TempDir::new("report");
    let examples = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/examples/onderwijsregio_voorbeelden.csv"
    );
    let out = dir.path("haaglanden.html");
    let o = tekort(&[
        "report",
        "--regions",
        examples,
        "--region",
        "Onderwijsregio Haaglanden",
        "--draws",
        "20",
        "--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Kerncijfers naast Nederland") && html.ends_with("</html>\n"));
    let en = dir.path("en.html");
    let o = tekort(&[
        "report",
        "--regions",
        examples,
        "--region",
        "Onderwijsregio Almere",
        "--lang",
        "en",
        "--draws",
        "0",
        "--out",
        &en,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&en)
        .unwrap()
        .contains("Required inflow"));
    for (args, needle) in [
        (
            vec!["--region", "Onderwijsregio Delft"],
            "Onderwijsregio Delft",
        ),
        (
            vec!["--region", "Onderwijsregio Almere", "--target-year", "2023"],
            "2023",
        ),
        (
            vec!["--region", "Onderwijsregio Almere", "--lang", "fr"],
            "fr",
        ),
    ] {
        let bad = dir.path("bad.html");
        let mut all = vec![
            "report",
            "--regions",
            examples,
            "--draws",
            "0",
            "--out",
            &bad,
        ];
        all.extend(args.iter().copied());
        let o = tekort(&all);
        assert!(!o.status.success(), "{all:?}");
        assert!(stderr(&o).contains(needle), "{all:?}: {}", stderr(&o));
        assert!(!std::path::Path::new(&bad).exists(), "no partial file");
    }
    let o = tekort(&[
        "report",
        "--regions",
        examples,
        "--region",
        "Onderwijsregio Almere",
        "--out",
        &dir.path("x.csv"),
    ]);
    assert!(
        !o.status.success() && stderr(&o).contains(".html"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn report_without_out_names_the_missing_option() {
    let o = tekort(&["report", "--regions", "nl", "--region", "Nederland"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(
        err.trim_end(),
        "error: missing option --out: give the HTML file to write, e.g. --out report.html"
    );
    assert!(!err.contains("NaN"), "{err}");
}

#[test]
fn region_files_as_people_write_them_are_read_and_listed() {
    let dir = TempDir::new("regions-list");
    // Excel's separator line, Dutch headers, empty trailing columns.
    let excel = dir.file(
        "excel.csv",
        "sep=;\r\nGemeentenaam;Regio;;\r\nLeiden;Leiden e.o.;;\r\nLeidschendam-Voorburg;Haaglanden;;\r\n",
    );
    let o = tekort(&["regions", "--regions", &excel, "--list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let row = |n: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(n))
            .unwrap_or_else(|| panic!("no row {n}: {text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("2 "), "2 Leiden 0546 Leiden Leiden e.o.");
    assert_eq!(
        row("3 "),
        "3 Leidschendam-Voorburg 1916 Leidschendam-Voorburg Haaglanden"
    );
    assert!(
        text.contains("340 municipalities not in the file"),
        "{text}"
    );
    // A code is shown with the municipality it is: 0546 is Leiden.
    let codes = dir.file("codes.csv", "gemeente,onderwijsregio\n546,Leidschendam\n");
    let o = tekort(&["regions", "--regions", &codes, "--list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["2", "546", "0546", "Leiden", "Leidschendam"]),
        "{}",
        stdout(&o)
    );
    // DUO's header for a board number.
    let boards = dir.file("duo.csv", "BEVOEGD GEZAG NUMMER,regio\n41572,Stichting\n");
    let o = tekort(&["regions", "--regions", &boards, "--list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("board 41572"), "{}", stdout(&o));
    assert!(stdout(&o).contains("schools in "), "{}", stdout(&o));
    // And by its largest schools (data/board_schools.csv).
    assert!(
        stdout(&o).contains("board 41572 — schools include A M G Schmidtschool ('s-Gravenhage), "),
        "{}",
        stdout(&o)
    );
    // Without --list: the regions with their counts, as before.
    let o = tekort(&["regions", "--regions", &excel]);
    assert!(stdout(&o).starts_with("Leiden e.o.\t1 municipalities"));
}

#[test]
fn region_file_messages_list_real_columns_and_advise_on_old_codes() {
    let dir = TempDir::new("regions-msg");
    let no_region = dir.file("geen.csv", "gemeentenaam,regioo,,\nLeiden,x,,\n");
    let o = tekort(&["regions", "--regions", &no_region]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(
        err.contains("missing column \"region\" (also read as: regio")
            && err.contains("(found: \"gemeentenaam\", \"regioo\")"),
        "{err}"
    );
    assert!(
        !err.contains("_duplicated_") && !err.contains("\"\""),
        "{err}"
    );
    let old = dir.file("oud.csv", "gemeentecode,regio\n0999,x\n0051,y\n");
    let err = stderr(&tekort(&["regions", "--regions", &old]));
    assert!(
        err.contains("\"0051\" (a former municipality, merged into 1940 De Fryske Marren")
            && err.contains("\"0999\" (not a 2026 CBS gemeentecode)")
            && err.contains("CBS's \"Gemeentelijke indeling\""),
        "{err}"
    );
}

#[test]
fn monitor_names_the_sectors_and_shows_vacancies_and_replacement_requests() {
    let o = tekort(&[
        "monitor",
        "--regions",
        "nl",
        "--sector",
        "po",
        "--sector",
        "vo",
        "--sector",
        "mbo",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let first = text.lines().next().unwrap();
    assert!(first.contains("· sectors po, vo, mbo"), "{first}");
    assert!(!first.contains("sector all"), "{first}");
    let block: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Nederland per sector"))
        .collect();
    assert!(block.len() > 3, "{text}");
    for g in ["po", "vo", "mbo"] {
        let rows: Vec<&str> = block
            .iter()
            .copied()
            .filter(|l| l.split_whitespace().next() == Some(g))
            .collect();
        assert_eq!(rows.len(), 2, "{g}: base and target year: {text}");
        for r in rows {
            let cells: Vec<f64> = r
                .split_whitespace()
                .skip(2)
                .map(|c| c.parse().unwrap())
                .collect();
            // vacancies fte, intensity %, requests, unfilled, unfilled %
            assert!(cells[0] > 0.0 && cells[2] > cells[3], "{r}");
        }
    }
    assert!(text.contains("is an assumption of the model"), "{text}");
    let o = tekort(&["monitor", "--regions", "nl", "--sector", "po_bo"]);
    assert!(stdout(&o)
        .lines()
        .next()
        .unwrap()
        .contains("· sector po_bo ·"));
}

#[test]
fn a_region_of_boards_has_no_required_mbo_inflow_rather_than_zero() {
    let dir = TempDir::new("monitor-boards");
    let boards = dir.file("bestuur.csv", "bevoegd_gezag,region\n41572,Stichting\n");
    let out = dir.path("ind.csv");
    let o = tekort(&[
        "monitor",
        "--regions",
        &boards,
        "--sector",
        "mbo",
        "--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let row = stdout(&o)
        .lines()
        .find(|l| l.starts_with("Stichting"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(row, "Stichting – – – – – – –");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(!csv.contains(",Stichting,mbo,required_inflow"), "{csv}");
    assert!(csv.contains(",rest van Nederland,mbo,required_inflow_fte,"));
}

/// `demand_fte` of every po row of a forecast CSV, by (sector, year).
fn po_demand(csv: &str) -> std::collections::BTreeMap<(String, i32), f64> {
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (sector, year, demand) = (col("sector"), col("year"), col("demand_fte"));
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|c| c[sector].starts_with("po_"))
        .map(|c| {
            (
                (c[sector].to_string(), c[year].parse().unwrap()),
                c[demand].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn funding_moves_po_demand_after_the_latest_measurement_only() {
    let dir = TempDir::new("funding");
    let funding = dir.file(
        "funding.csv",
        "fund,sector,announced,year,staff_per_pupil_pct,kind\nextra,po,2025,2030,10,structural\n",
    );
    let run = |extra: &[&str], out: &str| {
        let mut args = vec![
            "forecast",
            "--regions",
            "nl",
            "--sector",
            "po",
            "--until",
            "2035",
            "--out",
            out,
        ];
        args.extend_from_slice(extra);
        let o = tekort(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        po_demand(out)
    };
    let plain = run(&[], &dir.path("plain.csv"));
    let funded = run(&["--funding", &funding], &dir.path("funded.csv"));
    assert_eq!(plain.len(), 3 * 11);
    for ((sector, year), a) in &plain {
        let b = funded[&(sector.clone(), *year)];
        let want = if *year >= 2030 { 1.1 } else { 1.0 };
        assert!(
            (b / a - want).abs() <= 1e-9,
            "{sector} {year}: {b} / {a} is not {want}"
        );
    }
    // A bad row names the file, the row and the value, and writes nothing.
    let bad = dir.file(
        "bad.csv",
        "fund,sector,announced,year,staff_per_pupil_pct,kind\nextra,po,2025,2030,150,structural\n",
    );
    fails(&dir, &["forecast", "--funding", &bad], "150");
}
