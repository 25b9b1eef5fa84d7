//! The `madani` command line: `serve` (default), `migrate`, `admin create`, `seed-demo`, `openapi`.

use crate::config::VARIABLES;

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Migrate,
    AdminCreate { email: String, name: Option<String>, password_stdin: bool },
    SeedDemo,
    SeedAssociations { count: usize },
    SeedConsultation { count: usize, owner: String },
    SeedActivities { count: usize },
    SeedSockets { count: usize },
    OpenApi,
    Help,
    Version,
}

pub fn usage() -> String {
    let mut out = String::from(
        "Madani: the open platform for civil-society associations.\n\n\
         Usage:\n  \
         madani [serve]                      run the server (the default)\n  \
         madani migrate                      create or upgrade the database, then exit\n  \
         madani admin create --email EMAIL [--name NAME] [--password-stdin]\n                                      \
         make an administrator (or promote an existing account); without\n                                      \
         --password-stdin a strong password is generated and printed once\n  \
         madani seed-demo                    add the demo accounts (development only)\n  \
         madani seed-associations N          add N generated associations (development only)\n  \
         madani seed-consultation N --owner EMAIL\n                                      \
         add a consultation with N generated answers, and 200\n                                      \
         associations owned by EMAIL (development only)\n  \
         madani seed-activities N            add 500 projects and N activities over ten years, and a\n                                      \
         project with 1,000 activities to come (development only)\n  \
         madani seed-sockets N               add N members with a session each and a group of 100 of\n                                      \
         them; print each one's id and an hour's access token (the\n                                      \
         WebSocket bench; development only)\n  \
         madani openapi                      print the OpenAPI document\n  \
         madani --help | --version\n\nEnvironment:\n",
    );
    for (name, meaning) in VARIABLES {
        out.push_str(&format!("  {name:<24} {meaning}\n"));
    }
    out
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => Ok(Command::Serve),
        ["migrate"] => Ok(Command::Migrate),
        ["seed-demo"] => Ok(Command::SeedDemo),
        ["seed-associations", n] => match n.parse::<usize>() {
            Ok(count) if (1..=2_000_000).contains(&count) => Ok(Command::SeedAssociations { count }),
            _ => Err(format!("seed-associations takes a count from 1 to 2000000, not '{n}'")),
        },
        ["seed-consultation", n, "--owner", owner] => match n.parse::<usize>() {
            Ok(count) if (1..=5_000_000).contains(&count) => {
                Ok(Command::SeedConsultation { count, owner: (*owner).to_owned() })
            }
            _ => Err(format!("seed-consultation takes a count from 1 to 5000000, not '{n}'")),
        },
        ["seed-activities", n] => match n.parse::<usize>() {
            Ok(count) if (1..=5_000_000).contains(&count) => Ok(Command::SeedActivities { count }),
            _ => Err(format!("seed-activities takes a count from 1 to 5000000, not '{n}'")),
        },
        ["seed-sockets", n] => match n.parse::<usize>() {
            Ok(count) if (1..=100_000).contains(&count) => Ok(Command::SeedSockets { count }),
            _ => Err(format!("seed-sockets takes a count from 1 to 100000, not '{n}'")),
        },
        ["openapi"] => Ok(Command::OpenApi),
        ["-h" | "--help" | "help", ..] => Ok(Command::Help),
        ["-V" | "--version"] => Ok(Command::Version),
        ["admin", "create", rest @ ..] => {
            let (mut email, mut name, mut password_stdin) = (None, None, false);
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                match *arg {
                    "--email" => email = it.next().map(|s| s.to_string()),
                    "--name" => name = it.next().map(|s| s.to_string()),
                    "--password-stdin" => password_stdin = true,
                    other => return Err(format!("unknown option '{other}' for admin create")),
                }
            }
            let email = email.ok_or("admin create needs --email EMAIL")?;
            Ok(Command::AdminCreate { email, name, password_stdin })
        }
        [other, ..] => Err(format!("unknown command '{other}'; see madani --help")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command, String> {
        parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_commands() {
        assert_eq!(p(&[]), Ok(Command::Serve));
        assert_eq!(
            p(&["admin", "create", "--email", "a@b.org", "--password-stdin"]),
            Ok(Command::AdminCreate { email: "a@b.org".into(), name: None, password_stdin: true })
        );
        assert!(p(&["admin", "create"]).is_err());
        assert!(p(&["frobnicate"]).is_err());
        assert!(usage().contains("MADANI_BIND") && usage().contains("DATABASE_URL"));
    }
}
