//! What the benches share: wrk and its figures, a fresh database per bench, JSON requests with
//! curl, and the server's memory.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{ensure_postgres, output, postgres_test_url, run};

/// wrk, from Debian's packages if it is missing.
pub fn ensure_wrk() -> Result<(), String> {
    if Command::new("wrk").arg("--version").output().is_err() {
        let mut c = Command::new("apt-get");
        c.args(["-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "wrk"])
            .env("DEBIAN_FRONTEND", "noninteractive");
        run("apt-get install wrk", c)?;
    }
    Ok(())
}

/// A fresh data folder and database for a bench on `backend`: (folder, database name, URL).
pub fn bench_database(name: &str, backend: &str) -> Result<(PathBuf, String, String), String> {
    let dir = std::env::temp_dir().join(format!("madani-{name}-{}-{backend}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let database = format!("{}_{}", name.replace('-', "_"), std::process::id());
    let url = if backend == "postgres" {
        ensure_postgres()?;
        let admin = postgres_test_url();
        let mut c = Command::new("psql");
        c.args([&admin, "-qc", &format!("CREATE DATABASE {database}")]);
        run("create the bench database", c)?;
        format!("{}/{database}", admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b))
    } else {
        format!("sqlite://{}", dir.join("bench.db").display())
    };
    Ok((dir, database, url))
}

/// Remove what [`bench_database`] made.
pub fn drop_bench_database(backend: &str, dir: &Path, database: &str) {
    if backend == "postgres" {
        let mut c = Command::new("psql");
        c.args([&postgres_test_url(), "-qc", &format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")]);
        let _ = c.status();
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Requests per second, p99 latency, and any error line, as wrk prints them.
pub type Measure = (String, String, String);

/// `wrk` at concurrency 32 for 10 s on `url` (with a Lua `script` if given).
pub fn wrk(url: &str, script: Option<&Path>) -> Measure {
    let out = output({
        let mut c = Command::new("wrk");
        c.args(["-t2", "-c32", "-d10s", "--latency"]);
        if let Some(s) = script {
            c.arg("-s").arg(s);
        }
        c.arg(url);
        c
    })
    .unwrap_or_default();
    let rps = out.lines().find_map(|l| l.strip_prefix("Requests/sec:")).map(str::trim).unwrap_or("?").to_owned();
    let p99 = out.lines().find_map(|l| l.trim().strip_prefix("99%")).map(str::trim).unwrap_or("?").to_owned();
    let errors =
        out.lines().find(|l| l.contains("Non-2xx") || l.contains("Socket errors")).unwrap_or("").trim().to_owned();
    (rps, p99, errors)
}

/// One JSON request with curl; the answer's body.
pub fn curl_json(method: &str, url: &str, token: Option<&str>, body: &str) -> Option<String> {
    let mut c = Command::new("curl");
    c.args(["-sf", "-X", method, "-H", "content-type: application/json", "-d", body, url]);
    if let Some(t) = token {
        c.args(["-H", &format!("authorization: Bearer {t}")]);
    }
    output(c)
}

/// The first `"key":"value"` string in a JSON text (xtask has no JSON parser; the API's JSON is compact).
pub fn json_string(text: &str, key: &str) -> Option<String> {
    let marker = format!("\"{key}\":\"");
    let start = text.find(&marker)? + marker.len();
    Some(text[start..].split('"').next()?.to_owned())
}

/// The server's resident memory now, from /proc.
pub fn memory(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l.trim_start_matches("VmRSS:").trim().to_owned())
        })
        .map_or_else(|| "RSS unknown".to_owned(), |rss| format!("RSS after the load {rss}"))
}
