//! The consultations part of `cargo xtask bench`: one consultation of 20 questions with 1,000,000
//! answers (`madani seed-consultation`; `MADANI_BENCH_ANSWERS` for another count), then its results
//! read by an organiser, answers submitted by officers of 200 associations (new answers first, then
//! changes, which take the old answer's tallies away and add the new one's), and the results read
//! again while answers arrive. Each server keeps the results computed for the tallies' version; a
//! submission raises it, so the last scenario measures reads that recompute whenever an answer
//! came in meanwhile (about every other read), not a cache that never misses.

use std::path::Path;
use std::process::Command;

use super::bench_tools::{Measure, curl_json, json_string, wrk};
use crate::output;

pub fn consultations_bench(
    bin: &Path,
    env: &dyn Fn(&mut Command),
    base: &str,
    dir: &Path,
) -> Result<Vec<(String, Measure)>, String> {
    let answers = std::env::var("MADANI_BENCH_ANSWERS").unwrap_or_else(|_| "1000000".to_owned());
    eprintln!("==> seed a consultation with {answers} answers");
    let mut seed = Command::new(bin);
    seed.args(["seed-consultation", &answers, "--owner", "bench@madani.test"]);
    env(&mut seed);
    let seeded = output(seed).ok_or("seed-consultation failed")?;
    let consultation = json_string(&seeded, "consultation").ok_or("no consultation id")?;
    let associations: Vec<String> = seeded
        .split("\"associations\":[")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .map(|list| list.split(',').map(|id| id.trim_matches('"').to_owned()).collect())
        .unwrap_or_default();
    let login = curl_json(
        "POST",
        &format!("{base}/api/v1/auth/login"),
        None,
        r#"{"email":"bench@madani.test","password":"bench-password-madani-2026","transport":"body"}"#,
    )
    .ok_or("bench login failed")?;
    let token = json_string(&login, "access_token").ok_or("no access token")?;

    let results = dir.join("results.lua");
    std::fs::write(
        &results,
        format!(
            "request = function()\n  return wrk.format(\"GET\", \"/api/v1/consultations/{consultation}/results\", {{[\"Authorization\"] = \"Bearer {token}\"}})\nend\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let list: Vec<String> = associations.iter().map(|a| format!("\"{a}\"")).collect();
    // Each request: the next association, a single choice, a multiple choice, a scale, a number, a
    // ranking and a text, varied by the request's number.
    let submit = dir.join("submit.lua");
    std::fs::write(
        &submit,
        format!(
            "local associations = {{{}}}\n\
             local i = 0\n\
             init = function(args) i = math.random(#associations) end\n\
             request = function()\n  i = i + 1\n  local a = associations[(i % #associations) + 1]\n  \
             local body = '{{\"association_id\":\"' .. a .. '\",\"answers\":[' ..\n    \
             '{{\"question_id\":\"q0\",\"choice\":\"o' .. (i % 4) .. '\"}},' ..\n    \
             '{{\"question_id\":\"q3\",\"choices\":[\"o' .. (i % 5) .. '\"]}},' ..\n    \
             '{{\"question_id\":\"q5\",\"number\":' .. (1 + i % 5) .. '}},' ..\n    \
             '{{\"question_id\":\"q7\",\"number\":' .. (i % 1000) .. '}},' ..\n    \
             '{{\"question_id\":\"q8\",\"ranking\":[\"o0\",\"o1\",\"o2\",\"o3\"]}},' ..\n    \
             '{{\"question_id\":\"q9\",\"text\":\"Réponse ' .. i .. '\"}}]}}'\n  \
             return wrk.format(\"POST\", \"/api/v1/consultations/{consultation}/answer/submit\", {{[\"Authorization\"] = \"Bearer {token}\", [\"Content-Type\"] = \"application/json\"}}, body)\n\
             end\n",
            list.join(", ")
        ),
    )
    .map_err(|e| e.to_string())?;
    let _ = Command::new("curl")
        .args(["-sf", "-o", "/dev/null", "-H", &format!("authorization: Bearer {token}")])
        .arg(format!("{base}/api/v1/consultations/{consultation}/results"))
        .status();
    let read = wrk(base, Some(&results));
    let submitted = wrk(base, Some(&submit));
    // Answers keep arriving (4 connections) while the organiser reads the results.
    let arriving = {
        let (base, submit) = (base.to_owned(), submit.clone());
        std::thread::spawn(move || {
            output({
                let mut c = Command::new("wrk");
                c.args(["-t1", "-c4", "-d10s", "-s"]).arg(&submit).arg(&base);
                c
            })
        })
    };
    let while_arriving = wrk(base, Some(&results));
    let _ = arriving.join();
    Ok(vec![
        (format!("results ({answers} answers)"), read),
        ("answer submission".to_owned(), submitted),
        ("results while answers arrive".to_owned(), while_arriving),
    ])
}
