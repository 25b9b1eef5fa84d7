//! `cargo xtask web`: the web app built into `web/dist/` — wasm32 build, wasm-split into areas (each
//! area's modules in one pack, see [`crate::web_packs`]),
//! wasm-bindgen, wasm-opt, content-hashed names, the page shell with its critical CSS, the routes'
//! modules, the service worker, each language's texts, brotli — and the tools it needs.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::web_assets::{area_sections, copy_dir, minify_css, route_modules};
use crate::{cargo, ensure_wasm_target, output, root, run, tools_dir};

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

/// The build tools from the npm registry in `web/node_modules`: binaryen (wasm-opt; Debian's is too
/// old and breaks the module) and terser.
fn ensure_web_tools() -> Result<(), String> {
    if !root().join("web/node_modules/binaryen/index.js").exists() {
        let mut c = Command::new("npm");
        c.args(["ci", "--no-audit", "--no-fund"]).current_dir(root().join("web"));
        run("npm ci (web build tools)", c)?;
    }
    Ok(())
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

/// wasm-opt over a list of modules in one Node process (`web/wasm-opt-batch.mjs`, with the options
/// below).
const WASM_OPT_BATCH: &str = "web/wasm-opt-batch.mjs";

/// wasm-opt's options: the smallest code, and the features rustc's wasm32 target emits by default
/// (wasm-bindgen drops the section naming them). `web/wasm-opt-batch.mjs` says the same.
const WASM_OPT_FLAGS: &[&str] = &[
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
];

pub fn build_web() -> Result<(), String> {
    ensure_wasm_target()?;
    let wasm_bindgen = ensure_wasm_bindgen()?;
    ensure_web_tools()?;
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
    let target = crate::target_dir();
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
    // The result of each input is kept (by the input's hash) for the next build: most modules of an
    // area untouched by a change come out of wasm-split the same. Keyed by the tool's version and
    // options too (binaryen comes with web/package-lock.json), not by this file: a change elsewhere
    // in the build keeps the modules already optimized.
    let cache = target.join("wasm-opt-cache");
    std::fs::create_dir_all(&cache).map_err(|e| e.to_string())?;
    let tools = content_hash(
        &[
            read(&root().join("web/package-lock.json"))?,
            read(&root().join(WASM_OPT_BATCH))?,
            WASM_OPT_FLAGS.join(" ").into_bytes(),
        ]
        .concat(),
    );
    let key = |input: &[u8]| format!("{tools}-{}-{}.wasm", content_hash(input), input.len());
    let mut optimized: Vec<Option<Vec<u8>>> = Vec::with_capacity(modules.len());
    // What is not kept is optimized by Node processes (binaryen compiled to WASM uses one core each):
    // the areas' modules by two, given halves of about the same size (one process per module spent
    // most of its 16 minutes starting Node and compiling binaryen).
    let mut todo: Vec<(usize, u64)> = Vec::new();
    for (i, (module, _)) in modules.iter().enumerate() {
        let input = read(module)?;
        optimized.push(std::fs::read(cache.join(key(&input))).ok());
        if optimized[i].is_none() {
            todo.push((i, input.len() as u64));
        }
    }
    // The main module (the first load) goes through the `wasm-opt` command, whose output is a few
    // bytes smaller than the library's on some modules; it takes the longest and runs beside the
    // two halves of the areas' modules.
    let main_todo = todo.first().filter(|(i, _)| *i == 0).map(|_| &modules[0]);
    todo.retain(|(i, _)| *i != 0);
    todo.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    let mut halves: [(u64, String); 2] = Default::default();
    for (i, size) in &todo {
        let (module, stem) = &modules[*i];
        let lighter = usize::from(halves[1].0 < halves[0].0);
        halves[lighter].0 += size;
        let out = staging.join(format!("{stem}.opt.wasm"));
        halves[lighter].1.push_str(&format!("{}\t{}\n", module.display(), out.display()));
    }
    let mut running = Vec::new();
    for (n, (_, jobs)) in halves.iter().enumerate().filter(|(_, (size, _))| *size > 0) {
        let list = staging.join(format!("wasm-opt-jobs-{n}.txt"));
        std::fs::write(&list, jobs).map_err(|e| e.to_string())?;
        let mut node = Command::new("node");
        node.arg(root().join(WASM_OPT_BATCH)).arg(&list);
        running.push(node);
    }
    if let Some((module, stem)) = main_todo {
        let mut cli = Command::new(root().join("web/node_modules/.bin/wasm-opt"));
        cli.args(WASM_OPT_FLAGS).arg(module).arg("-o").arg(staging.join(format!("{stem}.opt.wasm")));
        running.push(cli);
    }
    // Each one's messages go to a file (binaryen warns of every name subsection it does not know),
    // shown when it fails.
    let mut children = Vec::new();
    for (n, mut c) in running.into_iter().enumerate() {
        let log = staging.join(format!("wasm-opt-{n}.log"));
        c.stderr(std::fs::File::create(&log).map_err(|e| e.to_string())?);
        children.push((c.spawn().map_err(|e| format!("wasm-opt: {e}"))?, log));
    }
    let now = todo.len() + usize::from(main_todo.is_some());
    for (mut child, log) in children {
        let status = child.wait().map_err(|e| e.to_string())?;
        if !status.success() {
            let said = std::fs::read_to_string(&log).unwrap_or_default();
            let said: Vec<&str> = said.lines().filter(|l| !l.starts_with("warning:")).collect();
            return Err(format!("wasm-opt failed ({status}): {}", said.join("\n")));
        }
    }
    let mut results = Vec::with_capacity(modules.len());
    for (i, (module, stem)) in modules.iter().enumerate() {
        let bytes = match optimized[i].take() {
            Some(bytes) => bytes,
            None => {
                let bytes = read(&staging.join(format!("{stem}.opt.wasm")))?;
                // A cache that cannot be written only costs the next build time.
                let _ = std::fs::write(cache.join(key(&read(module)?)), &bytes);
                bytes
            }
        };
        results.push((stem.clone(), bytes));
    }
    let optimized = results;
    eprintln!("==> wasm-opt -Oz ({} modules, {now} optimized now)", optimized.len());
    // Only this build's results are kept.
    let used: std::collections::HashSet<String> =
        modules.iter().filter_map(|(module, _)| read(module).ok()).map(|input| key(&input)).collect();
    for entry in std::fs::read_dir(&cache).map_err(|e| e.to_string())?.flatten() {
        if !used.contains(entry.file_name().to_string_lossy().as_ref()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let code_packs = crate::web_packs::packs(&split.prefetch_map, &optimized)?;
    eprintln!("==> {} code packs (one per area of pages)", code_packs.len());

    // Minify the JS glue with terser (npm); it is mostly long names and whitespace.
    let minified = staging.join("madani-web.min.js");
    let mut terser = Command::new(root().join("web/node_modules/.bin/terser"));
    terser.arg(staging.join("madani-web.js")).args(["--module", "--compress", "--mangle", "-o"]).arg(&minified);
    run("terser (JS glue)", terser)?;
    let js = String::from_utf8(read(&minified)?).map_err(|e| e.to_string())?;
    let link_minified = staging.join("link.min.js");
    let link_packed = staging.join("link.packed.js");
    let unpacked = String::from_utf8(read(&staging.join(SPLIT_LINK))?).map_err(|e| e.to_string())?;
    std::fs::write(&link_packed, crate::web_packs::loader(&unpacked, &code_packs)?).map_err(|e| e.to_string())?;
    let mut terser = Command::new(root().join("web/node_modules/.bin/terser"));
    terser.arg(&link_packed).args(["--module", "--compress", "--mangle", "-o"]).arg(&link_minified);
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

    // The main module, and the areas' modules in their packs.
    let (_, main_bytes) = optimized.first().ok_or("wasm-opt made no main module")?;
    write(&wasm_name, main_bytes)?;
    for pack in &code_packs {
        write(&pack.file(&build_id), &pack.bytes)?;
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
    let packs_at = crate::web_packs::PACK_URL_PLACEHOLDER;
    if !link.contains(packs_at) {
        return Err(format!("the chunk loader does not name {packs_at}"));
    }
    link = link.replace(packs_at, &packs_at.replace("__MADANI_BUILD__", &build_id));
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
    // The sections of an area of pages (`/* ---------- area <name>: …`) come with the area's pages and
    // texts (`madani-<name>-<hash>.css`, which `i18n::with_area_texts` waits for), not in the first load.
    let (rest, area_styles) = area_sections(rest);
    let css = minify_css(&rest).into_bytes();
    let css_name = format!("madani-{}.css", content_hash(&css));
    write(&css_name, &css)?;
    let mut style_packs = Vec::new();
    for (area, text) in &area_styles {
        let bytes = minify_css(text).into_bytes();
        let name = format!("madani-{area}-{}.css", content_hash(&bytes));
        write(&name, &bytes)?;
        style_packs.push((format!("{area}.css"), name));
    }
    // Each language's texts as an array in key order (the order `web/build.rs` numbers them): the
    // app fetches the visitor's language only.
    // The texts of the areas of `web/locales/areas.json` (keys by prefix) are apart, fetched with the
    // area's pages (`locale-<area>-<lang>-<hash>.json`), in the order `web/build.rs` numbers them.
    let areas_file = root().join("web/locales/areas.json");
    let areas: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&read(&areas_file)?).map_err(|e| format!("{}: {e}", areas_file.display()))?;
    let listed = |v: &serde_json::Value, field: &str, key: &str, prefix: bool| {
        v[field].as_array().is_some_and(|a| {
            a.iter().filter_map(|s| s.as_str()).any(|s| if prefix { key.starts_with(s) } else { key == s })
        })
    };
    let area_of =
        |key: &str| areas.values().position(|v| listed(v, "prefixes", key, true) && !listed(v, "keep", key, false));
    if let Some(area) = area_styles.keys().find(|a| !areas.contains_key(*a)) {
        return Err(format!(
            "web/style/madani.css has an `area {area}:` section, but {} has no such area",
            areas_file.display()
        ));
    }
    let mut packs = Vec::new();
    let mut area_packs = Vec::new();
    for lang in ["ar", "fr", "en"] {
        let file = root().join(format!("web/locales/{lang}.json"));
        let texts: std::collections::BTreeMap<String, String> =
            serde_json::from_slice(&read(&file)?).map_err(|e| format!("{}: {e}", file.display()))?;
        let main: Vec<&String> = texts.iter().filter(|(k, _)| area_of(k).is_none()).map(|(_, v)| v).collect();
        let array = serde_json::to_vec(&main).map_err(|e| e.to_string())?;
        let name = format!("locale-{lang}-{}.json", content_hash(&array));
        write(&name, &array)?;
        packs.push((lang.to_owned(), name));
        for (i, area) in areas.keys().enumerate() {
            let part: Vec<&String> = texts.iter().filter(|(k, _)| area_of(k) == Some(i)).map(|(_, v)| v).collect();
            let array = serde_json::to_vec(&part).map_err(|e| e.to_string())?;
            let name = format!("locale-{area}-{lang}-{}.json", content_hash(&array));
            write(&name, &array)?;
            area_packs.push((format!("{area}-{lang}"), name));
        }
    }
    area_packs.extend(style_packs);
    let packs_js = packs
        .iter()
        .chain(&area_packs)
        .map(|(lang, name)| format!("\"{lang}\":\"/{name}\""))
        .collect::<Vec<_>>()
        .join(",");
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
    let pack_of: std::collections::HashMap<String, String> =
        code_packs.iter().map(|p| (p.area.clone(), p.file(&build_id))).collect();
    let routes = route_modules(&pack_of)?;
    for module in routes.split('"').filter(|s| s.ends_with(".bin")) {
        if !dist.join(module.trim_start_matches('/')).is_file() {
            return Err(format!("routes.json names {module}, which the build did not write"));
        }
    }
    write("routes.json", routes.as_bytes())?;

    // The service worker, named after this build; it keeps the files every page needs.
    let mut precache = vec![css_name.clone(), boot_name.clone(), js_name.clone(), link_name.clone(), wasm_name.clone()];
    precache.extend(packs.iter().chain(&area_packs).map(|(_, name)| name.clone()));
    let precache = precache.iter().map(|f| format!("\"/{f}\"")).collect::<Vec<_>>().join(",");
    let sw = String::from_utf8(read(&root().join("web/sw.js"))?).map_err(|e| e.to_string())?;
    write("sw.js", sw.replace("__BUILD__", &build_id).replace("__PRECACHE__", &format!("[{precache}]")).as_bytes())?;

    // Pre-compress with brotli (Node's zlib), served when the browser accepts it.
    let script = "const fs=require('fs'),z=require('zlib'),p=require('path');const d=process.argv[1];const s={};\
        for(const f of fs.readdirSync(d)){if(!/\\.(js|wasm|bin|css|html|json)$/.test(f))continue;\
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
    let heaviest = code_packs.iter().map(|p| (&p.area, size(&p.file(&build_id)))).max_by_key(|(_, extra)| *extra);
    let all_files: u64 = compressed.iter().filter(|(f, _)| **f != "index.html").map(|(_, n)| n).sum();
    eprintln!(
        "==> web app in web/dist: first load {:.1} KB brotli (shell + wasm + js + css + boot + one language's texts), built in {:.0} s",
        first_load as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    );
    if let Some((page, extra)) = heaviest {
        eprintln!(
            "    {} areas of pages, a pack each; the heaviest area cold ({page}) {:.1} KB; everything {:.1} KB",
            code_packs.len(),
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
