//! A fixed workload for `valgrind --tool=callgrind`: instruction counts are stable where wall
//! time on a shared machine is not. `cargo run --release -p keyfall-core --example perf_probe [what]`.
use keyfall_core::*;
fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let w = large_world(LARGE_WORLD_SEED);
    if what == "all" || what == "health" {
        let r = w.health();
        println!("health assets {}", r.assets.len());
    }
    if what == "all" || what == "matrix" {
        let m = w.what_if_matrix();
        let changed = m.iter().filter(|(_, d)| !d.changes.is_empty()).count();
        println!("matrix commands {} with changes {}", m.len(), changed);
    }
    if what == "lessons" {
        for (file, text) in builtin_lessons() {
            let s = parse_scenario(text).expect("parses");
            let mut r = Runner::new(s.seed.unwrap_or(1));
            r.run_scenario(&s, true).expect("runs");
            let t = std::time::Instant::now();
            let h = r.world().health();
            println!("{file} {} assets {:?}", h.assets.len(), t.elapsed());
        }
    }
}
