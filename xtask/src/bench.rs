//! `cargo xtask bench` and `cargo xtask bench --web`: the server under load with wrk, and the web
//! app on a throttled link in Chromium.

use std::path::Path;
use std::process::Command;

use crate::bench_tools::{
    Measure, bench_database, curl_json, drop_bench_database, ensure_wrk, json_string, memory, wrk,
};
use crate::{build_web, cargo, ensure_browser, output, root, run};

/// `cargo xtask bench --web`: build the web app and the server (release), then
/// `tests/e2e/bench-web.mjs` measures the pages in Chromium on a throttled link.
pub fn bench_web() -> Result<(), String> {
    ensure_browser()?;
    build_web()?;
    let mut build = cargo();
    build.args(["build", "--release", "-p", "madani-api", "--bin", "madani"]);
    run("build the server (release)", build)?;
    let target = crate::target_dir();
    if !root().join("tests/e2e/node_modules").is_dir() {
        let mut c = Command::new("npm");
        c.args(["ci", "--no-audit", "--no-fund"]).current_dir(root().join("tests/e2e"));
        run("npm ci (browser test tools)", c)?;
    }
    let mut bench = Command::new("node");
    bench
        .arg(root().join("tests/e2e/bench-web.mjs"))
        .env("MADANI_BIN", target.join("release/madani"))
        .env("MADANI_WEB_DIR", root().join("web/dist"))
        .current_dir(root());
    run("the web app on a throttled link", bench)
}

/// `cargo xtask bench`: 100,000 generated associations on each backend, then the directory search
/// under load (wrk, 32 connections, 10 s a scenario), reporting requests per second and p99 latency.
pub fn bench() -> Result<(), String> {
    const COUNT: &str = "100000";
    let scenarios: [(&str, &str); 3] = [
        ("text + filter", "/api/v1/associations?q=amel&wilaya=16"),
        ("Arabic text", "/api/v1/associations?q=%D8%AC%D9%85%D8%B9%D9%8A%D8%A9%20%D8%A7%D9%84%D8%A7%D9%85%D9%84"),
        ("filter only", "/api/v1/associations?field=youth&verified_only=true"),
    ];
    ensure_wrk()?;
    let mut build = cargo();
    build.args(["build", "--release", "-p", "madani-api"]);
    run("build the server (release)", build)?;
    let target = crate::target_dir();
    let bin = target.join("release/madani");
    let mut report = Vec::new();
    for backend in ["sqlite", "postgres"] {
        let (dir, database, url) = bench_database("bench", backend)?;
        let env = |c: &mut Command| {
            c.env("DATABASE_URL", &url).env("MADANI_DATA_DIR", &dir).env("MADANI_LOG", "warn").current_dir(&dir);
        };
        let mut seed = Command::new(&bin);
        seed.args(["seed-associations", COUNT]);
        env(&mut seed);
        run(&format!("seed {COUNT} associations ({backend})"), seed)?;
        // With the directory cache (the default: repeated questions are answered from memory) and
        // without it (every request goes to the database).
        let mut ready = true;
        for (cache, secs) in [("cached", "5"), ("uncached", "0")] {
            let port = 18700 + u16::from(backend == "postgres") * 2 + u16::from(secs == "0");
            let mut serve = Command::new(&bin);
            serve
                .arg("serve")
                .env("MADANI_BIND", format!("127.0.0.1:{port}"))
                .env("MADANI_DIRECTORY_CACHE_SECS", secs)
                .env("MADANI_FEED_READS_PER_MINUTE", "1000000000")
                .env("MADANI_CALENDAR_READS_PER_MINUTE", "1000000000");
            env(&mut serve);
            crate::as_deployed(&mut serve);
            let mut server = serve.spawn().map_err(|e| e.to_string())?;
            let base = format!("http://127.0.0.1:{port}");
            ready = (0..60).any(|_| {
                std::thread::sleep(std::time::Duration::from_millis(500));
                Command::new("curl").args(["-sf", &format!("{base}/ready")]).output().is_ok_and(|o| o.status.success())
            });
            if ready {
                for (name, path) in scenarios {
                    // One request first, as a server in use has already answered it (and the
                    // database has its pages in memory).
                    let _ = Command::new("curl").args(["-sf", "-o", "/dev/null", &format!("{base}{path}")]).status();
                    let (rps, p99, errors) = wrk(&format!("{base}{path}"), None);
                    report
                        .push(format!("{backend:<9} {cache:<9} {name:<15} {rps:>10} req/s   p99 {p99:>9}   {errors}"));
                }
                if secs == "0" {
                    let (rps, p99, errors) = mixed_directory(&base, &dir)?;
                    report.push(format!(
                        "{backend:<9} {cache:<9} {:<15} {rps:>10} req/s   p99 {p99:>9}   {errors}",
                        "mixed (1,000)"
                    ));
                    report.push(format!("{backend:<9} {:<9} {}", "memory", memory(server.id())));
                }
                if secs != "0" {
                    for (name, (rps, p99, errors)) in courses_bench(&bin, &env, &base, &dir)? {
                        report.push(format!(
                            "{backend:<9} {:<9} {name:<15} {rps:>10} req/s   p99 {p99:>9}   {errors}",
                            "courses"
                        ));
                    }
                    for (name, (rps, p99, errors)) in crate::bench_calendar::calendar_bench(&bin, &env, &base, &dir)? {
                        report.push(format!(
                            "{backend:<9} {:<9} {name:<15} {rps:>10} req/s   p99 {p99:>9}   {errors}",
                            "calendar"
                        ));
                    }
                    for (name, (rps, p99, errors)) in
                        crate::bench_consultations::consultations_bench(&bin, &env, &base, &dir)?
                    {
                        report.push(format!(
                            "{backend:<9} {:<9} {name:<15} {rps:>10} req/s   p99 {p99:>9}   {errors}",
                            "consult."
                        ));
                    }
                }
            }
            let _ = server.kill();
            let _ = server.wait();
            if !ready {
                break;
            }
        }
        drop_bench_database(backend, &dir, &database);
        if !ready {
            return Err(format!("the {backend} server did not become ready"));
        }
    }
    println!(
        "\nDirectory search ({COUNT} associations), courses (300), the calendar and a consultation's results and answers, wrk -t2 -c32 -d10s on this machine:"
    );
    for line in report {
        println!("  {line}");
    }
    Ok(())
}

/// The courses part of the bench on a running server: 300 published courses of 4 lessons, then
/// the catalog and lesson-progress updates by an enrolled learner.
fn courses_bench(
    bin: &Path,
    env: &dyn Fn(&mut Command),
    base: &str,
    dir: &Path,
) -> Result<Vec<(String, Measure)>, String> {
    let password = "bench-password-madani-2026";
    let mut admin = Command::new(bin);
    admin.args(["admin", "create", "--email", "bench@madani.test", "--name", "Bench", "--password-stdin"]);
    env(&mut admin);
    admin.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::null());
    let mut child = admin.spawn().map_err(|e| e.to_string())?;
    std::io::Write::write_all(&mut child.stdin.take().ok_or("stdin")?, password.as_bytes())
        .map_err(|e| e.to_string())?;
    child.wait().map_err(|e| e.to_string())?;
    let login = curl_json(
        "POST",
        &format!("{base}/api/v1/auth/login"),
        None,
        &format!(r#"{{"email":"bench@madani.test","password":"{password}","transport":"body"}}"#),
    )
    .ok_or("bench login failed")?;
    let token = json_string(&login, "access_token").ok_or("no access token")?;
    eprintln!("==> create 300 courses");
    let mut first: Option<(String, Vec<String>)> = None;
    let topics =
        ["Gestion de projet", "Comptabilité", "Plaidoyer", "Communication", "Levée de fonds", "Droit des associations"];
    for i in 0..300 {
        let topic = topics[i % topics.len()];
        let level = ["beginner", "intermediate", "advanced"][i % 3];
        let course = curl_json(
            "POST",
            &format!("{base}/api/v1/courses"),
            Some(&token),
            &format!(
                r#"{{"title":{{"fr":"{topic} {i}","ar":"دورة {i}"}},"summary":{{"fr":"Formation des cadres associatifs : {topic}."}},"field":"education","level":"{level}","languages":["ar","fr"]}}"#
            ),
        )
        .ok_or("create course failed")?;
        let id = json_string(&course, "id").ok_or("no course id")?;
        let module = curl_json(
            "POST",
            &format!("{base}/api/v1/courses/{id}/modules"),
            Some(&token),
            r#"{"title":{"fr":"Module"}}"#,
        )
        .ok_or("create module failed")?;
        let module_id = json_string(&module, "id").ok_or("no module id")?;
        let mut lessons = Vec::new();
        for n in 0..4 {
            let lesson = curl_json(
                "POST",
                &format!("{base}/api/v1/courses/{id}/modules/{module_id}/lessons"),
                Some(&token),
                &format!(r#"{{"title":{{"fr":"Leçon {n}"}},"kind":"text","body":{{"fr":"Texte de la leçon."}}}}"#),
            )
            .ok_or("create lesson failed")?;
            lessons.push(json_string(&lesson, "id").ok_or("no lesson id")?);
        }
        curl_json("PATCH", &format!("{base}/api/v1/courses/{id}"), Some(&token), r#"{"status":"published"}"#)
            .ok_or("publish failed")?;
        if first.is_none() {
            first = Some((id, lessons));
        }
    }
    let (course, lessons) = first.ok_or("no course")?;
    curl_json("POST", &format!("{base}/api/v1/courses/{course}/enrolment"), Some(&token), "").ok_or("enrol failed")?;
    let script = dir.join("progress.lua");
    let list: Vec<String> = lessons.iter().map(|l| format!("\"{l}\"")).collect();
    std::fs::write(
        &script,
        format!(
            "local lessons = {{{}}}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  local path = \"/api/v1/courses/{course}/lessons/\" .. lessons[(i % #lessons) + 1] .. \"/complete\"\n  return wrk.format(\"POST\", path, {{[\"Authorization\"] = \"Bearer {token}\"}}, \"\")\nend\n",
            list.join(", ")
        ),
    )
    .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (name, path) in [("catalog", "/api/v1/courses"), ("catalog search", "/api/v1/courses?q=gestion&level=beginner")]
    {
        let _ = Command::new("curl").args(["-sf", "-o", "/dev/null", &format!("{base}{path}")]).status();
        out.push((name.to_owned(), wrk(&format!("{base}{path}"), None)));
    }
    out.push(("lesson progress".to_owned(), wrk(base, Some(&script))));
    Ok(out)
}

/// Words of the seeded names (`madani seed-associations`), folded as the search folds them.
const VOCABULARY: &[&str] = &[
    "جمعيه",
    "نادي",
    "رابطه",
    "منظمه",
    "تعاونيه",
    "الامل",
    "النور",
    "الاحسان",
    "البيئة",
    "الخضراء",
    "اصدقاء",
    "المدرسه",
    "الصحه",
    "للجميع",
    "المراه",
    "الريفيه",
    "التراث",
    "الرياضه",
    "والشباب",
    "حقوق",
    "الطفل",
    "التنميه",
    "المحليه",
    "العلوم",
    "والتكنولوجيا",
    "ذوي",
    "الهمم",
    "الفلاحين",
    "حمايه",
    "المستهلك",
    "association",
    "club",
    "ligue",
    "organisation",
    "cooperative",
    "amel",
    "nour",
    "ihsane",
    "environnement",
    "vert",
    "amis",
    "ecole",
    "sante",
    "pour",
    "tous",
    "femmes",
    "rurales",
    "patrimoine",
    "sport",
    "jeunesse",
    "droits",
    "enfant",
    "developpement",
    "local",
    "sciences",
    "technologies",
    "handicap",
    "inclusion",
    "agriculteurs",
    "protection",
    "consommateur",
];
const FIELDS: &[&str] =
    &["youth", "culture", "social_solidarity", "environment", "education", "health", "women", "sport"];
const CATEGORIES: &[&str] = &["national", "inter_wilaya", "wilaya", "communal"];
const SIZES: &[&str] = &["tiny", "small", "medium", "large", "very_large"];

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// 1,000 distinct directory questions: one or two word prefixes of 1 to 6 letters (Arabic and
/// French), random filters, each sort order, and for a third of them page 2 or 3 (followed by cursor
/// with curl first); then wrk cycles through them, each thread from its own place.
pub fn mixed_directory(base: &str, dir: &Path) -> Result<Measure, String> {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut paths = Vec::with_capacity(1000);
    let mut seen = std::collections::HashSet::new();
    while paths.len() < 1000 {
        let mut words = Vec::new();
        for _ in 0..1 + next(2) {
            let word: Vec<char> = VOCABULARY[next(VOCABULARY.len())].chars().collect();
            let len = (1 + next(6)).min(word.len());
            words.push(word[..len].iter().collect::<String>());
        }
        let mut query = vec![format!("q={}", percent_encode(&words.join(" ")))];
        if next(10) < 3 {
            query.push(format!("wilaya={:02}", 1 + next(58)));
        }
        if next(10) < 3 {
            query.push(format!("field={}", FIELDS[next(FIELDS.len())]));
        }
        if next(10) < 2 {
            query.push(format!("category={}", CATEGORIES[next(CATEGORIES.len())]));
        }
        if next(10) < 1 {
            query.push(format!("size={}", SIZES[next(SIZES.len())]));
        }
        if next(10) < 3 {
            query.push("verified_only=true".into());
        }
        query.push(format!("sort={}", ["relevance", "name", "newest"][next(3)]));
        let first = format!("/api/v1/associations?{}", query.join("&"));
        let mut path = first.clone();
        // Pages 2 and 3, by the cursor the previous page gave.
        for _ in 0..[0, 0, 1, 2][next(4)] {
            let page = output({
                let mut c = Command::new("curl");
                c.args(["-sf", &format!("{base}{path}")]);
                c
            })
            .unwrap_or_default();
            match json_string(&page, "next_cursor") {
                Some(cursor) => path = format!("{first}&cursor={}", percent_encode(&cursor)),
                None => break,
            }
        }
        if seen.insert(path.clone()) {
            paths.push(path);
        }
    }
    let list = dir.join("questions.txt");
    std::fs::write(&list, paths.join("\n") + "\n").map_err(|e| e.to_string())?;
    let script = dir.join("mixed.lua");
    std::fs::write(
        &script,
        format!(
            "local paths = {{}}\nfor line in io.lines(\"{}\") do paths[#paths + 1] = line end\nlocal i = 0\n\
             init = function(args) math.randomseed(os.clock() * 1000000 + tonumber(tostring({{}}):sub(8), 16)); i = math.random(#paths) end\n\
             request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n",
            list.display()
        ),
    )
    .map_err(|e| e.to_string())?;
    Ok(wrk(base, Some(&script)))
}
