//! Timing of exact parsimonious minimisation on synthetic crisp data (printed, not asserted):
//! `cargo run --release -p renxing --example qca_timing [k n ...]`, or `-- --csv FILE` for one table
//! (outcome last, e.g. `bench_qca.py`'s data written as CSV). A benchmark, not a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use renxing::qca::*;

fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

fn random_table(k: usize, n: usize, seed: u64) -> QcaTable {
    let mut s = seed;
    let mut values = Vec::with_capacity(n * k);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let row: Vec<u64> = (0..k).map(|_| lcg(&mut s) & 1).collect();
        values.extend(row.iter().map(|&v| v as f64));
        // a configurational outcome, Y = X0*X1 + X2*~X3 + X4*X5*X6, with 3% noise
        let yy = (row[0] & row[1]) | (row[2] & (1 - row[3])) | (row[4] & row[5] & row[6]);
        let flip = u64::from(lcg(&mut s) % 100 < 3);
        y.push((yy ^ flip) as f64);
    }
    QcaTable::new(
        (0..n).map(|i| format!("c{i}")).collect(),
        (0..k).map(|j| format!("X{j}")).collect(),
        "Y",
        values,
        y,
    )
    .expect("a valid table")
}

fn main() {
    // `qca_timing --csv FILE` times one table (e.g. bench_qca.py's data written as CSV)
    let argv: Vec<String> = std::env::args().collect();
    if argv.len() == 3 && argv[1] == "--csv" {
        let text = std::fs::read_to_string(&argv[2]).expect("a readable CSV");
        let t = read_csv(&text, None).expect("a QCA table");
        time_table(
            &format!("{} k={} n={}", argv[2], t.n_conditions(), t.n_cases()),
            &t,
        );
        return;
    }
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let runs: Vec<(usize, usize)> = if args.len() >= 2 {
        args.chunks(2).map(|c| (c[0], c[1])).collect()
    } else {
        vec![
            (8, 200),
            (10, 300),
            (12, 100),
            (12, 300),
            (14, 200),
            (16, 200),
            (12, 2000),
        ]
    };
    for (k, n) in runs {
        time_table(&format!("k={k:2} n={n}"), &random_table(k, n, 42));
    }
}

fn time_table(name: &str, t: &QcaTable) {
    let start = std::time::Instant::now();
    let tt = truth_table(
        t,
        &TruthTableOptions {
            incl_cut: 0.75,
            ..Default::default()
        },
    )
    .unwrap();
    let t_tt = start.elapsed();
    let r = minimize(t, &tt, &MinimizeOptions::default());
    let total = start.elapsed();
    match r {
        Ok(m) => {
            let Some(p) = m.parsimonious else { return };
            println!(
                "{name}: observed rows {}, positive {}, PIs {}, models {} (size {}), truth table {:?}, total {:?}",
                tt.rows.len(), p.explained_rows.len(), p.prime_implicants.len(), p.solutions.len(), p.solutions[0].terms.len(), t_tt, total
            );
        }
        Err(e) => println!("{name}: {e} after {total:?}"),
    }
}
