//! The calendar part of `cargo xtask bench`: 500 projects and 100,000 activities over ten years
//! (`madani seed-activities`; `MADANI_BENCH_ACTIVITIES` for another count), then the network's
//! calendar for one month read anonymously with a mix of questions (every month of the ten years,
//! without a filter, by wilaya, by field), and the iCalendar feed of a project with 1,000 events.

use std::path::Path;
use std::process::Command;

use super::bench::{Measure, json_string, wrk};
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
