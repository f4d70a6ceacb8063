//! What the model reproduces of the past (docs/validation.md) as Markdown.

use std::fmt::Write as _;

use tekort_core::{SectorGroup, Validation};

/// The replay of history ([`tekort_core::validate_history`]) as Markdown:
/// the page `tekort validate` writes (`docs/validation.md`).
pub fn validation_markdown(v: &Validation) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Validation: what tekort reproduces of the past\n");
    let _ = writeln!(
        o,
        "Produced by `tekort validate > docs/validation.md` on the embedded dataset \
         with the default parameters; a test re-runs the command and fails if this \
         file differs. Bron: DUO / CBS / OCW.\n"
    );
    let _ = writeln!(o, "## National shortage in the year of each measurement\n");
    let _ = writeln!(
        o,
        "Each measurement describes its own year and anchors it. po employment follows \
         DUO's po staff persons (all functions, as an index of the measured employment of \
         2023); vo and mbo employment are held level (no staff series). Demand in the year \
         of the regional table (po, vo: October 2023) is employment × (1 + the measured \
         %) per municipality; mbo's is the measured fte (2024) on the assumed employment. \
         Demand moves with each municipality's pupils to other years; an earlier national \
         figure (po 2021, 2022) sets a national factor on demand per pupil in its year \
         (linear in between). The figures therefore match by construction; what they show \
         is the factor: how far demand per pupil had to move. That po staff persons \
         include support staff hired with the 2021–2023 NPO funds is one reason it is \
         not 1. The forecast starts from the base year {}, carried forward by pupils and \
         staff from the latest measurement.\n",
        v.base_year
    );
    let _ = writeln!(
        o,
        "| sector | year | measured % | model % | measured fte | model fte | demand per pupil | anchored by |"
    );
    let _ = writeln!(o, "|---|---:|---:|---:|---:|---:|---:|---|");
    for c in &v.shortage {
        let m = c.measured_pct.map_or("–".into(), |p| format!("{p:.1}"));
        let _ = writeln!(
            o,
            "| {} | {} | {m} | {:.2} | {:.0} | {:.0} | {:.3} | {} |",
            c.group.code(),
            c.year,
            c.model_pct,
            c.measured_fte,
            c.model_fte,
            c.demand_factor,
            c.how
        );
    }
    let _ = writeln!(o, "\n## The G5 convention\n");
    let _ = writeln!(
        o,
        "The regional table gives each arbeidsmarktregio and, separately, the G5 cities. \
         Read as *including* its city, a region's rest must be solved from its total and \
         can go negative; read as *excluding* the city, every municipality keeps a \
         measured, positive figure. The national % implied by each reading \
         (employment-weighted with the model's employment):\n"
    );
    let _ = writeln!(
        o,
        "| sector | reading | implied national % | lowest municipal % | measured national % |"
    );
    let _ = writeln!(o, "|---|---|---:|---:|---:|");
    for c in &v.g5 {
        let _ = writeln!(
            o,
            "| {} | {} | {:.2} | {:.1} | {} |",
            c.group.code(),
            c.reading,
            c.national_pct,
            c.min_pct,
            c.measured_pct.map_or("–".into(), |p| format!("{p:.1}"))
        );
    }
    let po_excluding =
        v.g5.iter()
            .find(|c| c.group == SectorGroup::Po && c.reading.starts_with("excl"));
    let _ = writeln!(
        o,
        "\nThe model uses the *excluding* reading and keeps the table's relative \
         differences, scaled by one factor per sector to the national figure of the same \
         year: po × {:.3}, vo × {:.3}. The po table is read as figures for regular \
         primary schools (bo), with sbo and (v)so at the bo figure times their national \
         ratio to bo (13.3 / 8.6 and 11.2 / 8.6, Oct 2021): read so, it implies {:.2} % \
         for all of po where the national figure is {:.1} %; read as all of po it implies \
         {:.2} %.\n",
        v.national_factor[0],
        v.national_factor[1],
        po_excluding.map_or(f64::NAN, |c| c.national_pct),
        po_excluding
            .and_then(|c| c.measured_pct)
            .unwrap_or(f64::NAN),
        v.po_table_as_all_po
    );
    let _ = writeln!(o, "## Each arbeidsmarktregio in its measurement year\n");
    let _ = writeln!(
        o,
        "The table's figure beside the model's figure for the same area (a region \
         without its G5 city, or the city) in October {}. Largest absolute difference: po \
         {:.2} pp, vo {:.2} pp: the national factor above, applied to every area. \
         The whole region, city included, is in the forecast output.\n",
        v.regional_year,
        v.max_regional_diff(SectorGroup::Po),
        v.max_regional_diff(SectorGroup::Vo)
    );
    let _ = writeln!(o, "| sector | area | table % | model % | difference (pp) |");
    let _ = writeln!(o, "|---|---|---:|---:|---:|");
    for c in &v.regional {
        let _ = writeln!(
            o,
            "| {} | {} | {:.1} | {:.2} | {:+.2} |",
            c.group.code(),
            c.region,
            c.measured_pct,
            c.model_pct,
            c.model_pct - c.measured_pct
        );
    }
    let _ = writeln!(o, "\n## Ageing of the po workforce\n");
    let _ = writeln!(
        o,
        "The history run rolls the StaMOS {} profile of po teaching fte forward with the \
         model's hazards, that year's AOW age and the observed inflow (graduates, \
         zij-instroom, returners), and compares the share aged 55+ with StaMOS. \
         Mean absolute error: {:.2} pp.\n",
        v.ageing_from,
        v.ageing_mae()
    );
    let _ = writeln!(o, "| year | StaMOS 55+ % | model 55+ % | difference (pp) |");
    let _ = writeln!(o, "|---:|---:|---:|---:|");
    for a in &v.ageing {
        let _ = writeln!(
            o,
            "| {} | {:.1} | {:.1} | {:+.1} |",
            a.year,
            a.measured_pct,
            a.model_pct,
            a.model_pct - a.measured_pct
        );
    }
    let _ = writeln!(o, "\n## Age structure in the base year\n");
    let _ = writeln!(
        o,
        "Each sector's latest measured profile rolled forward to {}:\n",
        v.base_year
    );
    let _ = writeln!(
        o,
        "| sector | profile year | 55+ share of fte in {} (%) |",
        v.base_year
    );
    let _ = writeln!(o, "|---|---:|---:|");
    for (g, from, share) in &v.base_55plus {
        let _ = writeln!(o, "| {} | {from} | {share:.1} |", g.code());
    }
    let _ = writeln!(o, "\n## How fast regional differences fade\n");
    let _ = writeln!(
        o,
        "po shortage of the five G5 cities together and of the rest of the country, \
         baseline. A municipality's shortage is its share of its arbeidsmarktregio's \
         shortage, the share set by its measured shortage moved with its pupils; \
         arbeidsmarktregio's differ in their pupils and their measured start. The measurements show the G5 lead widening (2021: about 14 % \
         against 8 %; 2023: the table above), so entrants are not pulled towards the \
         shortage (`inflow.shortage_pull = 0`). Rank correlation of the 35 \
         arbeidsmarktregio's (all sectors) between {} and {}: {:.2}.\n",
        v.base_year,
        v.g5_gap.last().map_or(v.base_year, |g| g.0),
        v.rank_correlation
    );
    let _ = writeln!(o, "| year | G5 % | rest % | lead (pp) |");
    let _ = writeln!(o, "|---:|---:|---:|---:|");
    for (y, g, r) in &v.g5_gap {
        let _ = writeln!(o, "| {y} | {g:.1} | {r:.1} | {:.1} |", g - r);
    }
    let _ = writeln!(o, "\n## po staff per arbeidsmarktregio\n");
    let _ = writeln!(
        o,
        "The history run follows DUO's national po staff index and shares it over \
         municipalities by their pupils. Against DUO's own staff persons per \
         arbeidsmarktregio (all functions), both as an index of {}: the mean absolute \
         difference over the 35 regions per year, beside the same for the national index \
         alone (every region's share held at its {} value). DUO counts staff at the school board's \
         main location, so a region's series jumps when boards merge across regions; part \
         of the difference is that, not the model.\n",
        v.staff_reference_year, v.staff_reference_year
    );
    let _ = writeln!(
        o,
        "| year | model: MAPE of the regional index (%) | regional shares held: MAPE (%) |"
    );
    let _ = writeln!(o, "|---:|---:|---:|");
    for (y, e, n) in &v.staff_mape {
        let _ = writeln!(o, "| {y} | {e:.1} | {n:.1} |");
    }
    let _ = writeln!(o, "\n## Not yet validated\n");
    let _ = writeln!(
        o,
        "- The simulated dynamics before 2021: the regional stock starts at the first \
         shortage measurement; the age structure alone is rolled from 2016 (po), 2015 \
         (vo) and 2019 (mbo). The backtests ([accuracy.md](accuracy.md)) score the \
         components from earlier cutoffs (pupils, births, graduates, po staff, the 55+ \
         share); the labour-market engine itself cannot start before the first shortage \
         measurement, so its dynamics are not yet backtested."
    );
    o
}
