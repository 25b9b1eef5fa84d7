//! `madani`: parse the command line and the environment, then run the command.

use std::io::BufRead;
use std::process::ExitCode;

use madani_api::auth::service::{self, normalize_email};
use madani_api::auth::{passwords, tokens::random_token};
use madani_api::cli::{self, Command};
use madani_api::config::{Config, Environment};
use madani_api::startup::{Application, prepare_database};
use madani_api::{demo, openapi};
use tracing_subscriber::EnvFilter;

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("madani: {message}");
    ExitCode::from(2)
}

#[actix_web::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    match command {
        Command::Help => {
            print!("{}", cli::usage());
            return ExitCode::SUCCESS;
        }
        Command::Version => {
            println!("madani {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Command::OpenApi => {
            println!("{}", openapi::document().to_pretty_json().unwrap_or_default());
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();

    match command {
        Command::Serve => {
            let app = match Application::build(config).await {
                Ok(app) => app,
                Err(e) => return fail(e),
            };
            match app.run_until_stopped().await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            }
        }
        Command::Migrate => match prepare_database(&config.database_url).await {
            Ok(_) => {
                println!("database is up to date");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::SeedDemo => {
            if config.env == Environment::Production {
                return fail("seed-demo refuses to run with MADANI_ENV=production: demo passwords are public");
            }
            let (pool, _) = match prepare_database(&config.database_url).await {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let keys = match madani_api::startup::demo_keys(&config) {
                Ok(k) => k,
                Err(e) => return fail(e),
            };
            let result = actix_web::web::block(move || {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                demo::seed(&mut conn, &keys).map_err(|e| e.to_string())
            })
            .await;
            match result {
                Ok(Ok(n)) => {
                    println!("demo accounts: {n} created (see the README for their passwords)");
                    ExitCode::SUCCESS
                }
                Ok(Err(e)) => fail(e),
                Err(e) => fail(e),
            }
        }
        Command::SeedConsultation { count, owner } => {
            if config.env == Environment::Production {
                return fail("seed-consultation refuses to run with MADANI_ENV=production");
            }
            let (pool, _) = match prepare_database(&config.database_url).await {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let started = std::time::Instant::now();
            let result = actix_web::web::block(move || {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                madani_api::seed::consultation::seed(&mut conn, count, &owner).map_err(|e| e.to_string())
            })
            .await;
            match result {
                Ok(Ok(seeded)) => {
                    eprintln!("a consultation with {count} answers added in {:.1} s", started.elapsed().as_secs_f64());
                    println!(
                        "{}",
                        serde_json::json!({"consultation": seeded.consultation, "associations": seeded.associations})
                    );
                    ExitCode::SUCCESS
                }
                Ok(Err(e)) => fail(e),
                Err(e) => fail(e),
            }
        }
        Command::SeedActivities { count } => {
            if config.env == Environment::Production {
                return fail("seed-activities refuses to run with MADANI_ENV=production");
            }
            let (pool, _) = match prepare_database(&config.database_url).await {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let started = std::time::Instant::now();
            let result = actix_web::web::block(move || {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                madani_api::seed::activities::seed(&mut conn, count).map_err(|e| e.to_string())
            })
            .await;
            match result {
                Ok(Ok(feed)) => {
                    eprintln!("{count} activities added in {:.1} s", started.elapsed().as_secs_f64());
                    println!("{}", serde_json::json!({ "feed_project": feed }));
                    ExitCode::SUCCESS
                }
                Ok(Err(e)) => fail(e),
                Err(e) => fail(e),
            }
        }
        Command::SeedSockets { count } => {
            if config.env == Environment::Production {
                return fail("seed-sockets refuses to run with MADANI_ENV=production");
            }
            let keys = match madani_api::startup::token_keys(&config) {
                Ok(k) => k,
                Err(e) => return fail(e),
            };
            let (pool, _) = match prepare_database(&config.database_url).await {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let result = actix_web::web::block(move || {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                madani_api::seed::sockets::seed(&mut conn, &keys, count, &mut out).map_err(|e| e.to_string())
            })
            .await;
            match result {
                Ok(Ok(())) => ExitCode::SUCCESS,
                Ok(Err(e)) => fail(e),
                Err(e) => fail(e),
            }
        }
        Command::SeedAssociations { count } => {
            if config.env == Environment::Production {
                return fail("seed-associations refuses to run with MADANI_ENV=production");
            }
            let (pool, _) = match prepare_database(&config.database_url).await {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let started = std::time::Instant::now();
            let result = actix_web::web::block(move || {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                madani_api::seed::associations(&mut conn, count, true).map_err(|e| e.to_string())
            })
            .await;
            match result {
                Ok(Ok(n)) => {
                    println!("{n} associations added in {:.1} s", started.elapsed().as_secs_f64());
                    ExitCode::SUCCESS
                }
                Ok(Err(e)) => fail(e),
                Err(e) => fail(e),
            }
        }
        Command::AdminCreate { email, name, password_stdin } => {
            admin_create(&config, email, name, password_stdin).await
        }
        Command::Help | Command::Version | Command::OpenApi => ExitCode::SUCCESS,
    }
}

async fn admin_create(config: &Config, email: String, name: Option<String>, password_stdin: bool) -> ExitCode {
    let email = normalize_email(&email);
    if !madani_shared::auth::is_valid_email(&email) {
        return fail(format!("'{email}' is not a valid email address"));
    }
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line).is_err() {
            return fail("could not read the password from standard input");
        }
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (random_token(18), true)
    };
    if let Err(e) = passwords::check_new_password("password", &password) {
        return fail(format!("password refused: {}", e.to_problem().detail));
    }
    let (pool, _) = match prepare_database(&config.database_url).await {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let display_name = name.unwrap_or_else(|| "Administrator".into());
    let to_hash = password.clone();
    let result = actix_web::web::block(move || -> Result<bool, String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let hash = passwords::hash(&to_hash).map_err(|e| e.to_string())?;
        service::create_or_promote_admin(&mut conn, &email, &display_name, &hash).map_err(|e| e.to_string())
    })
    .await;
    match result {
        Ok(Ok(true)) => {
            println!("administrator created");
            if generated {
                println!("password (shown once, change it after signing in): {password}");
            }
            ExitCode::SUCCESS
        }
        Ok(Ok(false)) => {
            println!("existing account promoted to administrator (its password is unchanged)");
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => fail(e),
        Err(e) => fail(e),
    }
}
