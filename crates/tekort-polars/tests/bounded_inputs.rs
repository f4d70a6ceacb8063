//! Bounded inputs (issue 21, parts 5 and 6): name lookup by an index that
//! answers as the old linear scan did, messages that list at most
//! `MAX_LISTED` offending values and count the rest, non-numbers named by
//! row and value, and files read with a size cap.

use std::path::PathBuf;

use polars::prelude::*;
use tekort_core::{data::*, regions::*};
use tekort_polars::{
    embedded_dataset, pupils_from_frame, read_params_file, read_pupil_file, read_region_file,
    read_scenario_file, regions_from_frame, resolve_demography, MAX_TOML_BYTES,
};

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn write_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tekort-bounded-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The lookup as it was before the index: every municipality's keys
/// compared for every name (the keys folded once here, so the test is
/// quick; the comparison is the old linear scan).
struct Scan<'a> {
    dataset: &'a Dataset,
    keys: Vec<Vec<String>>,
    base: Vec<String>,
}

impl<'a> Scan<'a> {
    fn new(dataset: &'a Dataset) -> Self {
        let base_name = |n: &str| -> String {
            match n.find(" (") {
                Some(i) if n.ends_with(')') => n[..i].to_string(),
                _ => n.to_string(),
            }
        };
        let keys = dataset
            .municipalities
            .iter()
            .map(|mu| {
                let mut keys = vec![
                    fold_municipality_name(&mu.name),
                    fold_municipality_name(&format!("{} {}", base_name(&mu.name), mu.provincie)),
                ];
                keys.extend(
                    MUNICIPALITY_ALIASES
                        .iter()
                        .filter(|(_, cbs)| *cbs == mu.name)
                        .map(|(alias, _)| fold_municipality_name(alias)),
                );
                keys
            })
            .collect();
        let base = dataset
            .municipalities
            .iter()
            .map(|mu| fold_municipality_name(&base_name(&mu.name)))
            .collect();
        Scan {
            dataset,
            keys,
            base,
        }
    }

    fn named(&self, name: &str) -> Vec<usize> {
        let key = fold_municipality_name(name);
        if key.is_empty() {
            return Vec::new();
        }
        let n = self.dataset.n_municipalities();
        let exact: Vec<usize> = (0..n).filter(|&m| self.keys[m].contains(&key)).collect();
        if !exact.is_empty() {
            return exact;
        }
        let by_base: Vec<usize> = (0..n).filter(|&m| self.base[m] == key).collect();
        if !by_base.is_empty() {
            return by_base;
        }
        match self.dataset.municipality_index(name) {
            Ok(m) if name.trim().chars().any(|c| c.is_ascii_digit()) => vec![m],
            _ => Vec::new(),
        }
    }
}

#[test]
fn the_name_index_answers_as_the_scan_did_for_every_name_and_alias() {
    let d = ds();
    let mut queries: Vec<String> = Vec::new();
    for mu in &d.municipalities {
        let base = match mu.name.find(" (") {
            Some(i) => mu.name[..i].to_string(),
            None => mu.name.clone(),
        };
        queries.extend([
            mu.name.clone(),
            mu.name.to_uppercase(),
            mu.name.to_lowercase(),
            base.clone(),
            format!("{base} {}", mu.provincie),
            format!("{base} ({})", mu.provincie),
            mu.code.clone(),
            format!("GM{}", mu.code),
            mu.code.trim_start_matches('0').to_string(),
            format!("{}x", mu.name),
        ]);
    }
    for (alias, cbs) in MUNICIPALITY_ALIASES {
        queries.extend([alias.to_string(), alias.to_uppercase(), cbs.to_string()]);
    }
    queries.extend(
        [
            "", " ", "-", "Bergen", "bergen", "Nowhere", "0000", "9999", "GM", "1e3",
        ]
        .map(String::from),
    );
    let scan = Scan::new(d);
    let expected: Vec<Vec<usize>> = queries.iter().map(|q| scan.named(q)).collect();
    // One name at a time builds the index per call: every name that is
    // not unique, and every 7th of the others.
    for (i, (q, want)) in queries.iter().zip(&expected).enumerate() {
        if want.len() != 1 || i % 7 == 0 {
            assert_eq!(&municipalities_named(d, q), want, "{q:?}");
        }
    }
    // Resolving all at once (one index) gives what the scan gives, in
    // order.
    let unique: Vec<(&String, usize)> = queries
        .iter()
        .zip(&expected)
        .filter(|(_, ms)| ms.len() == 1)
        .map(|(q, ms)| (q, ms[0]))
        .collect();
    assert!(unique.len() > 2000, "{}", unique.len());
    let names: Vec<&String> = unique.iter().map(|(q, _)| *q).collect();
    let all = resolve_municipality_names(d, &names).unwrap();
    let want: Vec<usize> = unique.iter().map(|(_, m)| *m).collect();
    assert_eq!(all, want);
}

#[test]
fn a_hundred_thousand_unknown_codes_give_a_short_message_with_the_count() {
    let n = 100_000;
    let codes: Vec<String> = (0..n).map(|i| format!("X{i}")).collect();
    let frame = df!(
        "gemeentecode" => codes,
        "region" => vec!["R"; n],
    )
    .unwrap();
    let msg = regions_from_frame("many", &frame, ds())
        .unwrap_err()
        .to_string();
    assert!(msg.len() < 2_000, "{} bytes: {}", msg.len(), &msg[..2_000]);
    assert!(
        msg.starts_with("unknown municipality code \"X0\"")
            && msg.contains("in row 2;")
            && msg.contains("99,999 more unknown: \"X1\"")
            && msg.contains("\"X10\" (not a 2026 CBS gemeentecode) in row 12; … and 99,989 more"),
        "{msg}"
    );
    assert!(!msg.contains("\"X11\""), "{msg}");
}

#[test]
fn many_unknown_boards_and_names_are_capped_too() {
    let n = 100_000;
    let boards: Vec<String> = (0..n).map(|i| format!("B{i}")).collect();
    let frame = df!(
        "bevoegd_gezag" => boards,
        "region" => vec!["R"; n],
    )
    .unwrap();
    let msg = regions_from_frame("boards", &frame, ds())
        .unwrap_err()
        .to_string();
    assert!(msg.len() < 2_000, "{} bytes", msg.len());
    assert!(
        msg.contains("unknown school board numbers B0 (row 2), B1 (row 3)")
            && msg.contains("B9 (row 11), … and 99,990 more"),
        "{msg}"
    );

    let names: Vec<String> = (0..n).map(|i| format!("Nergenshuizen {i}")).collect();
    let msg = resolve_municipality_names(ds(), &names)
        .unwrap_err()
        .to_string();
    assert!(msg.len() < 4_000, "{} bytes", msg.len());
    assert!(
        msg.starts_with("municipality name \"Nergenshuizen 0\" matches no municipality")
            && msg.contains("(name 1)")
            && msg.contains("name \"Nergenshuizen 9\" (name 10)")
            && msg.ends_with("; … and 99,990 more names that match no single municipality"),
        "{msg}"
    );
    assert!(!msg.contains("\"Nergenshuizen 10\""), "{msg}");
}

#[test]
fn names_in_a_frame_resolve_through_one_index() {
    // 20,000 real names (repeats): correct codes, in order. Timing is in
    // `examples/name_lookup.rs`, not here.
    let d = ds();
    let n = 20_000;
    let names: Vec<String> = (0..n)
        .map(|i| d.municipalities[i % d.n_municipalities()].name.clone())
        .collect();
    let found = resolve_municipality_names(d, &names).unwrap();
    assert!(found
        .iter()
        .enumerate()
        .all(|(i, &m)| m == i % d.n_municipalities()));
}

#[test]
fn a_value_that_is_not_a_number_is_named_with_its_row() {
    let regions = RegionSystem::builtin("nl", ds()).unwrap();
    let mut csv = String::from("region,sector,year,pupils\n");
    for y in 2030..2035 {
        csv.push_str(&format!("Nederland,po,{y},1000\n"));
    }
    csv.push_str("Nederland,po,twee,1000\n"); // row 7
    csv.push_str("Nederland,po,drie,1000\n");
    let path = write_file("pupils_twee.csv", csv.as_bytes());
    let msg = read_pupil_file(&path, &regions).unwrap_err().to_string();
    assert!(
        msg.contains("column \"year\", row 7: \"twee\" is not a number"),
        "{msg}"
    );
    assert!(msg.contains("pupils_twee.csv"), "{msg}");

    // The same from a frame; an empty cell is not the offender.
    let frame = df!(
        "region" => ["Nederland", "Nederland", "Nederland"],
        "sector" => ["po", "po", "po"],
        "year" => ["2030", "2031", "2032"],
        "pupils" => [Some("1000"), None, Some("1.5k")],
    )
    .unwrap();
    let msg = pupils_from_frame("p", &frame, &regions)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("column \"pupils\", row 4: \"1.5k\" is not a number"),
        "{msg}"
    );
    // A huge cell is shortened.
    let long = "x".repeat(100_000);
    let frame = df!(
        "region" => ["Nederland"],
        "sector" => ["po"],
        "year" => [long.as_str()],
        "pupils" => ["1"],
    )
    .unwrap();
    let msg = pupils_from_frame("p", &frame, &regions)
        .unwrap_err()
        .to_string();
    assert!(
        msg.len() < 300 && msg.contains("xxx…\" is not a number"),
        "{msg}"
    );
}

#[test]
fn input_files_are_read_with_a_cap_and_binary_is_refused() {
    // A parameter file one byte over the cap: refused, naming path, cap, option.
    let big = vec![b'#'; MAX_TOML_BYTES as usize + 1];
    let path = write_file("big.toml", &big);
    let msg = read_params_file(&path).unwrap_err().to_string();
    assert!(
        msg.contains("big.toml") && msg.contains("larger than 1 MiB") && msg.contains("--params"),
        "{msg}"
    );
    let msg = read_scenario_file(&path).unwrap_err().to_string();
    assert!(msg.contains("--scenario"), "{msg}");
    // Binary data in every kind of input file.
    let binary = b"gemeentecode,region\n0363,A\x00\x01\x02\n";
    let path = write_file("binary.csv", binary);
    let msg = read_region_file(&path, ds()).unwrap_err().to_string();
    assert!(
        msg.contains("binary.csv") && msg.contains("byte 27 is a NUL") && msg.contains("--regions"),
        "{msg}"
    );
    let regions = RegionSystem::builtin("nl", ds()).unwrap();
    let msg = read_pupil_file(&path, &regions).unwrap_err().to_string();
    assert!(msg.contains("NUL") && msg.contains("--pupils"), "{msg}");
    let msg = resolve_demography(path.to_str().unwrap(), ds())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("NUL") && msg.contains("--demography"), "{msg}");
    let toml = write_file("latin1.toml", b"name = \"caf\xe9\"\n");
    let msg = read_scenario_file(&toml).unwrap_err().to_string();
    assert!(
        msg.contains("latin1.toml") && msg.contains("byte 12 is not UTF-8"),
        "{msg}"
    );
    // A directory is not a file.
    let dir = path.parent().unwrap();
    let msg = read_params_file(dir).unwrap_err().to_string();
    assert!(msg.contains("cannot read"), "{msg}");
}

#[cfg(unix)]
#[test]
fn devices_that_never_end_are_refused() {
    let msg = read_params_file(std::path::Path::new("/dev/zero"))
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("cannot read /dev/zero") && msg.contains("--params"),
        "{msg}"
    );
    let regions = RegionSystem::builtin("nl", ds()).unwrap();
    let msg = read_pupil_file(std::path::Path::new("/dev/urandom"), &regions)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("cannot read /dev/urandom"), "{msg}");
}
