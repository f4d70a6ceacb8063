//! The order of dependence of the core's folders, read from the sources.
//!
//! `src/` is a set of folders by purpose in a strict order (see the crate
//! documentation in `lib.rs`): a module may import from its own folder and
//! from folders before it, never from a folder after it, and no two modules
//! may import each other, directly or round a loop. This test reads every
//! `crate::` path of every source file (comments and doc comments left
//! out), and fails on an upward import, on a cycle, and on a folder that is
//! not in the order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The folders (and top-level files) of `src/`, in their order of
/// dependence. `lib.rs`, the public front, may use every one of them.
const ORDER: [&str; 9] = [
    "error",
    "domain",
    "inputs",
    "model",
    "run",
    "evaluate",
    "uncertainty",
    "analysis",
    "front",
];

/// A module of the crate: its path below `src/` without `.rs` (`mod.rs`
/// files count as their folder), e.g. `domain/params`.
type Module = String;

fn src_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every source file below `dir` as (module, text), `lib.rs` left out.
fn sources(dir: &Path) -> Vec<(Module, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(dir).unwrap().with_extension("");
                let mut module = rel.to_string_lossy().replace('\\', "/");
                if module == "lib" {
                    continue;
                }
                if let Some(folder) = module.strip_suffix("/mod") {
                    module = folder.to_string();
                }
                out.push((module, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The code of `text` without comments (line comments, doc comments and
/// block comments); string literals are kept, as they cannot hold a path
/// the compiler reads.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_block = 0usize;
    for line in text.lines() {
        let mut rest = line;
        loop {
            if in_block > 0 {
                match rest.find("*/") {
                    Some(end) => {
                        in_block -= 1;
                        rest = &rest[end + 2..];
                    }
                    None => break,
                }
            } else if let Some(start) = rest.find("/*") {
                let before = &rest[..start];
                if let Some(c) = before.find("//") {
                    out.push_str(&before[..c]);
                    break;
                }
                out.push_str(before);
                in_block += 1;
                rest = &rest[start + 2..];
            } else {
                let code = rest.find("//").map_or(rest, |c| &rest[..c]);
                out.push_str(code);
                break;
            }
        }
        out.push('\n');
    }
    out
}

/// The `crate::` paths of `code`, each as its segments; a `use crate::a::{b,
/// c::d}` group gives `a::b` and `a::c::d`.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while let Some(pos) = code[i..].find("crate::") {
        let start = i + pos;
        i = start + "crate::".len();
        // `tekort_crate::` or `my_crate::` are other names.
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let (path, end) = read_path(code, i);
        i = end;
        out.extend(path);
    }
    out
}

/// Reads a path (with `{…}` groups) from `code[at..]`; returns the full
/// paths it names and where it ends.
fn read_path(code: &str, at: usize) -> (Vec<Vec<String>>, usize) {
    let bytes = code.as_bytes();
    let mut segments: Vec<String> = Vec::new();
    let mut i = at;
    loop {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if i > start {
            segments.push(code[start..i].to_string());
        }
        let group = if code[i..].starts_with("::{") {
            Some(3)
        } else if segments.is_empty() && code[i..].starts_with('{') {
            Some(1)
        } else {
            None
        };
        if let Some(skip) = group {
            // A group: each member is a path of its own below `segments`.
            i += skip;
            let mut all = Vec::new();
            loop {
                while i < bytes.len() && (bytes[i] as char).is_whitespace() {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] == b'}' {
                    i += 1;
                    break;
                }
                let (members, end) = read_path(code, i);
                for m in members {
                    let mut full = segments.clone();
                    full.extend(m);
                    all.push(full);
                }
                i = end;
                // Skip ` as Name`, then a comma.
                while i < bytes.len() && bytes[i] != b',' && bytes[i] != b'}' {
                    i += 1;
                }
                if i < bytes.len() && bytes[i] == b',' {
                    i += 1;
                }
            }
            return (all, i);
        }
        if code[i..].starts_with("::") {
            i += 2;
            continue;
        }
        return (vec![segments], i);
    }
}

/// The module a path names: its longest prefix that is a module of the
/// crate (`domain::params::Params` → `domain/params`).
fn module_of(path: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("/"))
        .find(|m| modules.contains(m))
}

/// The rank of a module in [`ORDER`] (by its top folder or file).
fn rank(module: &str) -> Option<usize> {
    let top = module.split('/').next().unwrap();
    ORDER.iter().position(|o| *o == top)
}

/// What is wrong with the order of dependence of `sources`: upward imports,
/// modules outside [`ORDER`], and cycles, one message each.
fn problems(sources: &[(Module, String)]) -> Vec<String> {
    let modules: BTreeSet<Module> = sources.iter().map(|(m, _)| m.clone()).collect();
    let mut problems = Vec::new();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, text) in sources {
        let Some(own) = rank(module) else {
            problems.push(format!(
                "{module}: not in the order of folders (tests/module_order.rs ORDER)"
            ));
            continue;
        };
        for path in crate_paths(&code_of(text)) {
            let Some(target) = module_of(&path, &modules) else {
                // A name at the crate root (the public front): importing the
                // front from inside would hide the real dependence.
                problems.push(format!(
                    "{module}: uses crate::{} through the crate root; import it from its module",
                    path.join("::")
                ));
                continue;
            };
            if target == *module || module.starts_with(&format!("{target}/")) {
                continue;
            }
            if let Some(their) = rank(&target) {
                if their > own {
                    problems.push(format!(
                        "{module} imports {target}: an upward import ({} comes after {})",
                        ORDER[their], ORDER[own]
                    ));
                }
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    problems.extend(cycles(&edges));
    problems
}

/// The cycles of the import graph, each as `a → b → … → a`.
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<String> {
    // Depth-first search with colours: grey on the stack, black done.
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        Grey,
        Black,
    }
    fn visit(
        m: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        colour: &mut BTreeMap<Module, Colour>,
        stack: &mut Vec<Module>,
        found: &mut Vec<String>,
    ) {
        colour.insert(m.clone(), Colour::Grey);
        stack.push(m.clone());
        for next in edges.get(m).into_iter().flatten() {
            match colour.get(next) {
                Some(Colour::Grey) => {
                    let from = stack.iter().position(|s| s == next).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    found.push(format!("an import cycle: {}", cycle.join(" → ")));
                }
                Some(Colour::Black) => {}
                None => visit(next, edges, colour, stack, found),
            }
        }
        stack.pop();
        colour.insert(m.clone(), Colour::Black);
    }
    let mut colour = BTreeMap::new();
    let mut found = Vec::new();
    for m in edges.keys() {
        if !colour.contains_key(m) {
            visit(m, edges, &mut colour, &mut Vec::new(), &mut found);
        }
    }
    found
}

#[test]
fn the_core_imports_only_downwards_and_without_cycles() {
    let sources = sources(&src_dir());
    assert!(sources.len() > 20, "the sources were not found");
    let problems = problems(&sources);
    assert!(
        problems.is_empty(),
        "the order of dependence is broken:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn lib_rs_is_only_the_front() {
    let lib = std::fs::read_to_string(src_dir().join("lib.rs")).unwrap();
    let lines = lib.lines().count();
    assert!(
        lines < 200,
        "lib.rs has {lines} lines (the front stays under 200)"
    );
    let code = code_of(&lib);
    assert!(
        !code.contains("fn "),
        "lib.rs defines a function: the front only declares modules and re-exports"
    );
}

/// The checker itself: an upward import, a cycle, a root import and an
/// unknown folder are each found (so the test above can fail).
#[test]
fn the_checker_finds_what_it_looks_for() {
    let src = |m: &str, t: &str| (m.to_string(), t.to_string());
    let upward = [
        src("domain/params", "use crate::model::cohort::Hazards;"),
        src("model/cohort", "use crate::domain::params::Params;"),
    ];
    let p = problems(&upward);
    assert!(p.iter().any(|p| p.contains("upward import")), "{p:?}");
    let cycle = [
        src("inputs/prepare", "fn f() { crate::inputs::history::g(); }"),
        src(
            "inputs/history",
            "use crate::{\n    inputs::prepare::{Prepared, f as h},\n    domain::x,\n};",
        ),
        src("domain/x", "// use crate::inputs::prepare; (a comment)"),
    ];
    let p = problems(&cycle);
    assert!(
        p.iter()
            .any(|p| p.contains("cycle") && p.contains("inputs/prepare")),
        "{p:?}"
    );
    assert_eq!(p.len(), 1, "the comment was read as an import: {p:?}");
    let root = [src("model/cohort", "use crate::Params;")];
    assert!(problems(&root)[0].contains("through the crate root"));
    let unknown = [src("presentation/x", "")];
    assert!(problems(&unknown)[0].contains("not in the order"));
}
