//! The server's configuration: one typed struct, read once from the command line and the environment.

use std::fmt;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The `l4a` command line.
#[derive(Debug, Parser)]
#[command(
    name = "l4a",
    version,
    about = "The Local4Action HUBs platform: the JSON REST API, its OpenAPI document and the web app.",
    long_about = "The Local4Action HUBs platform: the JSON REST API, its OpenAPI document and the web app.\n\n\
        Every option can also be given by the environment variable shown beside it. With no \
        configuration at all, `l4a` serves http://127.0.0.1:8080 from a SQLite database in ./data."
)]
pub struct Cli {
    /// What to do; `serve` when left out.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The configuration every subcommand shares.
    #[command(flatten)]
    pub config: Config,
}

/// The subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve the API and the web app until SIGINT or SIGTERM.
    Serve {
        /// Load the demo data set first when the database holds no hub yet. Its accounts have
        /// published passwords, so this is refused unless BIND is a loopback address or --demo is given.
        #[arg(long)]
        seed_demo_if_empty: bool,
        /// This is a public demonstration: allow --seed-demo-if-empty on any address.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Load data into the database (applies migrations first).
    #[command(group(clap::ArgGroup::new("data").required(true).args(["demo", "scale"])))]
    Seed {
        /// Load the demo data set: hubs led by cities and regions of every UCLG world region.
        #[arg(long)]
        demo: bool,
        /// Generate a large network of N hubs (with about 5 deliverables, 10 stakeholders, 5
        /// indicators, 100 measurements and 2 connections each), the same for the same N.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        scale: Option<u32>,
    },
    /// Print the OpenAPI document to standard output.
    Openapi,
    /// Create an administrator (applies migrations first) and print its generated password once.
    CreateAdmin {
        /// The administrator's sign-in address.
        #[arg(long)]
        email: String,
        /// The name shown to others.
        #[arg(long, default_value = "Administrator")]
        display_name: String,
    },
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable, coloured when the output is a terminal.
    Pretty,
    /// One JSON object per line, for log collectors.
    Json,
}

/// SQLite's `synchronous` setting, i.e. what an acknowledged write survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqliteSynchronous {
    /// With WAL, a committed write survives the process being killed; the last ones may be lost on power loss.
    Normal,
    /// A committed write also survives power loss, at the cost of an fsync per commit.
    Full,
}

/// A database URL, printed without its password.
#[derive(Clone)]
pub struct DatabaseUrl(pub String);

impl DatabaseUrl {
    /// Whether it names a PostgreSQL server rather than a SQLite file.
    pub fn is_postgres(&self) -> bool {
        self.0.starts_with("postgres://") || self.0.starts_with("postgresql://")
    }

    /// The SQLite file path (the URL without a `sqlite://` prefix).
    pub fn sqlite_path(&self) -> &str {
        self.0.strip_prefix("sqlite://").unwrap_or(&self.0)
    }
}

impl Config {
    /// Whether the server listens on a loopback address only (the `just run` case).
    pub fn binds_loopback(&self) -> bool {
        let host = self.bind.rsplit_once(':').map_or(self.bind.as_str(), |(host, _)| host);
        let host = host.trim_start_matches('[').trim_end_matches(']');
        host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|address| address.is_loopback())
    }

    /// How many long answers may stream at once: `STREAMS_AT_ONCE`, else half the pool, at least one.
    pub fn streams_at_once(&self) -> usize {
        self.streams_at_once.unwrap_or(usize::try_from(self.db_pool_size / 2).unwrap_or(1)).max(1)
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // postgres://user:secret@host/db → postgres://user:***@host/db
        match (self.0.find("://"), self.0.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                let credentials = &self.0[scheme_end + 3..at];
                match credentials.split_once(':') {
                    Some((user, _)) => write!(f, "{}{}:***{}", &self.0[..scheme_end + 3], user, &self.0[at..]),
                    None => f.write_str(&self.0),
                }
            }
            _ => f.write_str(&self.0),
        }
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        let url = DatabaseUrl(value.trim().to_owned());
        if url.0.is_empty() {
            return Err("DATABASE_URL is empty".into());
        }
        if !url.is_postgres() && url.sqlite_path().contains(":memory:") {
            // Every pooled connection would get its own empty database.
            return Err("an in-memory SQLite database cannot be shared by the connection pool; give a file path".into());
        }
        Ok(url)
    }
}

/// The configuration shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: String,
    /// `postgres://…` for PostgreSQL; a file path (or `sqlite://path`) for SQLite, created on first run.
    #[arg(long, env = "DATABASE_URL", default_value = "./data/l4a.sqlite3", global = true)]
    pub database_url: DatabaseUrl,
    /// Log line format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value = "pretty", global = true)]
    pub log_format: LogFormat,
    /// Directory of the built web app (index.html and pkg/), served at `/` instead of the copy
    /// embedded in the binary (for development); without either, `web/dist`.
    #[arg(long, env = "STATIC_DIR", global = true)]
    pub static_dir: Option<PathBuf>,
    /// SQLite durability: `normal` survives a killed process, `full` also survives power loss.
    #[arg(long, env = "SQLITE_SYNCHRONOUS", value_enum, default_value = "normal", global = true)]
    pub sqlite_synchronous: SqliteSynchronous,
    /// Largest number of pooled database connections.
    #[arg(long, env = "DB_POOL_SIZE", default_value_t = 8, global = true)]
    pub db_pool_size: u32,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 256 * 1024, global = true)]
    pub max_body_bytes: usize,
    /// Count the database statements and serve the count at `/internal/query-count` (for tests and diagnostics).
    #[arg(long, env = "COUNT_QUERIES", default_value_t = false, global = true)]
    pub count_queries: bool,
    /// Send `Strict-Transport-Security` (for deployments served over TLS, directly or by a proxy).
    #[arg(long, env = "HSTS", default_value_t = false, global = true)]
    pub hsts: bool,
    /// Seconds a client has to send a request's headers and its whole body; a slower one gets 408.
    #[arg(long, env = "REQUEST_TIMEOUT_SECONDS", default_value_t = 15, global = true)]
    pub request_timeout_seconds: u64,
    /// Seconds a streamed answer (CSV, NDJSON, exports) waits for a client that stopped reading
    /// before cutting it short, freeing the database connection it holds.
    #[arg(long, env = "STREAM_STALL_SECONDS", default_value_t = 60, global = true)]
    pub stream_stall_seconds: u64,
    /// Long answers (exports, CSV feeds) streamed at once, each holding a database connection for
    /// its length; past them the answer is 503 with `Retry-After`. Half the pool when left out.
    #[arg(long, env = "STREAMS_AT_ONCE", global = true)]
    pub streams_at_once: Option<usize>,
    /// Seconds an idle kept-alive connection stays open.
    #[arg(long, env = "KEEP_ALIVE_SECONDS", default_value_t = 30, global = true)]
    pub keep_alive_seconds: u64,
    /// Open connections each worker accepts at most; more wait in the operating system's queue.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 2048, global = true)]
    pub max_connections: usize,
    /// Worker threads serving HTTP (0: one per core).
    #[arg(long, env = "WORKERS", default_value_t = 0, global = true)]
    pub workers: usize,
    /// Where the server keeps what is not in the database: the generated token signing key.
    #[arg(long, env = "DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// The secret that signs access tokens (at least 32 bytes). Left out, JWT_KEY_FILE is read, or
    /// a key is generated once into DATA_DIR/jwt.key.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<Secret>,
    /// A file holding the token signing secret, used when JWT_SECRET is not set.
    #[arg(long, env = "JWT_KEY_FILE", global = true)]
    pub jwt_key_file: Option<PathBuf>,
    /// How long an access token is valid, in minutes.
    #[arg(long, env = "ACCESS_TOKEN_MINUTES", default_value_t = 15, global = true)]
    pub access_token_minutes: u32,
    /// How long a refresh token is valid when unused, in days.
    #[arg(long, env = "REFRESH_TOKEN_DAYS", default_value_t = 30, global = true)]
    pub refresh_token_days: u32,
    /// Failed sign-ins allowed per account from one client address within AUTH_LIMIT_WINDOW_SECONDS;
    /// past it from all addresses together, sign-ins to the account are slowed down, never refused.
    #[arg(long, env = "AUTH_LIMIT_PER_ACCOUNT", default_value_t = 10, global = true)]
    pub auth_limit_per_account: u32,
    /// Failed sign-ins and refreshes allowed per client address within AUTH_LIMIT_WINDOW_SECONDS.
    #[arg(long, env = "AUTH_LIMIT_PER_ADDRESS", default_value_t = 60, global = true)]
    pub auth_limit_per_address: u32,
    /// The window of the sign-in limits, in seconds.
    #[arg(long, env = "AUTH_LIMIT_WINDOW_SECONDS", default_value_t = 900, global = true)]
    pub auth_limit_window_seconds: u64,
    /// The longest an API key may live, in days; keys without an expiry get this one. Unlimited when left out.
    #[arg(long, env = "API_KEY_MAX_DAYS", global = true)]
    pub api_key_max_days: Option<u32>,
    /// Passwords hashed or checked at once (each takes 19 MiB and a core); one per core when left out.
    #[arg(long, env = "PASSWORD_HASH_THREADS", global = true)]
    pub password_hash_threads: Option<usize>,
    /// Password checks that may wait for a hashing thread; past them a sign-in gets 503 with `Retry-After`.
    #[arg(long, env = "PASSWORD_HASH_QUEUE", default_value_t = 8, global = true)]
    pub password_hash_queue: usize,
    /// The public address of the platform, for the links back to each hub's page in the exports.
    #[arg(long, env = "PUBLIC_URL", default_value = "http://127.0.0.1:8080", global = true)]
    pub public_url: String,
    /// The open data's licence: its SPDX identifier.
    #[arg(long, env = "EXPORT_LICENCE_ID", default_value = "CC-BY-4.0", global = true)]
    pub export_licence_id: String,
    /// The open data's licence: its name.
    #[arg(
        long,
        env = "EXPORT_LICENCE_NAME",
        default_value = "Creative Commons Attribution 4.0 International",
        global = true
    )]
    pub export_licence_name: String,
    /// The open data's licence: where its text is.
    #[arg(
        long,
        env = "EXPORT_LICENCE_URL",
        default_value = "https://creativecommons.org/licenses/by/4.0/",
        global = true
    )]
    pub export_licence_url: String,
    /// Whom users of the open data credit.
    #[arg(
        long,
        env = "EXPORT_ATTRIBUTION",
        default_value = "United Cities and Local Governments (UCLG), Local4Action HUBs",
        global = true
    )]
    pub export_attribution: String,
    /// The reporting organisation's IATI organisation identifier, the prefix of every hub's
    /// `iati-identifier`; set it to the one UCLG registered with IATI.
    #[arg(long, env = "IATI_PUBLISHER_PREFIX", default_value = "XI-IATI-UCLG", global = true)]
    pub iati_publisher_prefix: String,
    /// The reporting organisation's name in the IATI exports.
    #[arg(long, env = "IATI_REPORTING_ORG_NAME", default_value = "United Cities and Local Governments", global = true)]
    pub iati_reporting_org_name: String,
    /// The reporting organisation's IATI OrganisationType code (21: international NGO).
    #[arg(long, env = "IATI_REPORTING_ORG_TYPE", default_value = "21", global = true)]
    pub iati_reporting_org_type: String,
    /// Hosts that webhooks are delivered to even when they resolve to a private or loopback
    /// address, comma-separated (an internal receiver; the tests' local one). Every other host
    /// must resolve to a public address.
    #[arg(long, env = "WEBHOOK_ALLOW_HOSTS", value_delimiter = ',', global = true)]
    pub webhook_allow_hosts: Vec<String>,
    /// The waits before each retry of a webhook delivery, in seconds, comma-separated: the n-th
    /// after the n-th failed attempt (the first attempt goes out at once). A delivery is given up
    /// when its failures outnumber the waits: ten attempts with the default.
    #[arg(
        long,
        env = "WEBHOOK_RETRY_SECONDS",
        value_delimiter = ',',
        default_value = "5,300,1800,7200,18000,36000,50400,72000,86400",
        global = true
    )]
    pub webhook_retry_seconds: Vec<u64>,
    /// The bearer token that opens `GET /metrics` on the public listener; without it (and
    /// without `METRICS_BIND`) the metrics are not served there.
    #[arg(long, env = "METRICS_TOKEN", hide_env_values = true, global = true)]
    pub metrics_token: Option<String>,
    /// A separate address serving `GET /metrics` without a token (for a network only the
    /// scraper reaches), e.g. `127.0.0.1:9464`.
    #[arg(long, env = "METRICS_BIND", global = true)]
    pub metrics_bind: Option<String>,
    /// The reverse proxies in front of the server, comma-separated addresses or CIDR ranges:
    /// only for a request from one of them is the client's address read from `X-Forwarded-For`
    /// (for the attempt limits and the logs).
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',', global = true)]
    pub trusted_proxies: Vec<String>,
    /// How often the webhook worker looks for due deliveries when the queue was empty, in milliseconds.
    #[arg(long, env = "WEBHOOK_POLL_MILLIS", default_value_t = 1000, global = true)]
    pub webhook_poll_millis: u64,
}

/// A secret from the configuration, never printed.
#[derive(Clone)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        if value.len() < 32 {
            return Err("JWT_SECRET must be at least 32 bytes long".into());
        }
        Ok(Secret(value.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_print_without_their_password() {
        let url: DatabaseUrl = "postgres://l4a:s3cret@db:5432/l4a".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(url.to_string(), "postgres://l4a:***@db:5432/l4a");
        assert!(url.is_postgres());
        let file: DatabaseUrl = "sqlite://data/x.sqlite3".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(file.sqlite_path(), "data/x.sqlite3");
        assert!("sqlite://:memory:".parse::<DatabaseUrl>().is_err());
    }
}
