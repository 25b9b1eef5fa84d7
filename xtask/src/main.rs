//! `cargo xtask <command>`: the few commands a newcomer needs.
//!
//! - `run`: build the server (and the web app when it exists), migrate, seed the demo accounts, serve
//!   at http://127.0.0.1:8080.
//! - `test`: every check CI runs: formatting, clippy, the wasm build of `madani-shared`, and all tests
//!   on SQLite and PostgreSQL (starting the local PostgreSQL server if it is down; the browser tests'
//!   checks of every page run on SQLite only).
//! - `web`: build the web app into `web/dist/` (wasm-bindgen, wasm-opt, content-hashed names, brotli).
//! - `contract`: the contract tests alone (schemathesis over the OpenAPI document, both backends).
//! - `openapi`: regenerate `openapi/openapi.json`.
//! - `seed --associations N`: add N generated associations to the local database.
//! - `bench`: the directory search under load on 100,000 associations, on each backend.
//! - `bench --web`: the web app on a throttled link (400 ms, 50 KB/s) in Chromium: when the shell
//!   paints, the directory's first result cold, and a repeat visit's.
//! - `bench --calendar`: the network's calendar (100,000 activities) and a feed of 1,000 events
//!   alone, on each backend.
//! - `bench --directory [--million]`: the directory alone with the answer cache off (memory, the
//!   index's build time, the mixed load), at 100,000 associations and, with `--million`, 1,000,000.
//! - `bench --ws`: 2,000 WebSockets on one instance (memory idle) and a message's way to the sockets
//!   of a group of 100, on each backend.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;
mod bench_calendar;
mod bench_consultations;
mod bench_directory;
mod bench_tools;
mod bench_ws;
mod testrun;
mod web;
mod web_assets;
mod web_packs;

use testrun::{contract, test};
use web::build_web;

/// The workspace root. `cargo run` (which `cargo xtask` is) says where the manifest is at run time;
/// that wins over the path compiled in, which is another checkout's when several checkouts share
/// one target directory (CI's cache, worktrees) and this binary was built by another of them.
fn root() -> PathBuf {
    let manifest =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest.parent().expect("workspace root").to_path_buf()
}

/// Cargo's target directory: `CARGO_TARGET_DIR` (CI keeps it outside the clone) or `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

fn run(what: &str, mut command: Command) -> Result<(), String> {
    eprintln!("==> {what}");
    let started = std::time::Instant::now();
    let status = command.status().map_err(|e| format!("{what}: {e}"))?;
    took(what, started);
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
}

/// How long a step took, so that a CI log shows where the time goes.
fn took(what: &str, started: std::time::Instant) {
    eprintln!("<== {what}: {} s", started.elapsed().as_secs());
}

fn output(mut command: Command) -> Option<String> {
    command.output().ok().filter(|o| o.status.success()).map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// Install what a fresh machine lacks: the wasm target (rustup reads rust-toolchain.toml).
fn ensure_wasm_target() -> Result<(), String> {
    let installed = output({
        let mut c = Command::new("rustup");
        c.args(["target", "list", "--installed"]).current_dir(root());
        c
    })
    .unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    let mut c = Command::new("rustup");
    c.args(["target", "add", "wasm32-unknown-unknown"]).current_dir(root());
    run("rustup target add wasm32-unknown-unknown", c)
}

/// The C libraries the server links (libpq, OpenSSL) and pkg-config; installed with apt-get when
/// missing and we may, otherwise the command to run is printed.
fn ensure_system_packages() -> Result<(), String> {
    let have = |lib: &str| Command::new("pkg-config").args(["--exists", lib]).status().is_ok_and(|s| s.success());
    if have("libpq") && have("openssl") {
        return Ok(());
    }
    let packages = ["build-essential", "pkg-config", "libpq-dev", "libssl-dev"];
    let root_user = output({
        let mut c = Command::new("id");
        c.arg("-u");
        c
    })
    .is_some_and(|id| id.trim() == "0");
    if root_user && Command::new("apt-get").arg("--version").output().is_ok() {
        let _ = Command::new("apt-get").args(["update", "-qq"]).status();
        let mut c = Command::new("apt-get");
        c.args(["-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive");
        return run("apt-get install the build dependencies", c);
    }
    Err(format!("install the build dependencies first: sudo apt-get install {}", packages.join(" ")))
}

/// The local PostgreSQL server, started when it is installed but down.
fn ensure_postgres() -> Result<(), String> {
    let ready = || {
        Command::new("pg_isready").args(["-h", "127.0.0.1", "-p", "5432"]).output().is_ok_and(|o| o.status.success())
    };
    if ready() {
        return Ok(());
    }
    if let Ok(versions) = std::fs::read_dir("/etc/postgresql") {
        for version in versions.flatten() {
            let v = version.file_name().to_string_lossy().into_owned();
            let _ = Command::new("pg_ctlcluster").args(["--skip-systemctl-redirect", &v, "main", "start"]).status();
        }
    }
    for _ in 0..30 {
        if ready() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    if std::env::var_os("CI").is_some() {
        Err("PostgreSQL is not reachable on 127.0.0.1:5432 and could not be started".into())
    } else {
        eprintln!("warning: PostgreSQL is not reachable on 127.0.0.1:5432: its tests will be SKIPPED");
        Ok(())
    }
}

fn postgres_test_url() -> String {
    std::env::var("MADANI_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Debian's Chromium and ChromeDriver, for the browser and component tests.
fn ensure_browser() -> Result<(), String> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    let mut c = Command::new("apt-get");
    c.args(["-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive");
    run("apt-get install chromium chromium-driver", c)
}

/// `madani-shared` is what the browser and partners compile: it must not pull in the server's stack.
fn check_shared_dependencies() -> Result<(), String> {
    let mut c = cargo();
    c.args(["tree", "-p", "madani-shared", "--target", "wasm32-unknown-unknown", "-e", "normal", "--prefix", "none"]);
    let tree = output(c).ok_or("cargo tree failed")?;
    let banned = ["diesel", "actix", "libsqlite3-sys", "pq-sys", "tokio "];
    let found: Vec<&str> = tree.lines().filter(|l| banned.iter().any(|b| l.starts_with(b))).collect();
    if found.is_empty() {
        eprintln!("==> madani-shared depends on no diesel, actix or database driver");
        Ok(())
    } else {
        Err(format!("madani-shared must not depend on: {}", found.join(", ")))
    }
}

/// Where tools installed from the registries are kept (outside the clone, reused across runs).
fn tools_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"));
    home.join(".cache/madani/tools")
}

fn openapi() -> Result<(), String> {
    let mut c = cargo();
    c.args(["run", "--quiet", "-p", "madani-api", "--", "openapi"]);
    let doc = output(c).ok_or("madani openapi failed")?;
    std::fs::write(root().join("openapi/openapi.json"), doc).map_err(|e| e.to_string())?;
    eprintln!("==> wrote openapi/openapi.json");
    Ok(())
}

/// `cargo xtask seed --associations N`: generated associations in the database `DATABASE_URL` names
/// (default: the local SQLite file), with a progress bar.
fn seed(args: &[String]) -> Result<(), String> {
    let count = match args {
        [flag, n] if flag == "--associations" => n.clone(),
        _ => return Err("usage: cargo xtask seed --associations N".into()),
    };
    let mut build = cargo();
    build.args(["build", "--release", "-p", "madani-api"]);
    run("build the server (release)", build)?;
    let target = target_dir();
    let mut c = Command::new(target.join("release/madani"));
    c.args(["seed-associations", &count]).current_dir(root());
    run("madani seed-associations", c)
}

fn run_server() -> Result<(), String> {
    ensure_system_packages()?;
    build_web()?;
    let mut build = cargo();
    build.args(["build", "--release", "-p", "madani-api"]);
    run("build the server (release)", build)?;
    let bin = target_dir().join("release/madani");
    let mut seed = Command::new(&bin);
    seed.arg("seed-demo").current_dir(root());
    run("migrate and seed the demo accounts", seed)?;
    eprintln!("==> Madani at http://127.0.0.1:8080 (API docs: http://127.0.0.1:8080/api/docs/); Ctrl-C stops it");
    let mut serve = Command::new(&bin);
    serve.arg("serve").current_dir(root());
    as_deployed(&mut serve);
    run("madani serve", serve)
}

/// The environment the server runs with as deployed (the Docker image sets the same): glibc's
/// allocator limited to two arenas. By default it keeps up to eight per core, each holding on to
/// what its threads freed: 10 to 17 MB more at rest and 20 to 55 MB more after the directory
/// bench's load, for throughput within the run-to-run spread on two cores (`cargo xtask bench
/// --directory`).
pub fn as_deployed(serve: &mut Command) -> &mut Command {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        serve.env("MALLOC_ARENA_MAX", "2");
    }
    serve
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run_server(),
        Some("test") => test(),
        Some("openapi") => openapi(),
        Some("contract") => contract(),
        Some("web") => build_web(),
        Some("seed") => seed(&args[1..]),
        Some("bench") if args.get(1).is_some_and(|a| a == "--web") => bench::bench_web(),
        Some("bench") if args.get(1).is_some_and(|a| a == "--ws") => bench_ws::bench_ws(),
        Some("bench") if args.get(1).is_some_and(|a| a == "--calendar") => bench_calendar::bench_calendar(),
        Some("bench") if args.get(1).is_some_and(|a| a == "--directory") => {
            bench_directory::bench_directory(args.get(2).is_some_and(|a| a == "--million"))
        }
        Some("bench") => bench::bench(),
        _ => {
            eprintln!(
                "usage: cargo xtask run | test | contract | web | openapi | bench [--web | --ws | --calendar | --directory [--million]] | seed --associations N"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
