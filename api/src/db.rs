//! The data layer's plumbing: one connection type over PostgreSQL and SQLite, the pool,
//! the embedded migrations, and running queries off the async workers.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection, set_default_instrumentation};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::{Config, SqliteSynchronous};
use crate::error::ApiError;
use crate::schema::data_generation;

/// Statements run since start, counted only when `COUNT_QUERIES` is set: tests read it to prove
/// that listings run a bounded number of queries whatever their page size.
static QUERIES_RUN: AtomicU64 = AtomicU64::new(0);

fn counting_instrumentation() -> Option<Box<dyn Instrumentation>> {
    Some(Box::new(|event: InstrumentationEvent<'_>| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) && COUNTED.get() {
            QUERIES_RUN.fetch_add(1, Ordering::Relaxed);
        }
    }))
}

thread_local! {
    /// Whether this thread's statements are counted: the server's own bookkeeping (the webhook
    /// worker, attempt counts) is not what a request costs, and would make the count drift.
    static COUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Runs `work` with this thread's statements left out of the count.
fn uncounted<T>(work: impl FnOnce() -> T) -> T {
    let before = COUNTED.replace(false);
    let result = work();
    COUNTED.set(before);
    result
}

/// How many statements the pool's connections ran since start (0 unless counting is on).
pub fn queries_run() -> u64 {
    QUERIES_RUN.load(Ordering::Relaxed)
}

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// The PostgreSQL advisory lock migrations hold ("l4a" in ASCII), so that two instances starting
/// together do not apply the same migration twice.
const MIGRATION_LOCK: i64 = 0x006c_3461;

/// A connection to either backend; every query is written once against it.
///
/// SQLite comes last: the derive tries the variants in order when establishing a connection,
/// and SQLite accepts any string as a file name.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL, the production backend.
    Postgresql(PgConnection),
    /// SQLite, the embedded default.
    Sqlite(SqliteConnection),
}

/// Which backend a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL.
    Postgres,
    /// SQLite.
    Sqlite,
}

/// Sets the per-connection SQLite pragmas each time the pool opens a connection.
#[derive(Debug)]
struct SqlitePragmas {
    synchronous: SqliteSynchronous,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(conn) = conn {
            let synchronous = match self.synchronous {
                SqliteSynchronous::Normal => "NORMAL",
                SqliteSynchronous::Full => "FULL",
            };
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = {synchronous};"
            ))
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// The pool, counting who waits for a connection (the metrics show it).
#[derive(Clone)]
struct Connections {
    pool: Pool<ConnectionManager<DbConnection>>,
    waiting: Arc<std::sync::atomic::AtomicUsize>,
}

impl Connections {
    fn get(&self) -> Result<PooledConnection<ConnectionManager<DbConnection>>, diesel::r2d2::PoolError> {
        use std::sync::atomic::Ordering;
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let got = self.pool.get();
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        got
    }
}

/// Runs `work` in a SQLite transaction that takes the write lock when it begins (`BEGIN
/// IMMEDIATE`). A deferred one that reads first and writes later cannot wait for another
/// process's write lock: SQLite fails it at once with "database is locked", busy timeout or not.
/// One process takes turns through `Db::sqlite_writer`; this makes processes (a second instance,
/// a CLI command) take turns too.
fn sqlite_immediate<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager as _};
    let DbConnection::Sqlite(sqlite) = conn else { return Err(ApiError::Internal(anyhow::anyhow!("not SQLite"))) };
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    let outcome = work(conn);
    let DbConnection::Sqlite(sqlite) = conn else { return Err(ApiError::Internal(anyhow::anyhow!("not SQLite"))) };
    match outcome {
        Ok(value) => match AnsiTransactionManager::commit_transaction(sqlite) {
            Ok(()) => Ok(value),
            Err(error) => {
                // Leave the connection out of any transaction before it goes back to the pool.
                let _ = AnsiTransactionManager::rollback_transaction(sqlite);
                Err(error.into())
            }
        },
        Err(error) => {
            AnsiTransactionManager::rollback_transaction(sqlite)?;
            Err(error)
        }
    }
}

/// How the pool stands at one moment.
#[derive(Debug, Clone, Copy)]
pub struct PoolStatus {
    /// Connections handed out.
    pub in_use: u32,
    /// Connections open and free.
    pub idle: u32,
    /// Callers waiting for a connection.
    pub waiting: usize,
}

/// The pooled database, shared by every worker.
#[derive(Clone)]
pub struct Db {
    pool: Connections,
    backend: Backend,
    /// SQLite allows one writer at a time; taking turns here, rather than in SQLite's busy
    /// loop, keeps a read-then-write transaction from failing with SQLITE_BUSY.
    sqlite_writer: Arc<Mutex<()>>,
    /// How long a streamed answer waits for a client that stopped reading (see [`Db::produce`]).
    stream_stall: Duration,
    /// One permit per answer being streamed: each holds a pooled connection for its length, so
    /// that many at once would leave nothing for the other requests (see [`Db::produce`]).
    streams: Arc<tokio::sync::Semaphore>,
}

impl Db {
    /// Opens the pool (creating the SQLite file and its folder when needed).
    pub fn connect(config: &Config) -> anyhow::Result<Self> {
        if config.count_queries {
            set_default_instrumentation(counting_instrumentation).context("counting queries")?;
        }
        let (url, backend) = if config.database_url.is_postgres() {
            (config.database_url.0.clone(), Backend::Postgres)
        } else {
            let path = config.database_url.sqlite_path();
            if let Some(parent) = Path::new(path).parent() {
                crate::files::private_dir(parent)?;
            }
            if path != ":memory:" {
                crate::files::private_file(Path::new(path))?;
            }
            // WAL is a property of the file, so set it once rather than per connection.
            let mut conn =
                SqliteConnection::establish(path).with_context(|| format!("opening SQLite database {path}"))?;
            // Another instance may be opening it at the same moment. SQLite answers "database is
            // locked" to a journal-mode change at once, without its busy handler, while another
            // connection sets up the log, so take turns here for as long as a pooled connection waits.
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            loop {
                match conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;") {
                    Ok(()) => break,
                    Err(_) if std::time::Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
                    Err(e) => return Err(e).context("enabling SQLite's write-ahead log"),
                }
            }
            (path.to_owned(), Backend::Sqlite)
        };
        let pool = Pool::builder()
            .max_size(config.db_pool_size.max(1))
            .connection_timeout(Duration::from_secs(5))
            .connection_customizer(Box::new(SqlitePragmas { synchronous: config.sqlite_synchronous }))
            .build(ConnectionManager::<DbConnection>::new(url))
            .with_context(|| format!("connecting to {}", config.database_url))?;
        Ok(Self {
            pool: Connections { pool, waiting: Arc::new(std::sync::atomic::AtomicUsize::new(0)) },
            backend,
            sqlite_writer: Arc::new(Mutex::new(())),
            stream_stall: Duration::from_secs(config.stream_stall_seconds.max(1)),
            streams: Arc::new(tokio::sync::Semaphore::new(config.streams_at_once())),
        })
    }

    /// How the pool stands now.
    pub fn pool_status(&self) -> PoolStatus {
        let state = self.pool.pool.state();
        PoolStatus {
            in_use: state.connections.saturating_sub(state.idle_connections),
            idle: state.idle_connections,
            waiting: self.pool.waiting.load(std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the pending migrations of the backend in use, returning their names.
    pub fn migrate(&self) -> anyhow::Result<Vec<String>> {
        let mut conn = self.pool.get().context("getting a connection to migrate")?;
        let names = |versions: Vec<diesel::migration::MigrationVersion<'_>>| -> Vec<String> {
            versions.iter().map(ToString::to_string).collect()
        };
        let failed = |e: Box<dyn std::error::Error + Send + Sync>| anyhow::anyhow!("applying migrations: {e}");
        // Instances starting together on one database take turns, so each migration runs once:
        // PostgreSQL by an advisory lock, SQLite by holding its write lock for the whole run.
        let applied: Vec<String> = match &mut *conn {
            DbConnection::Postgresql(conn) => {
                conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
                    .context("waiting for the migration lock")?;
                let applied = conn.run_pending_migrations(POSTGRES_MIGRATIONS).map(names).map_err(failed);
                let unlocked = conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
                let applied = applied?;
                unlocked.context("releasing the migration lock")?;
                applied
            }
            DbConnection::Sqlite(conn) => conn.immediate_transaction(|conn| {
                conn.run_pending_migrations(SQLITE_MIGRATIONS).map(names).map_err(failed)
            })?,
        };
        // Folding text the same way on both backends is Rust's job, so rows a migration created get it here.
        crate::models::organisation::refold(&mut conn).context("folding migrated organisation names")?;
        // SQLite plans with the statistics it has; `optimize` refreshes those that are stale, at
        // start rather than never (PostgreSQL's autovacuum keeps its own).
        if let DbConnection::Sqlite(sqlite) = &mut *conn {
            sqlite.batch_execute("PRAGMA optimize = 0x10002;").context("refreshing SQLite's statistics")?;
        }
        Ok(applied)
    }

    /// A connection for synchronous work outside a request (the CLI's subcommands).
    pub fn conn(&self) -> anyhow::Result<PooledConnection<ConnectionManager<DbConnection>>> {
        self.pool.get().context("getting a database connection")
    }

    /// Runs read-only queries on a blocking thread.
    pub async fn read<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        run_blocking(move || {
            let mut conn = pool.get().map_err(|e| ApiError::Unavailable(e.to_string()))?;
            query(&mut conn)
        })
        .await
    }

    /// Runs `change` in one transaction on a blocking thread: all of it is stored, or none.
    pub async fn write<T, F>(&self, change: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        run_blocking(move || db.write_blocking(change)).await
    }

    /// [`Db::write`] for callers already off the async workers.
    pub fn write_blocking<T, F>(&self, change: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError>,
    {
        self.transact(change, true)
    }

    /// Runs `change` in one transaction on a blocking thread, like [`Db::write`], for the
    /// server's own bookkeeping (attempt counts, the webhook queue): no answer is computed from
    /// it, so the data's generation stays as it is and cached answers stay valid.
    pub async fn bookkeep<T, F>(&self, change: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        run_blocking(move || uncounted(|| db.transact(change, false))).await
    }

    fn transact<T, F>(&self, change: F, raises_generation: bool) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError>,
    {
        let _turn = match self.backend {
            // A poisoned lock only means another writer panicked; the database rolled it back.
            Backend::Sqlite => Some(self.sqlite_writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Backend::Postgres => None,
        };
        let mut conn = self.pool.get().map_err(|e| ApiError::Unavailable(e.to_string()))?;
        let work = |conn: &mut DbConnection| {
            let outcome = change(conn)?;
            // In the same transaction as the change, so no reader sees the one without the other.
            if raises_generation {
                diesel::update(data_generation::table)
                    .set(data_generation::generation.eq(data_generation::generation + 1))
                    .execute(conn)?;
            }
            Ok(outcome)
        };
        match &mut *conn {
            DbConnection::Sqlite(_) => sqlite_immediate(&mut conn, work),
            DbConnection::Postgresql(_) => (*conn).transaction(work),
        }
    }

    /// The data's generation: raised by every write's transaction, so an answer computed at one
    /// generation is right until it moves (see [`crate::answers`]).
    pub async fn generation(&self) -> Result<i64, ApiError> {
        self.read(|conn| Ok(data_generation::table.select(data_generation::generation).first(conn)?)).await
    }

    /// What `produce` yields, as a stream: `produce` runs on one blocking thread with one
    /// connection and hands each item to `send`, which waits while `depth` items are already
    /// waiting, and answers `false` once nobody is listening (the client left), when `produce`
    /// should stop. A long answer is so read a batch at a time, the next batch only once the
    /// client took the ones before, with the memory of `depth` batches whatever its length.
    ///
    /// A client that stays connected but stops reading would otherwise hold the thread and the
    /// pooled connection for as long as it likes, and a few such clients would drain the pool:
    /// `send` so gives up (answers `false`) when an item waits longer than the configured
    /// `STREAM_STALL_SECONDS` for room, and the answer is cut short.
    ///
    /// Each stream holds a connection for its whole length, so only `STREAMS_AT_ONCE` run at
    /// once; past them the answer is a 503 with `Retry-After` before anything is sent.
    pub fn produce<T, F>(
        &self,
        depth: usize,
        produce: F,
    ) -> Result<impl futures_util::Stream<Item = Result<T, ApiError>> + use<T, F>, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &dyn Fn(Result<T, ApiError>) -> bool) + Send + 'static,
    {
        let permit = self.streams.clone().try_acquire_owned().map_err(|_| ApiError::Overloaded { retry_after: 5 })?;
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        let stall = self.stream_stall;
        // Started on the first poll, once the answer's head is written, so that the head's own
        // reads never wait for a connection this stream already holds.
        let start = move || {
            let (sender, receiver) = tokio::sync::mpsc::channel(depth.max(1));
            // The worker's runtime drives the timer while the producing thread waits on it.
            let runtime = tokio::runtime::Handle::current();
            actix_web::rt::task::spawn_blocking(move || {
                // Given back when the producer is done (or when the stream is dropped unstarted).
                let _permit = permit;
                span.in_scope(|| {
                    let send = |item| match runtime.block_on(tokio::time::timeout(stall, sender.send(item))) {
                        Ok(sent) => sent.is_ok(),
                        Err(_) => {
                            tracing::warn!(seconds = stall.as_secs(), "a streamed answer's reader stalled; cut short");
                            false
                        }
                    };
                    match pool.get() {
                        Ok(mut conn) => produce(&mut conn, &send),
                        Err(e) => {
                            send(Err(ApiError::Unavailable(e.to_string())));
                        }
                    }
                });
            });
            receiver
        };
        Ok(futures_util::stream::unfold(Produced::NotStarted(start), |state| async move {
            let mut receiver = match state {
                Produced::NotStarted(start) => start(),
                Produced::Started(receiver) => receiver,
            };
            let item = receiver.recv().await?;
            Some((item, Produced::Started(receiver)))
        }))
    }
}

/// Where a produced stream stands: not started until first polled.
enum Produced<S, T> {
    NotStarted(S),
    Started(tokio::sync::mpsc::Receiver<T>),
}

/// Runs blocking work on actix's thread pool, inside the caller's tracing span.
async fn run_blocking<T, F>(work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    actix_web::web::block(move || span.in_scope(work))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    //! The data migrations, run on each backend against rows written in the old shape.

    #![expect(clippy::unwrap_used, reason = "tests fail loudly by design")]

    use diesel::sql_types::{BigInt, Text};
    use diesel::{QueryableByName, RunQueryDsl};

    use super::*;

    #[derive(QueryableByName)]
    struct MigratedHub {
        #[diesel(sql_type = Text)]
        slug: String,
        #[diesel(sql_type = Text)]
        organisation: String,
        #[diesel(sql_type = Text)]
        country: String,
        #[diesel(sql_type = Text)]
        region: String,
        #[diesel(sql_type = Text)]
        kind: String,
    }

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    const OLD_HUBS: &str = "INSERT INTO hubs (id, slug, name, summary, description, lead_organisation_name, \
        lead_organisation_country, country, city, modality, status, start_date, end_date, search_text, sort_name, \
        version, created_at, updated_at) VALUES \
        ('01900000-0000-7000-8000-000000000001', 'first', 'First', 'A summary long enough.', '', 'Avcılar Municipality', 'TR', 'TR', NULL, 'hybrid', 'active', '2025-01-01', '2026-01-01', 'first', 'first', 1, '2025-01-01 00:00:00', '2025-01-01 00:00:00'), \
        ('01900000-0000-7000-8000-000000000002', 'second', 'Second', 'A summary long enough.', '', 'Avcılar Municipality', 'TR', 'TR', NULL, 'physical', 'active', '2025-01-01', '2026-01-01', 'second', 'second', 1, '2025-01-02 00:00:00', '2025-01-02 00:00:00'), \
        ('01900000-0000-7000-8000-000000000003', 'third', 'Third', 'A summary long enough.', '', 'City of Dakar', 'SN', 'SN', NULL, 'virtual', 'active', '2025-01-01', '2026-01-01', 'third', 'third', 1, '2025-01-03 00:00:00', '2025-01-03 00:00:00')";

    fn check_inline_leads_become_organisations(conn: &mut DbConnection, backend: Backend) {
        let migrations = || match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        // Only the foundation's schema, with hubs in its shape.
        conn.run_next_migration(migrations()).unwrap();
        diesel::sql_query(OLD_HUBS).execute(conn).unwrap();
        diesel::sql_query("INSERT INTO hub_sdgs (hub_id, goal) VALUES ('01900000-0000-7000-8000-000000000001', 11)")
            .execute(conn)
            .unwrap();

        // The organisations migration, the second one.
        conn.run_next_migration(migrations()).unwrap();

        let hubs: Vec<MigratedHub> = diesel::sql_query(
            "SELECT hubs.slug, organisations.name AS organisation, organisations.country, organisations.region, organisations.kind \
             FROM hubs JOIN organisations ON organisations.id = hubs.lead_organisation_id ORDER BY hubs.slug",
        )
        .load(conn)
        .unwrap();
        let found: Vec<(&str, &str, &str, &str, &str)> = hubs
            .iter()
            .map(|h| (h.slug.as_str(), h.organisation.as_str(), h.country.as_str(), h.region.as_str(), h.kind.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("first", "Avcılar Municipality", "TR", "middle_east_west_asia", "local_government"),
                ("second", "Avcılar Municipality", "TR", "middle_east_west_asia", "local_government"),
                ("third", "City of Dakar", "SN", "africa", "local_government"),
            ]
        );
        let organisations: Count =
            diesel::sql_query("SELECT COUNT(*) AS n FROM organisations").get_result(conn).unwrap();
        assert_eq!(organisations.n, 2, "one organisation per distinct name and country");
        let goals: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM hub_sdgs").get_result(conn).unwrap();
        assert_eq!(goals.n, 1, "the hubs' goals are kept");

        // And back: the revert puts the inline lead back without losing the hubs or their goals.
        conn.revert_last_migration(migrations()).unwrap();
        let reverted: Count =
            diesel::sql_query("SELECT COUNT(*) AS n FROM hubs WHERE lead_organisation_name = 'Avcılar Municipality'")
                .get_result(conn)
                .unwrap();
        assert_eq!(reverted.n, 2);
        let goals: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM hub_sdgs").get_result(conn).unwrap();
        assert_eq!(goals.n, 1);

        // And forward again, through every later migration.
        conn.run_pending_migrations(migrations()).unwrap();
    }

    #[test]
    fn sqlite_moves_inline_lead_organisations_into_their_own_table_and_back() {
        let dir = std::env::temp_dir().join(format!("l4a-migration-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("db.sqlite3");
        let mut conn = DbConnection::Sqlite(SqliteConnection::establish(path.to_str().unwrap()).unwrap());
        conn.batch_execute("PRAGMA foreign_keys = ON").unwrap();
        check_inline_leads_become_organisations(&mut conn, Backend::Sqlite);
        drop(conn);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn postgres_moves_inline_lead_organisations_into_their_own_table_and_back() {
        // The PostgreSQL leg runs where a server is named. CI always names one (`.ci/run`), so
        // there a missing server is a failure, never a silent pass.
        let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but TEST_POSTGRES_URL is not: nothing would test PostgreSQL"
            );
            eprintln!("TEST_POSTGRES_URL is not set: the PostgreSQL migration test is skipped");
            return;
        };
        let name = format!("l4a_migration_{}", uuid::Uuid::now_v7().simple());
        let mut server = PgConnection::establish(&admin).unwrap();
        server.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
        let mut conn = DbConnection::Postgresql(PgConnection::establish(&format!("{base}/{name}")).unwrap());
        check_inline_leads_become_organisations(&mut conn, Backend::Postgres);
        drop(conn);
        server.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).unwrap();
    }

    /// One column as a backend's catalogue describes it, in diesel's type names.
    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    struct Column {
        table: String,
        name: String,
        diesel_type: String,
        nullable: bool,
    }

    #[derive(QueryableByName)]
    struct CatalogueColumn {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        column_name: String,
        #[diesel(sql_type = Text)]
        data_type: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        nullable: bool,
    }

    /// The diesel type a declared SQL type maps to (both backends' spellings).
    fn diesel_type(sql: &str) -> String {
        match sql.to_ascii_lowercase().as_str() {
            "text" | "character varying" => "Text",
            "integer" | "int" | "int4" => "Integer",
            "bigint" | "int8" => "BigInt",
            "boolean" | "bool" => "Bool",
            "date" => "Date",
            "timestamp" | "timestamp without time zone" => "Timestamp",
            "double precision" | "double" | "real" | "float8" => "Double",
            other => return format!("unmapped({other})"),
        }
        .to_owned()
    }

    /// Every column of every table after all migrations: the catalogue read on each backend.
    fn catalogue(conn: &mut DbConnection, backend: Backend) -> Vec<Column> {
        let query = match backend {
            Backend::Sqlite => {
                "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, p.\"notnull\" = 0 AS nullable \
                 FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'"
            }
            Backend::Postgres => {
                "SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type, \
                 is_nullable = 'YES' AS nullable FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'"
            }
        };
        let rows: Vec<CatalogueColumn> = diesel::sql_query(query).load(conn).unwrap();
        let mut columns: Vec<Column> = rows
            .into_iter()
            .map(|row| Column {
                table: row.table_name,
                name: row.column_name,
                diesel_type: diesel_type(&row.data_type),
                nullable: row.nullable,
            })
            .collect();
        columns.sort();
        columns
    }

    /// Every column `schema.rs` declares, read from its `table!` blocks.
    fn declared() -> Vec<Column> {
        let mut columns = Vec::new();
        let mut table = None;
        for line in include_str!("schema.rs").lines().map(str::trim) {
            if let Some((name, _)) = line.split_once(" (").filter(|_| line.ends_with('{')) {
                table = Some(name.to_owned());
            } else if let (Some(table), Some((name, kind))) = (&table, line.split_once(" -> ")) {
                let kind = kind.trim_end_matches(',');
                let (diesel_type, nullable) = match kind.strip_prefix("Nullable<") {
                    Some(inner) => (inner.trim_end_matches('>'), true),
                    None => (kind, false),
                };
                let diesel_type = diesel_type.to_owned();
                columns.push(Column { table: table.clone(), name: name.to_owned(), diesel_type, nullable });
            } else if line == "}" {
                table = None;
            }
        }
        columns.sort();
        columns
    }

    /// The differences `migrations/README.md` explains: `(table, column, what differs)`.
    const DELIBERATE: &[(&str, &str, &str)] = &[("hubs", "lead_organisation_id", "NOT NULL on PostgreSQL only")];

    /// Drops from `columns` what a deliberate difference explains, so that the rest must agree.
    fn without_deliberate(columns: &[Column]) -> Vec<(String, String, String, Option<bool>)> {
        columns
            .iter()
            .map(|c| {
                let deliberate = DELIBERATE.iter().any(|(t, n, _)| *t == c.table && *n == c.name);
                (c.table.clone(), c.name.clone(), c.diesel_type.clone(), (!deliberate).then_some(c.nullable))
            })
            .collect()
    }

    fn migrated_catalogue(backend: Backend) -> Option<Vec<Column>> {
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("l4a-schema-{}", uuid::Uuid::now_v7()));
                std::fs::create_dir_all(&dir).unwrap();
                let path = dir.join("db.sqlite3");
                let mut conn = DbConnection::Sqlite(SqliteConnection::establish(path.to_str().unwrap()).unwrap());
                conn.run_pending_migrations(SQLITE_MIGRATIONS).unwrap();
                let columns = catalogue(&mut conn, Backend::Sqlite);
                drop(conn);
                let _ = std::fs::remove_dir_all(dir);
                Some(columns)
            }
            Backend::Postgres => {
                let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
                    assert!(std::env::var_os("CI").is_none(), "CI is set but TEST_POSTGRES_URL is not");
                    eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL's side of the schema comparison is skipped");
                    return None;
                };
                let name = format!("l4a_schema_{}", uuid::Uuid::now_v7().simple());
                let mut server = PgConnection::establish(&admin).unwrap();
                server.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
                let mut conn = DbConnection::Postgresql(PgConnection::establish(&format!("{base}/{name}")).unwrap());
                conn.run_pending_migrations(POSTGRES_MIGRATIONS).unwrap();
                let columns = catalogue(&mut conn, Backend::Postgres);
                drop(conn);
                server.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).unwrap();
                Some(columns)
            }
        }
    }

    /// Fails naming the columns only one side has, or has differently.
    fn assert_same(left: &[Column], right: &[Column], what: &str) {
        let (left, right) = (without_deliberate(left), without_deliberate(right));
        let only_left: Vec<_> = left.iter().filter(|c| !right.contains(c)).collect();
        let only_right: Vec<_> = right.iter().filter(|c| !left.contains(c)).collect();
        assert!(only_left.is_empty() && only_right.is_empty(), "{what}: {only_left:?} against {only_right:?}");
    }

    #[test]
    fn both_migration_folders_and_schema_rs_describe_the_same_tables() {
        let declared = declared();
        assert!(declared.len() > 100, "schema.rs was read: {} columns", declared.len());
        let sqlite = migrated_catalogue(Backend::Sqlite).unwrap();
        assert_same(&sqlite, &declared, "SQLite's migrations against schema.rs");
        if let Some(postgres) = migrated_catalogue(Backend::Postgres) {
            assert_same(&postgres, &declared, "PostgreSQL's migrations against schema.rs");
            assert_same(&postgres, &sqlite, "the two migration folders");
        }
        let readme = include_str!("../../migrations/README.md");
        for (table, column, _) in DELIBERATE {
            assert!(readme.contains(&format!("{table}.{column}")), "migrations/README.md explains {table}.{column}");
        }
    }
}
