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

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;

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
    let status = command.status().map_err(|e| format!("{what}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
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
    outcome = outcome.and(contract_tests(&server, &mut totals));

    let mut components = cargo();
    components
        .args(["test", "-p", "madani-web", "--target", "wasm32-unknown-unknown", "--test", "components"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", tools_dir().join("bin/wasm-bindgen-test-runner"))
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    outcome = outcome.and(run_counted("web component tests (wasm-bindgen-test in Chromium)", components, &mut totals));

    if !root().join("tests/e2e/node_modules").is_dir() {
        let mut c = Command::new("npm");
        c.args(["ci", "--no-audit", "--no-fund"]).current_dir(root().join("tests/e2e"));
        run("npm ci (browser test tools)", c)?;
    }
    // Everything on SQLite; on PostgreSQL the flows only, as the page checks read the same pages
    // whichever database is behind them.
    let files = e2e_test_files()?;
    let flows: Vec<String> = files.iter().filter(|f| !f.starts_with("tests/e2e/pages-")).cloned().collect();
    let runs = [
        ("every flow and every page, on SQLite", None, files),
        ("the flows, on PostgreSQL", Some(postgres_test_url()), flows),
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
}

/// Run a test command, echoing its output, and add up the counts of its summary lines: cargo's
/// `test result: ok. N passed; M failed; K ignored` and node's `ℹ pass N` / `ℹ fail N` / `ℹ skipped N`.
fn run_counted(what: &str, mut command: Command, totals: &mut Totals) -> Result<(), String> {
    use std::io::{BufRead, BufReader};
    eprintln!("==> {what}");
    let mut child = command.stdout(std::process::Stdio::piped()).spawn().map_err(|e| format!("{what}: {e}"))?;
    let count = |line: &str, word: &str| -> u64 {
        line.split([';', '.', ','])
            .find_map(|part| part.trim().strip_suffix(word).and_then(|n| n.trim().parse().ok()))
            .unwrap_or(0)
    };
    for line in BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
        let line = line.map_err(|e| e.to_string())?;
        println!("{line}");
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

/// The wasm-bindgen version in Cargo.lock: the CLI must be the same.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| e.to_string())?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"") {
            let version = lines.next().unwrap_or("");
            return Ok(version.trim_start_matches("version = ").trim_matches('"').to_owned());
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

/// The wasm-bindgen CLI matching Cargo.lock, installed from the Rust package registry on first use (about 5 minutes).
fn ensure_wasm_bindgen() -> Result<PathBuf, String> {
    let version = locked_version("wasm-bindgen")?;
    let bin = tools_dir().join("bin/wasm-bindgen");
    let current = output({
        let mut c = Command::new(&bin);
        c.arg("--version");
        c
    });
    if current.is_some_and(|v| v.trim().ends_with(&version)) {
        return Ok(bin);
    }
    let mut install = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    install.args(["install", "wasm-bindgen-cli", "--version", &version, "--root"]).arg(tools_dir());
    run(&format!("cargo install wasm-bindgen-cli {version} (once)"), install)?;
    Ok(bin)
}

/// wasm-opt from the npm package `binaryen` (Debian's is too old and breaks the module).
fn ensure_wasm_opt() -> Result<PathBuf, String> {
    let bin = root().join("web/node_modules/.bin/wasm-opt");
    if !bin.exists() {
        let mut c = Command::new("npm");
        c.args(["ci", "--no-audit", "--no-fund"]).current_dir(root().join("web"));
        run("npm ci (web build tools)", c)?;
    }
    Ok(bin)
}

/// FNV-1a, for content-hashed file names.
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// The module name wasm-split gives the chunk loader; wasm-bindgen's glue imports it by this name.
const SPLIT_LINK: &str = "./__wasm_split.js";
/// Where the chunk loader imports the main glue from; replaced by the glue's final name.
const MAIN_JS_PLACEHOLDER: &str = "./__MADANI_MAIN_JS__.js";

fn build_web() -> Result<(), String> {
    ensure_wasm_target()?;
    let wasm_bindgen = ensure_wasm_bindgen()?;
    let wasm_opt = ensure_wasm_opt()?;
    let started = std::time::Instant::now();
    // `--emit-relocs` on the final link only (`cargo rustc`): wasm-split needs the relocations to
    // move the code of each `#[lazy]` page into its own module.
    let mut build = cargo();
    build.args([
        "rustc",
        "-p",
        "madani-web",
        "--bin",
        "madani-web",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
        "--",
        "-Clink-args=--emit-relocs",
    ]);
    run("build the web app (wasm32)", build)?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"));
    let raw = target.join("wasm32-unknown-unknown/wasm-release/madani-web.wasm");
    let staging = target.join("web-staging");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| e.to_string())?;
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));

    // Split: the shell stays in the main module; each lazy page, and the code several pages share,
    // goes to a module of its own, which `__wasm_split.js` fetches when a page first needs it.
    eprintln!("==> wasm-split (one module per area of pages)");
    let input = read(&raw)?;
    let split_main = staging.join("split-main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &staging;
        options.main_out_path = &split_main;
        options.main_module = MAIN_JS_PLACEHOLDER;
        options.link_name = SPLIT_LINK;
        options
    })
    .map_err(|e| format!("wasm-split: {e:?}"))?;

    // wasm-bindgen on the main module; the exports wasm-split added must stay for the chunks.
    let mut bindgen = Command::new(&wasm_bindgen);
    bindgen
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports", "--out-name", "madani-web", "--out-dir"])
        .arg(&staging)
        .arg(&split_main);
    run("wasm-bindgen", bindgen)?;

    // wasm-opt each module on its own.
    let mut modules = vec![(staging.join("madani-web_bg.wasm"), "madani-web".to_owned())];
    for chunk in &split.split_modules {
        let stem = chunk.file_stem().and_then(|s| s.to_str()).ok_or("chunk without a name")?.to_owned();
        modules.push((chunk.clone(), stem));
    }
    // Two at a time: wasm-opt (binaryen compiled to WASM, run by Node) uses one core.
    let optimize = |module: &Path, stem: &str| -> Result<Vec<u8>, String> {
        let out = staging.join(format!("{stem}.opt.wasm"));
        let mut opt = Command::new(&wasm_opt);
        // The features rustc's wasm32 target emits by default (wasm-bindgen drops the section naming them).
        opt.args([
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--enable-bulk-memory",
            "--enable-bulk-memory-opt",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ]);
        opt.arg(module).arg("-o").arg(&out).stderr(std::process::Stdio::null());
        let status = opt.status().map_err(|e| format!("wasm-opt: {e}"))?;
        if !status.success() {
            return Err(format!("wasm-opt -Oz {} failed ({status})", module.display()));
        }
        read(&out)
    };
    let optimized: Vec<(String, Vec<u8>)> = std::thread::scope(|scope| {
        let (odd, even): (Vec<_>, Vec<_>) = modules.iter().enumerate().partition(|(i, _)| i % 2 == 1);
        let half = |part: Vec<(usize, &(PathBuf, String))>| {
            part.into_iter()
                .map(|(i, (module, stem))| optimize(module, stem).map(|bytes| (i, stem.clone(), bytes)))
                .collect::<Result<Vec<_>, String>>()
        };
        let other = scope.spawn(move || half(odd));
        let mut all = half(even)?;
        all.extend(other.join().map_err(|_| "wasm-opt thread panicked")??);
        all.sort_by_key(|(i, _, _)| *i);
        Ok::<_, String>(all.into_iter().map(|(_, stem, bytes)| (stem, bytes)).collect())
    })?;
    eprintln!("==> wasm-opt -Oz ({} modules)", optimized.len());

    // Minify the JS glue with terser (npm); it is mostly long names and whitespace.
    let minified = staging.join("madani-web.min.js");
    let mut terser = Command::new(root().join("web/node_modules/.bin/terser"));
    terser.arg(staging.join("madani-web.js")).args(["--module", "--compress", "--mangle", "-o"]).arg(&minified);
    run("terser (JS glue)", terser)?;
    let js = String::from_utf8(read(&minified)?).map_err(|e| e.to_string())?;
    let link_minified = staging.join("link.min.js");
    let mut terser = Command::new(root().join("web/node_modules/.bin/terser"));
    terser.arg(staging.join(SPLIT_LINK)).args(["--module", "--compress", "--mangle", "-o"]).arg(&link_minified);
    run("terser (chunk loader)", terser)?;
    let link = String::from_utf8(read(&link_minified)?).map_err(|e| e.to_string())?;

    // One build id names every file: the main glue and the split loader import each other, so
    // neither can be named after its own content alone.
    let mut all = js.clone().into_bytes();
    all.extend_from_slice(link.as_bytes());
    for (_, bytes) in &optimized {
        all.extend_from_slice(bytes);
    }
    let build_id = content_hash(&all);
    let wasm_file = |stem: &str| format!("{stem}-{build_id}.wasm");
    let js_name = format!("madani-web-{build_id}.js");
    let link_name = format!("__wasm_split-{build_id}.js");
    let wasm_name = wasm_file("madani-web");

    let dist = root().join("web/dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    let write = |name: &str, bytes: &[u8]| std::fs::write(dist.join(name), bytes).map_err(|e| e.to_string());

    for (stem, bytes) in &optimized {
        write(&wasm_file(stem), bytes)?;
    }
    // The glue imports the loader by the name wasm-split gave it; only the specifier changes (the
    // key of the imports object must stay the module name inside the WASM).
    let link_import = format!("from\"{SPLIT_LINK}\"");
    if !js.contains(&link_import) {
        return Err(format!("the JS glue does not import {SPLIT_LINK}; has wasm-bindgen's output changed?"));
    }
    let js = js.replace(&link_import, &format!("from\"./{link_name}\""));
    write(&js_name, js.as_bytes())?;
    let mut link = link.replace(MAIN_JS_PLACEHOLDER, &format!("./{js_name}"));
    for (stem, _) in optimized.iter().skip(1) {
        let from = format!("./{stem}.wasm");
        if !link.contains(&from) {
            return Err(format!("the chunk loader does not name {from}"));
        }
        link = link.replace(&from, &format!("./{}", wasm_file(stem)));
    }
    write(&link_name, link.as_bytes())?;
    if staging.join("snippets").is_dir() {
        copy_dir(&staging.join("snippets"), &dist.join("snippets"))?;
    }
    // The stylesheet's critical part (down to its marker: tokens, base, layout, header, footer,
    // buttons, skeleton) is inlined in the page shell; the rest is a file the shell does not wait for.
    let stylesheet = String::from_utf8(read(&root().join("web/style/madani.css"))?).map_err(|e| e.to_string())?;
    let (critical, rest) =
        stylesheet.split_once(CRITICAL_CSS_END).ok_or("web/style/madani.css lost its critical-part marker")?;
    let critical_css = minify_css(critical);
    let css = minify_css(rest).into_bytes();
    let css_name = format!("madani-{}.css", content_hash(&css));
    write(&css_name, &css)?;
    // Each language's texts as an array in key order (the order `web/build.rs` numbers them): the
    // app fetches the visitor's language only.
    let mut packs = Vec::new();
    for lang in ["ar", "fr", "en"] {
        let file = root().join(format!("web/locales/{lang}.json"));
        let texts: std::collections::BTreeMap<String, String> =
            serde_json::from_slice(&read(&file)?).map_err(|e| format!("{}: {e}", file.display()))?;
        let array = serde_json::to_vec(&texts.into_values().collect::<Vec<_>>()).map_err(|e| e.to_string())?;
        let name = format!("locale-{lang}-{}.json", content_hash(&array));
        write(&name, &array)?;
        packs.push((lang, name));
    }
    let packs_js = packs.iter().map(|(lang, name)| format!("\"{lang}\":\"/{name}\"")).collect::<Vec<_>>().join(",");
    let boot = String::from_utf8(read(&root().join("web/boot.js"))?).map_err(|e| e.to_string())?;
    let boot = boot
        .replace("__JS__", &js_name)
        .replace("__WASM__", &wasm_name)
        .replace("__TEXTS__", &format!("{{{packs_js}}}"));
    let boot_name = format!("boot-{}.js", content_hash(boot.as_bytes()));
    write(&boot_name, boot.as_bytes())?;
    let index = String::from_utf8(read(&root().join("web/index.html"))?).map_err(|e| e.to_string())?;
    let index = index
        .replace("__CRITICAL_CSS__", &critical_css)
        .replace("__CSS__", &css_name)
        .replace("__JS__", &js_name)
        .replace("__LINK__", &link_name)
        .replace("__WASM__", &wasm_name)
        .replace("__BOOT__", &boot_name);
    write("index.html", index.as_bytes())?;

    // Which modules each route's page needs, for the server to name them in a deep link's shell.
    let routes = route_modules(&split.prefetch_map, &wasm_file)?;
    for module in routes.split('"').filter(|s| s.ends_with(".wasm")) {
        if !dist.join(module.trim_start_matches('/')).is_file() {
            return Err(format!("routes.json names {module}, which the build did not write"));
        }
    }
    write("routes.json", routes.as_bytes())?;

    // The service worker, named after this build; it keeps the files every page needs.
    let mut precache = vec![css_name.clone(), boot_name.clone(), js_name.clone(), link_name.clone(), wasm_name.clone()];
    precache.extend(packs.iter().map(|(_, name)| name.clone()));
    let precache = precache.iter().map(|f| format!("\"/{f}\"")).collect::<Vec<_>>().join(",");
    let sw = String::from_utf8(read(&root().join("web/sw.js"))?).map_err(|e| e.to_string())?;
    write("sw.js", sw.replace("__BUILD__", &build_id).replace("__PRECACHE__", &format!("[{precache}]")).as_bytes())?;

    // Pre-compress with brotli (Node's zlib), served when the browser accepts it.
    let script = "const fs=require('fs'),z=require('zlib'),p=require('path');const d=process.argv[1];const s={};\
        for(const f of fs.readdirSync(d)){if(!/\\.(js|wasm|css|html|json)$/.test(f))continue;\
        const b=z.brotliCompressSync(fs.readFileSync(p.join(d,f)),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}});\
        fs.writeFileSync(p.join(d,f+'.br'),b);s[f]=b.length;}for(const f in s)console.log(f+' '+s[f]);";
    let mut brotli = Command::new("node");
    brotli.args(["-e", script]).arg(&dist);
    let listing = output(brotli).ok_or("brotli compression (node) failed")?;
    let compressed: std::collections::HashMap<&str, u64> =
        listing.lines().filter_map(|l| l.split_once(' ')).map(|(f, n)| (f, n.parse().unwrap_or(0))).collect();
    let size = |name: &str| compressed.get(name).copied().unwrap_or(0);
    // With the largest language's texts (Arabic), which the app fetches at start.
    let largest_texts = packs.iter().map(|(_, name)| size(name)).max().unwrap_or(0);
    let first_load: u64 =
        ["index.html", &css_name, &boot_name, &js_name, &link_name, &wasm_name].iter().map(|f| size(f)).sum::<u64>()
            + largest_texts;
    // The heaviest page opened cold: the first load plus the modules its route fetches.
    let heaviest = split
        .prefetch_map
        .iter()
        .map(|(page, stems)| (page, stems.iter().map(|stem| size(&wasm_file(stem))).sum::<u64>()))
        .max_by_key(|(_, extra)| *extra);
    let all_files: u64 = compressed.iter().filter(|(f, _)| **f != "index.html").map(|(_, n)| n).sum();
    eprintln!(
        "==> web app in web/dist: first load {:.1} KB brotli (shell + wasm + js + css + boot + one language's texts), built in {:.0} s",
        first_load as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    );
    if let Some((page, extra)) = heaviest {
        eprintln!(
            "    {} page modules; the heaviest page cold ({}) {:.1} KB; everything {:.1} KB",
            split.prefetch_map.len(),
            page.split('_').find(|p| p.ends_with("Route")).unwrap_or(page),
            (first_load + extra) as f64 / 1024.0,
            all_files as f64 / 1024.0
        );
    }
    if first_load as f64 / 1024.0 > FIRST_LOAD_BUDGET_KB {
        return Err(format!(
            "the first load is {:.1} KB brotli, over its {FIRST_LOAD_BUDGET_KB} KB budget",
            first_load as f64 / 1024.0
        ));
    }
    Ok(())
}

/// The line of `web/style/madani.css` that ends the part inlined in the page shell.
const CRITICAL_CSS_END: &str = "/* ---------- critical: end";

/// The first load's budget, brotli-compressed: the build fails above it.
const FIRST_LOAD_BUDGET_KB: f64 = 250.0;

/// `[{"path": "/associations/:id", "modules": ["/associations-<id>.wasm", …]}, …]`: each lazy route
/// of `web/src/app.rs` (`<Route path=path!("…") view={Lazy::<XRoute>::new()} />`) with the modules
/// wasm-split says its area of pages needs (the area: the `lazy_pages! { <area>: … }` naming the route).
fn route_modules(
    prefetch: &std::collections::HashMap<String, Vec<String>>,
    wasm_file: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    let app = std::fs::read_to_string(root().join("web/src/app.rs")).map_err(|e| e.to_string())?;
    let mut area_of = std::collections::HashMap::new();
    let mut area: Option<&str> = None;
    for line in app.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("lazy_pages! {") {
            area = rest.trim().strip_suffix(':');
        } else if line == "}" {
            area = None;
        } else if let (Some(area), Some(route)) = (area, line.split_whitespace().next()) {
            area_of.insert(route, area);
        }
    }
    let mut routes = Vec::new();
    for line in app.lines() {
        let path = line.split_once("path!(\"").and_then(|(_, rest)| rest.split_once("\")")).map(|(p, _)| p);
        let route = line.split_once("Lazy::<").and_then(|(_, rest)| rest.split_once('>')).map(|(r, _)| r);
        let (Some(path), Some(route)) = (path, route) else { continue };
        let Some((area, chunks)) = area_of.get(route).and_then(|area| prefetch.get(*area).map(|c| (area, c))) else {
            return Err(format!("wasm-split names no module for {route} ({path})"));
        };
        // The area's own module, and the chunks of code it shares with others.
        let mut modules: Vec<String> = std::iter::once(format!("split_{area}"))
            .chain(chunks.iter().cloned())
            .map(|stem| format!("\"/{}\"", wasm_file(&stem)))
            .collect();
        modules.sort();
        modules.dedup();
        routes.push(format!("{{\"path\":\"{path}\",\"modules\":[{}]}}", modules.join(",")));
    }
    if routes.is_empty() {
        return Err("no lazy route found in web/src/app.rs".into());
    }
    Ok(format!("[{}]", routes.join(",")))
}

/// Drop comments and collapse white space: enough for hand-written CSS, with no tool to install.
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    let mut collapsed = String::with_capacity(out.len());
    let mut last_space = false;
    for c in out.chars() {
        if c.is_whitespace() {
            if !last_space {
                collapsed.push(' ');
            }
            last_space = true;
        } else {
            // No space is needed after or before these.
            if matches!(c, '{' | '}' | ';' | ',') && collapsed.ends_with(' ') {
                collapsed.pop();
            }
            last_space = matches!(c, '{' | '}' | ';' | ',');
            collapsed.push(c);
        }
    }
    collapsed.trim().to_owned()
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
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
        Some("bench") => bench::bench(),
        _ => {
            eprintln!(
                "usage: cargo xtask run | test | contract | web | openapi | bench [--web] | seed --associations N"
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
