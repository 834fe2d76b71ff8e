//! The data layer's plumbing: one connection type over PostgreSQL and SQLite, the pool,
//! the embedded migrations, and running queries off the async workers.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::{Config, SqliteSynchronous};
use crate::error::ApiError;

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

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

/// The pooled database, shared by every worker.
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager<DbConnection>>,
    backend: Backend,
    /// SQLite allows one writer at a time; taking turns here, rather than in SQLite's busy
    /// loop, keeps a read-then-write transaction from failing with SQLITE_BUSY.
    sqlite_writer: Arc<Mutex<()>>,
}

impl Db {
    /// Opens the pool (creating the SQLite file and its folder when needed).
    pub fn connect(config: &Config) -> anyhow::Result<Self> {
        let (url, backend) = if config.database_url.is_postgres() {
            (config.database_url.0.clone(), Backend::Postgres)
        } else {
            let path = config.database_url.sqlite_path();
            if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating the data folder {}", parent.display()))?;
            }
            // WAL is a property of the file, so set it once rather than per connection.
            let mut conn =
                SqliteConnection::establish(path).with_context(|| format!("opening SQLite database {path}"))?;
            conn.batch_execute("PRAGMA journal_mode = WAL;").context("enabling SQLite's write-ahead log")?;
            (path.to_owned(), Backend::Sqlite)
        };
        let pool = Pool::builder()
            .max_size(config.db_pool_size.max(1))
            .connection_timeout(Duration::from_secs(5))
            .connection_customizer(Box::new(SqlitePragmas { synchronous: config.sqlite_synchronous }))
            .build(ConnectionManager::<DbConnection>::new(url))
            .with_context(|| format!("connecting to {}", config.database_url))?;
        Ok(Self { pool, backend, sqlite_writer: Arc::new(Mutex::new(())) })
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the pending migrations of the backend in use, returning their names.
    pub fn migrate(&self) -> anyhow::Result<Vec<String>> {
        let mut conn = self.pool.get().context("getting a connection to migrate")?;
        let applied = match &mut *conn {
            DbConnection::Postgresql(conn) => conn.run_pending_migrations(POSTGRES_MIGRATIONS),
            DbConnection::Sqlite(conn) => conn.run_pending_migrations(SQLITE_MIGRATIONS),
        }
        .map_err(|e| anyhow::anyhow!("applying migrations: {e}"))?;
        Ok(applied.iter().map(ToString::to_string).collect())
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
        let _turn = match self.backend {
            // A poisoned lock only means another writer panicked; the database rolled it back.
            Backend::Sqlite => Some(self.sqlite_writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Backend::Postgres => None,
        };
        let mut conn = self.pool.get().map_err(|e| ApiError::Unavailable(e.to_string()))?;
        (*conn).transaction(change)
    }
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
