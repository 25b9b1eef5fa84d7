//! `cargo xtask bench --ws`: the WebSocket on each backend: 2,000 members with a socket each on one
//! instance, the server's memory with them idle, and the time from sending a message in a group of
//! 100 to its arrival on each member's socket (tests/e2e/bench-ws.mjs).

use std::process::Command;

use crate::{cargo, output, root, run};

const SOCKETS: &str = "2000";

pub fn bench_ws() -> Result<(), String> {
    let mut build = cargo();
    build.args(["build", "--release", "-p", "madani-api", "--bin", "madani"]);
    run("build the server (release)", build)?;
    let target = crate::target_dir();
    let bin = target.join("release/madani");
    let mut report = Vec::new();
    for backend in ["sqlite", "postgres"] {
        let (dir, database, url) = crate::bench_tools::bench_database("bench-ws", backend)?;
        let port = 18720 + u16::from(backend == "postgres");
        let base = format!("http://127.0.0.1:{port}");
        // The seed signs its tokens for the address the server answers at (the tokens' issuer).
        let env = |c: &mut Command| {
            c.env("DATABASE_URL", &url)
                .env("MADANI_DATA_DIR", &dir)
                .env("MADANI_PUBLIC_URL", &base)
                .env("MADANI_LOG", "warn")
                .current_dir(&dir);
        };
        let mut seed = Command::new(&bin);
        seed.args(["seed-sockets", SOCKETS]);
        env(&mut seed);
        let members = output(seed).ok_or("seed-sockets failed")?;
        let seeded = dir.join("members.txt");
        std::fs::write(&seeded, members).map_err(|e| e.to_string())?;
        let mut serve = Command::new(&bin);
        serve
            .arg("serve")
            .env("MADANI_BIND", format!("127.0.0.1:{port}"))
            .env("MADANI_SOCKET_OPENS_PER_MINUTE", "1000000");
        env(&mut serve);
        crate::as_deployed(&mut serve);
        let mut server = serve.spawn().map_err(|e| e.to_string())?;
        let ready = (0..60).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(500));
            Command::new("curl").args(["-sf", &format!("{base}/ready")]).output().is_ok_and(|o| o.status.success())
        });
        let measured = if ready {
            let mut bench = Command::new("node");
            bench
                .arg("--experimental-websocket")
                .arg(root().join("tests/e2e/bench-ws.mjs"))
                .arg(&seeded)
                .env("MADANI_BASE", &base)
                .env("MADANI_PID", server.id().to_string());
            output(bench).ok_or_else(|| "the WebSocket bench failed".to_owned())
        } else {
            Err(format!("the {backend} server did not become ready"))
        };
        let _ = server.kill();
        let _ = server.wait();
        crate::bench_tools::drop_bench_database(backend, &dir, &database);
        report.push(format!("{backend:<9} {}", measured?.trim()));
    }
    println!("\nWebSocket: {SOCKETS} sockets on one instance, 50 messages in a group of 100 (one every 200 ms):");
    for line in report {
        println!("  {line}");
    }
    Ok(())
}
