//! `cargo xtask bench --directory [--million]`: the directory alone on each backend, with the
//! answer cache off: the server's memory on an empty database, the index's build time and memory at
//! 100,000 associations (or 1,000,000, seeded once into a database kept outside the clone, in
//! `~/.cache/madani/bench-directory-1000000`), and the mixed load of 1,000 distinct questions.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use crate::bench_tools::{Measure, bench_database, drop_bench_database};
use crate::{ensure_postgres, postgres_test_url, run};

/// A server's resident memory now and at its peak, from /proc, and how much of it is its own
/// (anonymous) rather than mapped files (the program, SQLite's database file: the kernel's to reclaim).
fn rss(pid: u32) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field =
        |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).map_or("?".to_owned(), |v| v.trim().to_owned());
    let (anonymous, files) = (field("RssAnon:"), field("RssFile:"));
    format!("RSS {} (peak {}; anonymous {anonymous}, files {files})", field("VmRSS:"), field("VmHWM:"))
}

/// Start the server on `port` with the answer cache off; its log goes to `log`.
fn serve(bin: &Path, url: &str, dir: &Path, port: u16, log: &Path) -> Result<(Child, String), String> {
    let log = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let mut c = Command::new(bin);
    c.arg("serve")
        .env("DATABASE_URL", url)
        .env("MADANI_DATA_DIR", dir)
        // Only the index's build (each request's line would cost the load its writing).
        .env("MADANI_LOG", "warn,madani_api::associations::index=info")
        .env("MADANI_BIND", format!("127.0.0.1:{port}"))
        .env("MADANI_DIRECTORY_CACHE_SECS", "0")
        .current_dir(dir)
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log);
    crate::as_deployed(&mut c);
    let mut child = c.spawn().map_err(|e| e.to_string())?;
    let base = format!("http://127.0.0.1:{port}");
    let ready = (0..600).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(500));
        Command::new("curl").args(["-sf", &format!("{base}/ready")]).output().is_ok_and(|o| o.status.success())
    });
    if !ready {
        let _ = child.kill();
        let _ = child.wait();
        return Err("the server did not become ready".into());
    }
    Ok((child, base))
}

/// How long the index took to build, as the server logged it.
fn build_time(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .find(|l| l.contains("built the directory's index"))
        .and_then(|l| {
            let at = l.find(" ms=").map(|i| i + 4).or_else(|| l.find("\"ms\":").map(|i| i + 5))?;
            let digits: String = l[at..].chars().take_while(char::is_ascii_digit).collect();
            (!digits.is_empty()).then(|| format!("{digits} ms"))
        })
        .unwrap_or_else(|| "?".into())
}

/// The database of 1,000,000 associations on `backend`, seeded the first time (about ten minutes):
/// (folder, URL).
fn million(bin: &Path, backend: &str) -> Result<(PathBuf, String), String> {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let dir = home.join(".cache/madani/bench-directory-1000000").join(backend);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let url = if backend == "postgres" {
        ensure_postgres()?;
        let admin = postgres_test_url();
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_owned();
        if !dir.join("seeded").exists() {
            let mut c = Command::new("psql");
            c.args([&admin, "-qc", "DROP DATABASE IF EXISTS madani_bench_million WITH (FORCE)"]);
            run("drop a half-seeded bench database", c)?;
            let mut c = Command::new("psql");
            c.args([&admin, "-qc", "CREATE DATABASE madani_bench_million"]);
            run("create the bench database", c)?;
        }
        format!("{base}/madani_bench_million")
    } else {
        if !dir.join("seeded").exists() {
            let _ = std::fs::remove_file(dir.join("bench.db"));
        }
        format!("sqlite://{}", dir.join("bench.db").display())
    };
    if !dir.join("seeded").exists() {
        let mut seed = Command::new(bin);
        seed.args(["seed-associations", "1000000"])
            .env("DATABASE_URL", &url)
            .env("MADANI_DATA_DIR", &dir)
            .env("MADANI_LOG", "warn")
            .current_dir(&dir);
        run(&format!("seed 1,000,000 associations ({backend}, once)"), seed)?;
        std::fs::write(dir.join("seeded"), "").map_err(|e| e.to_string())?;
    }
    Ok((dir, url))
}

pub fn bench_directory(million_too: bool) -> Result<(), String> {
    crate::bench_tools::ensure_wrk()?;
    let mut build = crate::cargo();
    build.args(["build", "--release", "-p", "madani-api"]);
    run("build the server (release)", build)?;
    let bin = crate::target_dir().join("release/madani");
    let mut report = Vec::new();
    let line = |backend: &str, what: &str, m: &Measure| {
        format!("{backend:<9} {what:<34} {:>10} req/s   p99 {:>9}   {}", m.0, m.1, m.2)
    };
    for (n, backend) in ["sqlite", "postgres"].into_iter().enumerate() {
        let port = 18780 + 2 * n as u16;
        let (dir, database, url) = bench_database("bench-directory", backend)?;
        let outcome = (|| {
            // The server alone: an empty database, nothing indexed.
            let (mut server, _) = serve(&bin, &url, &dir, port, &dir.join("empty.log"))?;
            report.push(format!("{backend:<9} {:<34} {}", "idle, empty database", rss(server.id())));
            let _ = server.kill();
            let _ = server.wait();
            let mut seed = Command::new(&bin);
            seed.args(["seed-associations", "100000"])
                .env("DATABASE_URL", &url)
                .env("MADANI_DATA_DIR", &dir)
                .env("MADANI_LOG", "warn")
                .current_dir(&dir);
            run(&format!("seed 100,000 associations ({backend})"), seed)?;
            let mut sizes = vec![("100,000", dir.clone(), url.clone())];
            if million_too {
                let (d, u) = million(&bin, backend)?;
                sizes.push(("1,000,000", d, u));
            }
            for (size, data, url) in sizes {
                let log = dir.join(format!("serve-{}.log", size.replace(',', "")));
                let (mut server, base) = serve(&bin, &url, &data, port + 1, &log)?;
                report.push(format!(
                    "{backend:<9} {:<34} {}, index built in {}",
                    format!("idle, {size} indexed"),
                    rss(server.id()),
                    build_time(&log)
                ));
                let measured = crate::bench::mixed_directory(&base, &dir);
                if let Ok(m) = &measured {
                    report.push(line(backend, &format!("mixed (1,000 questions), {size}"), m));
                    report.push(format!("{backend:<9} {:<34} {}", "after the load", rss(server.id())));
                }
                let _ = server.kill();
                let _ = server.wait();
                measured?;
            }
            Ok::<_, String>(())
        })();
        drop_bench_database(backend, &dir, &database);
        outcome?;
    }
    println!("\nThe directory, answer cache off, wrk -t2 -c32 -d10s on this machine:");
    for line in report {
        println!("  {line}");
    }
    Ok(())
}
