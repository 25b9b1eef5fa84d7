//! `cargo xtask test` and `cargo xtask contract`: what runs, in which order and beside what, and the
//! counting of the tests' results.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::web::build_web;
use crate::{
    cargo, check_shared_dependencies, ensure_browser, ensure_postgres, ensure_system_packages, ensure_wasm_target,
    output, postgres_test_url, root, run, took, tools_dir,
};

/// `cargo xtask test`. Two lines of work share the machine's cores: the web app's release build
/// (whose link is one long single-core step) and then the component tests' wasm build, beside the
/// debug server's build and `cargo test`; the contract tests start as soon as the server is built.
/// The component and browser tests wait for the web line.
pub fn test() -> Result<(), String> {
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
    // Cargo builds different profiles at once (each has its own lock): wasm-release and wasm32 debug
    // here, the native debug profile on this thread.
    let web = std::thread::spawn(|| -> Result<(), String> {
        build_web()?;
        let mut compile = component_tests();
        compile.arg("--no-run");
        run("compile the web component tests (wasm32)", compile)
    });
    let server = build_server_under_test()?;

    let contract = {
        let server = server.clone();
        std::thread::spawn(move || {
            let mut totals = Totals { quiet: true, ..Totals::default() };
            let outcome = contract_tests(&server, &mut totals);
            (outcome, totals)
        })
    };
    let mut totals = Totals::default();
    let mut tests = cargo();
    tests.args(["test", "--workspace", "--no-fail-fast"]);
    let mut outcome = run_counted("cargo test: unit and API tests (SQLite and PostgreSQL)", tests, &mut totals);

    let web = web.join().unwrap_or_else(|_| Err("the web build's thread panicked".into()));
    if let Err(e) = web {
        let _ = contract.join();
        return Err(format!("{e} (the component and browser tests need the web build)"));
    }
    outcome =
        outcome.and(run_counted("web component tests (wasm-bindgen-test in Chromium)", component_tests(), &mut totals));
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

/// The web component tests (`web/tests/components.rs`): wasm-bindgen-test in Chromium.
fn component_tests() -> Command {
    let mut c = cargo();
    c.args(["test", "-p", "madani-web", "--target", "wasm32-unknown-unknown", "--test", "components"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", tools_dir().join("bin/wasm-bindgen-test-runner"))
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    c
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
    let target = crate::target_dir();
    let copy = std::env::temp_dir().join(format!("madani-under-test-{}", std::process::id()));
    std::fs::copy(target.join("debug/madani"), &copy).map_err(|e| format!("copy the server: {e}"))?;
    Ok(copy)
}

pub fn contract() -> Result<(), String> {
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
