//! Configuration: `MADANI_*` environment variables over built-in defaults. Read once at start and passed
//! down; there is no global. An invalid value stops the start with a message naming the variable.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Every variable `madani` reads, with its meaning and default, for `madani --help`.
pub const VARIABLES: &[(&str, &str)] = &[
    ("DATABASE_URL", "postgres://… for PostgreSQL; otherwise an SQLite file (default: <data dir>/madani.db)"),
    ("MADANI_BIND", "address to listen on (default 127.0.0.1:8080)"),
    ("MADANI_DATA_DIR", "SQLite file, signing key, outbox, uploads (default ./data)"),
    ("MADANI_PUBLIC_URL", "the URL users reach Madani at, for links in emails (default http://<bind>)"),
    ("MADANI_ENV", "development | production (default development)"),
    ("MADANI_SMTP_URL", "smtp://user:pass@host:587 or smtps://…; unset: emails go to <data dir>/outbox/"),
    ("MADANI_SMTP_FROM", "sender of emails (default Madani <no-reply@localhost>)"),
    ("MADANI_CORS_ORIGINS", "comma-separated origins allowed to call the API from a browser (default none)"),
    ("MADANI_LOG", "tracing filter, e.g. info or madani_api=debug (default info)"),
    (
        "MADANI_JWT_SECRET",
        "access-token signing key, 32+ bytes (default: generated in the data dir; required in production)",
    ),
    ("MADANI_JWT_SECRET_FILE", "file holding the signing key (instead of MADANI_JWT_SECRET)"),
    (
        "MADANI_TRUSTED_PROXIES",
        "networks of your reverse proxies (10.0.0.0/8,::1): the client IP is the last X-Forwarded-For hop outside them",
    ),
    ("MADANI_TRUST_FORWARDED", "true: whatever connects is one reverse proxy (simpler than MADANI_TRUSTED_PROXIES)"),
    ("MADANI_WEB_DIR", "the built web app to serve at / (default web/dist)"),
    ("MADANI_WORKERS", "HTTP worker threads (default: one per core)"),
    (
        "MADANI_CERTIFICATE_KEY_FILE",
        "file holding the Ed25519 seed (base64url) that signs certificates (default: generated in the data dir)",
    ),
    (
        "MADANI_VIDEO_MAX_BYTES",
        "largest video file a trainer may upload for a lesson, in bytes (default 209715200: 200 MiB)",
    ),
    ("MADANI_UPLOAD_IDLE_SECS", "seconds a video upload may send nothing before it is dropped (default 60)"),
    ("MADANI_FEED_READS_PER_MINUTE", "iCalendar feed and IATI file reads per client address per minute (default 120)"),
    ("MADANI_CALENDAR_READS_PER_MINUTE", "anonymous reads of the calendar per client address per minute (default 600)"),
    ("MADANI_SOCKET_OPENS_PER_MINUTE", "WebSockets opened per client address per minute (default 600)"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub public_url: String,
    pub env: Environment,
    pub smtp_url: Option<String>,
    pub smtp_from: String,
    pub cors_origins: Vec<String>,
    pub log: String,
    pub jwt_secret: Option<Vec<u8>>,
    /// Which peers are reverse proxies whose `X-Forwarded-For`/`Forwarded` we believe
    /// (`MADANI_TRUSTED_PROXIES`: networks, e.g. `10.0.0.0/8,127.0.0.1`; or
    /// `MADANI_TRUST_FORWARDED=true`: whatever connects is one proxy). See `http::client_addr`.
    pub proxies: crate::http::client_addr::Proxies,
    pub web_dir: PathBuf,
    pub workers: Option<usize>,
    /// How long public directory answers are reused (`MADANI_DIRECTORY_CACHE_SECS`, default 1; 0 turns
    /// the cache off).
    pub directory_cache_secs: u64,
    /// The Ed25519 key that signs certificates (`MADANI_CERTIFICATE_KEY_FILE`: a file holding its
    /// 32-byte seed in base64url); unset, one is made in the data directory (0600) on first start.
    /// Several instances must share it. Certificates stay verifiable only while it is kept.
    pub certificate_key_file: Option<PathBuf>,
    /// Directory exports run at once (`MADANI_EXPORT_CONCURRENCY`, default 2; 0 refuses them); more
    /// are answered 429. An export of the whole registry holds every row in memory for a moment.
    pub export_concurrency: usize,
    /// Largest uploaded lesson video, in bytes (`MADANI_VIDEO_MAX_BYTES`, default 200 MiB). Uploads
    /// are streamed to storage, so this bounds disk, not memory.
    pub video_max_bytes: u64,
    /// How long a video upload may send nothing before it is dropped (`MADANI_UPLOAD_IDLE_SECS`,
    /// default 60 s): a silent client must not hold a thread and a half-written file for ever.
    pub upload_idle: std::time::Duration,
    pub limits: Limits,
}

/// The default largest lesson video: 200 MiB.
pub const DEFAULT_VIDEO_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// Rate limits and lifetimes. Fixed by policy, adjustable in tests.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Access token lifetime in seconds (at most 15 minutes).
    pub access_token_secs: i64,
    /// A session ends after this many seconds without a refresh.
    pub session_idle_secs: i64,
    /// … and after this many seconds in any case.
    pub session_max_secs: i64,
    /// Failed sign-ins per hour on one account from one address before that address gets 429 for
    /// it (the account's owner, elsewhere, still gets in).
    pub login_failures_per_account: i64,
    /// Failed sign-ins per hour on one account from all addresses together before 429 (a slower
    /// ceiling against guessing from many addresses; a password reset lifts it).
    pub login_failures_per_account_total: i64,
    /// Failed sign-ins per client address per hour before 429.
    pub login_failures_per_ip: i64,
    /// Accounts created per client address per hour.
    pub registrations_per_ip: i64,
    /// Emailed links (password reset, verification) asked for per client address per hour.
    pub link_requests_per_ip: i64,
    /// Password-reset confirmations tried per client address per hour.
    pub reset_confirms_per_ip: i64,
    /// Passwords hashed or checked at once (argon2id, 19 MiB each); more wait, and past
    /// `hash_queue` waiting, requests are answered 503 at once.
    pub hash_concurrency: usize,
    pub hash_queue: usize,
    /// Largest JSON body, in bytes.
    pub json_body_bytes: usize,
    /// iCalendar feed reads, and IATI file reads, per client address per minute
    /// (`MADANI_FEED_READS_PER_MINUTE`).
    pub feed_reads_per_minute: i64,
    /// Anonymous reads of the calendar per client address per minute
    /// (`MADANI_CALENDAR_READS_PER_MINUTE`): a month is up to 1,000 activities (about 500 KB of
    /// JSON), answered from memory, so counted in batches (`ratelimit::Batched`); signed-in members
    /// are not counted.
    pub calendar_reads_per_minute: i64,
    /// WebSockets opened per client address per minute (`MADANI_SOCKET_OPENS_PER_MINUTE`): a whole
    /// office behind one address reconnecting at once stays under it.
    pub socket_opens_per_minute: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            access_token_secs: 15 * 60,
            session_idle_secs: 30 * 24 * 3600,
            session_max_secs: 180 * 24 * 3600,
            login_failures_per_account: 10,
            login_failures_per_account_total: 100,
            login_failures_per_ip: 100,
            registrations_per_ip: 100,
            link_requests_per_ip: 50,
            reset_confirms_per_ip: 50,
            hash_concurrency: std::thread::available_parallelism().map_or(2, |n| n.get()),
            hash_queue: 16,
            json_body_bytes: 1024 * 1024,
            feed_reads_per_minute: 120,
            calendar_reads_per_minute: 600,
            socket_opens_per_minute: 600,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.variable, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn err(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { variable, message: message.into() }
}

impl Config {
    /// Read the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Read variables through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |k: &str| get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let env = match get("MADANI_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(err("MADANI_ENV", format!("'{other}' is not development or production")));
            }
        };
        let bind_text = get("MADANI_BIND").unwrap_or_else(|| "127.0.0.1:8080".into());
        let bind: SocketAddr = bind_text
            .parse()
            .map_err(|_| err("MADANI_BIND", format!("'{bind_text}' is not an address like 127.0.0.1:8080")))?;
        let data_dir = PathBuf::from(get("MADANI_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}", data_dir.join("madani.db").display()));
        if database_url.contains("://")
            && !["postgres://", "postgresql://", "sqlite://"].iter().any(|p| database_url.starts_with(p))
        {
            return Err(err("DATABASE_URL", "use postgres://…, sqlite://<path> or a file path"));
        }
        let public_url = match get("MADANI_PUBLIC_URL") {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                url.trim_end_matches('/').to_owned()
            }
            Some(url) => {
                return Err(err("MADANI_PUBLIC_URL", format!("'{url}' must start with http:// or https://")));
            }
            None => format!("http://{bind}"),
        };
        let smtp_url = get("MADANI_SMTP_URL");
        if let Some(url) = &smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            return Err(err("MADANI_SMTP_URL", "must start with smtp:// or smtps://"));
        }
        let smtp_from = get("MADANI_SMTP_FROM").unwrap_or_else(|| "Madani <no-reply@localhost>".into());
        let cors_origins: Vec<String> = get("MADANI_CORS_ORIGINS")
            .map(|v| {
                v.split(',').map(|o| o.trim().trim_end_matches('/').to_owned()).filter(|o| !o.is_empty()).collect()
            })
            .unwrap_or_default();
        if let Some(bad) = cors_origins.iter().find(|o| !(o.starts_with("http://") || o.starts_with("https://"))) {
            return Err(err("MADANI_CORS_ORIGINS", format!("'{bad}' is not an origin like https://example.org")));
        }
        let jwt_secret = match (get("MADANI_JWT_SECRET"), get("MADANI_JWT_SECRET_FILE")) {
            (Some(_), Some(_)) => {
                return Err(err("MADANI_JWT_SECRET", "set MADANI_JWT_SECRET or MADANI_JWT_SECRET_FILE, not both"));
            }
            (Some(secret), None) => Some(secret.into_bytes()),
            (None, Some(path)) => Some(
                std::fs::read_to_string(&path)
                    .map_err(|e| err("MADANI_JWT_SECRET_FILE", format!("cannot read {path}: {e}")))?
                    .trim()
                    .as_bytes()
                    .to_vec(),
            ),
            (None, None) => None,
        };
        if let Some(secret) = &jwt_secret
            && secret.len() < 32
        {
            return Err(err("MADANI_JWT_SECRET", "must be at least 32 bytes"));
        }
        if env == Environment::Production && jwt_secret.is_none() {
            return Err(err("MADANI_JWT_SECRET", "required when MADANI_ENV=production (or MADANI_JWT_SECRET_FILE)"));
        }
        use crate::http::client_addr::{Proxies, parse_cidrs};
        let proxies = match (get("MADANI_TRUSTED_PROXIES"), get("MADANI_TRUST_FORWARDED").as_deref()) {
            (Some(list), _) => Proxies::Trusted(parse_cidrs(&list).ok_or_else(|| {
                err(
                    "MADANI_TRUSTED_PROXIES",
                    format!("'{list}' is not a comma-separated list of networks (10.0.0.0/8)"),
                )
            })?),
            (None, None | Some("false") | Some("0")) => Proxies::None,
            (None, Some("true") | Some("1")) => Proxies::OneHop,
            (None, Some(other)) => {
                return Err(err("MADANI_TRUST_FORWARDED", format!("'{other}' is not true or false")));
            }
        };
        let workers = match get("MADANI_WORKERS") {
            None => None,
            Some(n) => match n.parse::<usize>() {
                Ok(n) if (1..=256).contains(&n) => Some(n),
                _ => {
                    return Err(err("MADANI_WORKERS", format!("'{n}' is not a number from 1 to 256")));
                }
            },
        };
        let certificate_key_file = get("MADANI_CERTIFICATE_KEY_FILE").map(PathBuf::from);
        // One second: with the index's poll, another instance's write shows within about two.
        let directory_cache_secs = match get("MADANI_DIRECTORY_CACHE_SECS") {
            None => 1,
            Some(n) => match n.parse::<u64>() {
                Ok(n) if n <= 3600 => n,
                _ => {
                    return Err(err(
                        "MADANI_DIRECTORY_CACHE_SECS",
                        format!("'{n}' is not a number of seconds (0 to 3600)"),
                    ));
                }
            },
        };
        let export_concurrency = match get("MADANI_EXPORT_CONCURRENCY") {
            None => 2,
            Some(n) => match n.parse::<usize>() {
                Ok(n) if n <= 64 => n,
                _ => return Err(err("MADANI_EXPORT_CONCURRENCY", format!("'{n}' is not a number from 0 to 64"))),
            },
        };
        let video_max_bytes = match get("MADANI_VIDEO_MAX_BYTES") {
            None => DEFAULT_VIDEO_MAX_BYTES,
            Some(n) => match n.parse::<u64>() {
                Ok(n) if (1..=1 << 40).contains(&n) => n,
                _ => return Err(err("MADANI_VIDEO_MAX_BYTES", format!("'{n}' is not a number of bytes (1 to 2^40)"))),
            },
        };
        let upload_idle = match get("MADANI_UPLOAD_IDLE_SECS") {
            None => std::time::Duration::from_secs(60),
            Some(n) => match n.parse::<u64>() {
                Ok(n) if (1..=3600).contains(&n) => std::time::Duration::from_secs(n),
                _ => {
                    return Err(err(
                        "MADANI_UPLOAD_IDLE_SECS",
                        format!("'{n}' is not a number of seconds (1 to 3600)"),
                    ));
                }
            },
        };
        let mut limits = Limits::default();
        if let Some(n) = get("MADANI_FEED_READS_PER_MINUTE") {
            limits.feed_reads_per_minute = match n.parse::<i64>() {
                Ok(n) if (1..=1_000_000_000).contains(&n) => n,
                _ => {
                    return Err(err(
                        "MADANI_FEED_READS_PER_MINUTE",
                        format!("'{n}' is not a number of reads (1 to 10^9)"),
                    ));
                }
            };
        }
        if let Some(n) = get("MADANI_CALENDAR_READS_PER_MINUTE") {
            limits.calendar_reads_per_minute = match n.parse::<i64>() {
                Ok(n) if (1..=1_000_000_000).contains(&n) => n,
                _ => {
                    return Err(err(
                        "MADANI_CALENDAR_READS_PER_MINUTE",
                        format!("'{n}' is not a number of reads (1 to 10^9)"),
                    ));
                }
            };
        }
        if let Some(n) = get("MADANI_SOCKET_OPENS_PER_MINUTE") {
            limits.socket_opens_per_minute = match n.parse::<i64>() {
                Ok(n) if (1..=1_000_000_000).contains(&n) => n,
                _ => {
                    return Err(err(
                        "MADANI_SOCKET_OPENS_PER_MINUTE",
                        format!("'{n}' is not a number of sockets (1 to 10^9)"),
                    ));
                }
            };
        }
        Ok(Config {
            database_url,
            bind,
            data_dir,
            public_url,
            env,
            smtp_url,
            smtp_from,
            cors_origins,
            log: get("MADANI_LOG").unwrap_or_else(|| "info".into()),
            jwt_secret,
            proxies,
            web_dir: PathBuf::from(get("MADANI_WEB_DIR").unwrap_or_else(|| "web/dist".into())),
            workers,
            directory_cache_secs,
            certificate_key_file,
            export_concurrency,
            video_max_bytes,
            upload_idle,
            limits,
        })
    }

    /// The refresh cookie is `Secure` except when the public URL is plain-HTTP localhost.
    pub fn secure_cookies(&self) -> bool {
        let local = ["http://localhost", "http://127.0.0.1", "http://[::1]"];
        !local.iter().any(|p| self.public_url.starts_with(p))
    }

    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_nothing() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://./data/madani.db");
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert!(!c.secure_cookies());
        assert_eq!(c.env, Environment::Development);
        assert_eq!(c.video_max_bytes, DEFAULT_VIDEO_MAX_BYTES);
    }

    #[test]
    fn invalid_values_name_the_variable() {
        assert_eq!(config(&[("MADANI_BIND", "nope")]).unwrap_err().variable, "MADANI_BIND");
        assert_eq!(config(&[("MADANI_ENV", "prod")]).unwrap_err().variable, "MADANI_ENV");
        assert_eq!(config(&[("MADANI_WORKERS", "0")]).unwrap_err().variable, "MADANI_WORKERS");
        assert_eq!(config(&[("MADANI_PUBLIC_URL", "example.org")]).unwrap_err().variable, "MADANI_PUBLIC_URL");
        assert_eq!(config(&[("DATABASE_URL", "mysql://x")]).unwrap_err().variable, "DATABASE_URL");
        assert_eq!(config(&[("MADANI_CORS_ORIGINS", "example.org")]).unwrap_err().variable, "MADANI_CORS_ORIGINS");
        assert_eq!(config(&[("MADANI_JWT_SECRET", "short")]).unwrap_err().variable, "MADANI_JWT_SECRET");
        assert_eq!(config(&[("MADANI_VIDEO_MAX_BYTES", "200MB")]).unwrap_err().variable, "MADANI_VIDEO_MAX_BYTES");
        assert_eq!(config(&[("MADANI_VIDEO_MAX_BYTES", "0")]).unwrap_err().variable, "MADANI_VIDEO_MAX_BYTES");
    }

    #[test]
    fn production_refuses_to_start_without_a_key() {
        let e = config(&[("MADANI_ENV", "production")]).unwrap_err();
        assert_eq!(e.variable, "MADANI_JWT_SECRET");
        let ok = config(&[("MADANI_ENV", "production"), ("MADANI_JWT_SECRET", &"k".repeat(40))]).unwrap();
        assert_eq!(ok.env, Environment::Production);
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let c = config(&[("MADANI_PUBLIC_URL", "https://madani.example.org/")]).unwrap();
        assert!(c.secure_cookies() && c.is_https());
        assert_eq!(c.public_url, "https://madani.example.org");
    }
}
