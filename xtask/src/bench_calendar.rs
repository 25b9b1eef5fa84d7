//! The calendar part of `cargo xtask bench`: 500 projects and 100,000 activities over ten years
//! (`madani seed-activities`; `MADANI_BENCH_ACTIVITIES` for another count), then the network's
//! calendar for one month read anonymously with a mix of questions (every month of the ten years,
//! without a filter, by wilaya, by field), and the iCalendar feed of a project with 1,000 events.

use std::path::Path;
use std::process::Command;

use super::bench_tools::{Measure, json_string, wrk};
use crate::output;

const FIELDS: &[&str] =
    &["education", "health", "environment", "youth", "women", "culture", "sport", "social_solidarity"];

pub fn calendar_bench(
    bin: &Path,
    env: &dyn Fn(&mut Command),
    base: &str,
    dir: &Path,
) -> Result<Vec<(String, Measure)>, String> {
    let activities = std::env::var("MADANI_BENCH_ACTIVITIES").unwrap_or_else(|_| "100000".to_owned());
    eprintln!("==> seed {activities} activities");
    let mut seed = Command::new(bin);
    seed.args(["seed-activities", &activities]);
    env(&mut seed);
    let seeded = output(seed).ok_or("seed-activities failed")?;
    let feed = json_string(&seeded, "feed_project").ok_or("no feed project")?;
    // Each request: another month of 2021–2030, and one question of three: all, a wilaya, a field.
    let fields: Vec<String> = FIELDS.iter().map(|f| format!("\"{f}\"")).collect();
    let months = dir.join("calendar.lua");
    std::fs::write(
        &months,
        format!(
            "local fields = {{{}}}\n\
             local i = 0\n\
             init = function(args) i = math.random(100000) end\n\
             request = function()\n  i = i + 1\n  \
             local m = i % 120\n  local y = 2021 + math.floor(m / 12)\n  local mo = (m % 12) + 1\n  \
             local last = ({{31,28,31,30,31,30,31,31,30,31,30,31}})[mo]\n  \
             local path = string.format('/api/v1/calendar?from=%04d-%02d-01&to=%04d-%02d-%02d', y, mo, y, mo, last)\n  \
             local kind = math.floor(i / 120) % 3\n  \
             if kind == 1 then path = path .. string.format('&wilaya=%02d', 1 + (i % 58)) end\n  \
             if kind == 2 then path = path .. '&field=' .. fields[(i % #fields) + 1] end\n  \
             return wrk.format('GET', path)\nend\n",
            fields.join(", ")
        ),
    )
    .map_err(|e| e.to_string())?;
    let _ = Command::new("curl")
        .args(["-sf", "-o", "/dev/null", &format!("{base}/api/v1/calendar?from=2025-03-01&to=2025-03-31")])
        .status();
    let month = wrk(base, Some(&months));
    let feed_url = format!("{base}/api/v1/projects/{feed}/calendar.ics");
    let _ = Command::new("curl").args(["-sf", "-o", "/dev/null", &feed_url]).status();
    let feed_read = wrk(&feed_url, None);
    Ok(vec![(format!("month, mixed ({activities})"), month), ("feed (1,000 events)".to_owned(), feed_read)])
}

/// `cargo xtask bench --calendar`: the calendar part alone, on each backend, with only the 500
/// associations its projects need (the whole bench also seeds 100,000 for the directory).
pub fn bench_calendar() -> Result<(), String> {
    use super::bench_tools::{bench_database, drop_bench_database};
    crate::bench_tools::ensure_wrk()?;
    let mut build = crate::cargo();
    build.args(["build", "--release", "-p", "madani-api"]);
    crate::run("build the server (release)", build)?;
    let bin = crate::target_dir().join("release/madani");
    let mut report = Vec::new();
    for (n, backend) in ["sqlite", "postgres"].into_iter().enumerate() {
        let (dir, database, url) = bench_database("bench-calendar", backend)?;
        let env = |c: &mut Command| {
            c.env("DATABASE_URL", &url).env("MADANI_DATA_DIR", &dir).env("MADANI_LOG", "warn").current_dir(&dir);
        };
        let outcome = (|| {
            let mut seed = Command::new(&bin);
            seed.args(["seed-associations", "500"]);
            env(&mut seed);
            crate::run(&format!("seed 500 associations ({backend})"), seed)?;
            let port = 18760 + n as u16;
            let mut serve = Command::new(&bin);
            serve
                .arg("serve")
                .env("MADANI_BIND", format!("127.0.0.1:{port}"))
                .env("MADANI_FEED_READS_PER_MINUTE", "1000000000")
                .env("MADANI_CALENDAR_READS_PER_MINUTE", "1000000000");
            env(&mut serve);
            crate::as_deployed(&mut serve);
            let mut server = serve.spawn().map_err(|e| e.to_string())?;
            let base = format!("http://127.0.0.1:{port}");
            let ready = (0..60).any(|_| {
                std::thread::sleep(std::time::Duration::from_millis(500));
                Command::new("curl").args(["-sf", &format!("{base}/ready")]).output().is_ok_and(|o| o.status.success())
            });
            let measured = if ready {
                calendar_bench(&bin, &env, &base, &dir)
            } else {
                Err(format!("the {backend} server did not become ready"))
            };
            if let Ok(m) = &measured {
                for (name, (rps, p99, errors)) in m {
                    report.push(format!("{backend:<9} {name:<28} {rps:>10} req/s   p99 {p99:>9}   {errors}"));
                }
                report.push(format!("{backend:<9} {:<28} {}", "memory", crate::bench_tools::memory(server.id())));
            }
            let _ = server.kill();
            let _ = server.wait();
            measured.map(|_| ())
        })();
        drop_bench_database(backend, &dir, &database);
        outcome?;
    }
    println!("\nThe calendar, wrk -t2 -c32 -d10s on this machine:");
    for line in report {
        println!("  {line}");
    }
    Ok(())
}
