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
//! - `bench --ws`: 2,000 WebSockets on one instance (memory idle) and a message's way to the sockets
//!   of a group of 100, on each backend.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;
mod bench_calendar;
mod bench_consultations;
mod bench_tools;
mod bench_ws;
mod web;
mod web_assets;
mod web_packs;

use web::build_web;

/// The workspace root. `cargo run` (which `cargo xtask` is) says where the manifest is at run time;
/// that wins over the path compiled in, which is another checkout's when several checkouts share
/// one target directory (CI's cache, worktrees) and this binary was built by another of them.
fn root() -> PathBuf {
    let manifest =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest.parent().expect("workspace root").to_path_buf()
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

fn test() -> Result<(), String> {
    ensure_system_packages()?;
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    run("cargo fmt --check", fmt)?;
    let mut clippy = cargo();
    clippy.args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
    run("cargo clippy -D warnings", clippy)?;
    ensure_wasm_target()?;
    let mut wasm = cargo();
    wasm.args(["build", "-p", "madani-shared", "--target", "wasm32-unknown-unknown"]);
    run("madani-shared builds for wasm32", wasm)?;
    check_shared_dependencies()?;
    ensure_postgres()?;
    ensure_browser()?;
    build_web()?;
    let server = build_server_under_test()?;

    let mut totals = Totals::default();
    let mut tests = cargo();
    tests.args(["test", "--workspace", "--no-fail-fast"]);
    let mut outcome = run_counted("cargo test: unit and API tests (SQLite and PostgreSQL)", tests, &mut totals);

    // The contract tests beside the component tests: the one uses about a core (Python and a debug
    // server), the other compiles one crate (on one core) and then waits on Chromium. The contract
    // tests' output comes whole when they end.
    let contract = {
        let server = server.clone();
        std::thread::spawn(move || {
            let mut totals = Totals { quiet: true, ..Totals::default() };
            let outcome = contract_tests(&server, &mut totals);
            (outcome, totals)
        })
    };
    let mut components = cargo();
    components
        .args(["test", "-p", "madani-web", "--target", "wasm32-unknown-unknown", "--test", "components"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", tools_dir().join("bin/wasm-bindgen-test-runner"))
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    outcome = outcome.and(run_counted("web component tests (wasm-bindgen-test in Chromium)", components, &mut totals));
    let (contract_outcome, contract_totals) =
        contract.join().unwrap_or_else(|_| (Err("the contract tests' thread panicked".into()), Totals::default()));
    print!("{}", contract_totals.output.join(""));
    totals.add(contract_totals);
    outcome = outcome.and(contract_outcome);

    if !root().join("tests/e2e/node_modules").is_dir() {
        let mut c = Command::new("npm");
        c.args(["ci", "--no-audit", "--no-fund"]).current_dir(root().join("tests/e2e"));
        run("npm ci (browser test tools)", c)?;
    }
    // Everything on SQLite; on PostgreSQL a smoke run of the flows whose server side differs most
    // between the backends (the page checks read the same pages whichever database is behind them,
    // and the API tests run every endpoint on both).
    let files = e2e_test_files()?;
    let smoke: Vec<String> = files
        .iter()
        .filter(|f| E2E_POSTGRES_SMOKE.iter().any(|name| f.as_str() == format!("tests/e2e/{name}.test.mjs")))
        .cloned()
        .collect();
    if smoke.len() != E2E_POSTGRES_SMOKE.len() {
        return Err(format!("a browser test file of {E2E_POSTGRES_SMOKE:?} is missing from tests/e2e/"));
    }
    let runs = [
        ("every flow and every page, on SQLite", None, files),
        ("the smoke flows, on PostgreSQL", Some(postgres_test_url()), smoke),
    ];
    for (what, database, files) in runs {
        let mut e2e = Command::new("node");
        e2e.args(["--test", "--test-reporter=spec", &format!("--test-concurrency={E2E_CONCURRENCY}")])
            .args(&files)
            .current_dir(root())
            .env("MADANI_BIN", &server)
            .env("MADANI_WEB_DIR", root().join("web/dist"));
        if let Some(url) = database {
            e2e.env("E2E_DATABASE_URL", url);
        }
        outcome = outcome.and(run_counted(&format!("browser tests (Chromium, axe): {what}"), e2e, &mut totals));
    }
    if !totals.failures.is_empty() {
        println!("==> what failed\n{}", totals.failures.join("\n"));
    }
    println!("tests: {} passed, {} failed, {} skipped", totals.passed, totals.failed, totals.skipped);
    outcome?;
    if totals.failed > 0 || totals.passed == 0 {
        return Err(format!("{} tests failed", totals.failed));
    }
    Ok(())
}

/// The contract tests (`tests/contract/`): schemathesis over the whole OpenAPI document against the
/// debug server, on SQLite and PostgreSQL, as an anonymous visitor, a member and staff. Their tools
/// are installed once from the Python package index into `~/.cache/madani/tools/`.
fn contract_tests(server: &Path, totals: &mut Totals) -> Result<(), String> {
    let python = output({
        let mut c = Command::new("python3");
        c.arg(root().join("tests/contract/ensure_venv.py")).current_dir(root());
        c
    })
    .ok_or("could not install the contract tests' tools (tests/contract/ensure_venv.py)")?;
    let mut c = Command::new(python.trim());
    c.arg(root().join("tests/contract/run.py")).arg("--bin").arg(server).current_dir(root());
    run_counted("contract tests (schemathesis: SQLite and PostgreSQL, anonymous, member, staff)", c, totals)
}

/// Build the debug server and copy it aside: the target directory may be shared (CI's cache, other
/// checkouts), and a build there replaces `debug/madani` under the tests' feet. The copy is this
/// run's own.
fn build_server_under_test() -> Result<PathBuf, String> {
    let mut server = cargo();
    server.args(["build", "-p", "madani-api", "--bin", "madani"]);
    run("build the server for the contract and browser tests", server)?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"));
    let copy = std::env::temp_dir().join(format!("madani-under-test-{}", std::process::id()));
    std::fs::copy(target.join("debug/madani"), &copy).map_err(|e| format!("copy the server: {e}"))?;
    Ok(copy)
}

fn contract() -> Result<(), String> {
    ensure_system_packages()?;
    ensure_postgres()?;
    let server = build_server_under_test()?;
    let mut totals = Totals::default();
    contract_tests(&server, &mut totals)
}

/// The browser test files run on PostgreSQL too: signing up and in (sessions, emails), messages
/// (the live events, which PostgreSQL fans out with LISTEN/NOTIFY) and projects (registering for an
/// activity locks its row with `FOR UPDATE` there).
const E2E_POSTGRES_SMOKE: &[&str] = &["accounts", "messages", "projects"];

/// How many browser test files run at once. Each is a process with its own server, database and
/// Chromium; on a 2-core machine 2 took the whole suite from about 165 s (one at a time) to 112 s,
/// and 3 was no faster.
const E2E_CONCURRENCY: u32 = 2;

/// The browser test files, `tests/e2e/*.test.mjs`, relative to the workspace root, sorted.
fn e2e_test_files() -> Result<Vec<String>, String> {
    let dir = root().join("tests/e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .map(|name| format!("tests/e2e/{name}"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs in {}", dir.display()));
    }
    Ok(files)
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

#[derive(Default)]
struct Totals {
    passed: u64,
    failed: u64,
    skipped: u64,
    /// What the failed runs said of their failures (node's `✖ failing tests:` block, cargo's
    /// `FAILED` lines and panics), printed again at the end, where a CI log's tail shows it.
    failures: Vec<String>,
    /// Keep the runs' output in `output` instead of printing it as it comes (a run beside another).
    quiet: bool,
    output: Vec<String>,
}

impl Totals {
    fn add(&mut self, other: Totals) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.failures.extend(other.failures);
    }

    fn say(&mut self, line: String) {
        if self.quiet {
            self.output.push(line + "\n");
        } else {
            println!("{line}");
        }
    }
}

/// At most this many lines of failures kept from one run.
const FAILURE_LINES: usize = 80;

/// Run a test command, echoing its output, and add up the counts of its summary lines: cargo's
/// `test result: ok. N passed; M failed; K ignored` and node's `ℹ pass N` / `ℹ fail N` / `ℹ skipped N`.
fn run_counted(what: &str, mut command: Command, totals: &mut Totals) -> Result<(), String> {
    use std::io::{BufRead, BufReader};
    // A quiet run's messages (stderr) wait in a file, and come after its output.
    let messages =
        std::env::temp_dir().join(format!("madani-xtask-{}-{}.log", std::process::id(), totals.output.len()));
    if totals.quiet {
        eprintln!("==> {what} (beside the next step; its output when it ends)");
        command.stderr(std::fs::File::create(&messages).map_err(|e| format!("{what}: {e}"))?);
    } else {
        eprintln!("==> {what}");
    }
    let started = std::time::Instant::now();
    let mut child = command.stdout(std::process::Stdio::piped()).spawn().map_err(|e| format!("{what}: {e}"))?;
    let count = |line: &str, word: &str| -> u64 {
        line.split([';', '.', ','])
            .find_map(|part| part.trim().strip_suffix(word).and_then(|n| n.trim().parse().ok()))
            .unwrap_or(0)
    };
    let mut kept: Vec<String> = Vec::new();
    let mut in_failures = false;
    for line in BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
        let line = line.map_err(|e| e.to_string())?;
        totals.say(line.clone());
        in_failures |= line.starts_with("✖ failing tests:");
        let failed_line = line.ends_with("FAILED") || line.contains("panicked at") || line.starts_with("---- ");
        if (in_failures || failed_line) && kept.len() < FAILURE_LINES {
            kept.push(line.clone());
        }
        if let Some(rest) = line.strip_prefix("contract:") {
            totals.passed += count(rest, "passed");
            totals.failed += count(rest, "failed");
        } else if line.starts_with("test result:") {
            totals.passed += count(&line, "passed");
            totals.failed += count(&line, "failed");
            totals.skipped += count(&line, "ignored");
        } else if let Some(rest) = line.trim_start().strip_prefix("ℹ ") {
            let mut words = rest.split_whitespace();
            let name = words.next().unwrap_or("");
            let n = words.next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
            match name {
                "pass" => totals.passed += n,
                "fail" => totals.failed += n,
                "skipped" => totals.skipped += n,
                _ => {}
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if totals.quiet {
        let said = std::fs::read_to_string(&messages).unwrap_or_default();
        let _ = std::fs::remove_file(&messages);
        totals.output.push(format!("==> {what}: its messages\n{said}"));
    }
    took(what, started);
    if !status.success() {
        totals.failures.push(format!("{what}:"));
        totals.failures.extend(kept);
    }
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
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
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"));
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
    let bin = root().join("target/release/madani");
    let mut seed = Command::new(&bin);
    seed.arg("seed-demo").current_dir(root());
    run("migrate and seed the demo accounts", seed)?;
    eprintln!("==> Madani at http://127.0.0.1:8080 (API docs: http://127.0.0.1:8080/api/docs/); Ctrl-C stops it");
    let mut serve = Command::new(&bin);
    serve.arg("serve").current_dir(root());
    run("madani serve", serve)
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
        Some("bench") => bench::bench(),
        _ => {
            eprintln!(
                "usage: cargo xtask run | test | contract | web | openapi | bench [--web | --ws | --calendar] | seed --associations N"
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
