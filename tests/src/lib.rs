//! The test harness: start the real `l4a` binary on a free port with a fresh database (SQLite or
//! PostgreSQL, chosen by `L4A_TEST_BACKEND`), and talk HTTP to it through typed helpers.

#![expect(clippy::expect_used, reason = "a test harness fails loudly by design")]

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::Connection as _;
use diesel::connection::SimpleConnection as _;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, IF_MATCH};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The database backend a test run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A fresh SQLite file per server.
    Sqlite,
    /// A fresh PostgreSQL database per server, created from `TEST_POSTGRES_URL` and dropped after.
    Postgres,
}

/// The backend chosen for this run: `L4A_TEST_BACKEND=postgres` (which needs `TEST_POSTGRES_URL`), else SQLite.
pub fn backend() -> Backend {
    match std::env::var("L4A_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("L4A_TEST_BACKEND must be sqlite or postgres, not {other:?}"),
    }
}

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// The `l4a` binary built beside this test binary (`just test` builds it first), or `L4A_BIN`.
pub fn l4a_binary() -> PathBuf {
    if let Ok(path) = std::env::var("L4A_BIN") {
        return PathBuf::from(path);
    }
    // target/debug/deps/api-… → target/debug/l4a
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let binary = exe.parent().and_then(Path::parent).expect("target/<profile>/deps").join("l4a");
    assert!(
        binary.is_file(),
        "{} is missing: build it with `cargo build -p l4a-api` (`just test` does)",
        binary.display()
    );
    binary
}

/// A scratch folder under `target/`, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// Creates a new, empty folder.
    pub fn new() -> Self {
        let dir = repo_root().join("target").join("test-scratch").join(uuid::Uuid::now_v7().to_string());
        std::fs::create_dir_all(&dir).expect("creating a scratch folder");
        Self(dir)
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A database of its own for one test.
pub struct TestDatabase {
    /// The `DATABASE_URL` to give the server.
    pub url: String,
    postgres: Option<(String, String)>,
    _scratch: Scratch,
}

impl TestDatabase {
    /// Creates an empty database on the chosen backend.
    pub fn create() -> Self {
        let scratch = Scratch::new();
        match backend() {
            Backend::Sqlite => {
                let url = scratch.path().join("l4a.sqlite3").display().to_string();
                Self { url, postgres: None, _scratch: scratch }
            }
            Backend::Postgres => {
                let admin = std::env::var("TEST_POSTGRES_URL")
                    .expect("L4A_TEST_BACKEND=postgres needs TEST_POSTGRES_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres");
                let name = format!("l4a_test_{}", uuid::Uuid::now_v7().simple());
                let mut conn =
                    diesel::PgConnection::establish(&admin).unwrap_or_else(|e| panic!("connecting to {admin}: {e}"));
                conn.batch_execute(&format!("CREATE DATABASE {name}")).expect("creating the test database");
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
                let url = format!("{base}/{name}");
                Self { url, postgres: Some((admin, name)), _scratch: scratch }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.postgres
            && let Ok(mut conn) = diesel::PgConnection::establish(admin)
        {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Runs one of the typed client's calls to its end (the tests themselves are synchronous).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the typed client")
        .block_on(future)
}

/// The administrator every test app starts with.
pub const ADMIN_EMAIL: &str = "admin@l4a.test";

/// How to start a server.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Load the demo hubs before serving.
    pub demo: bool,
    /// The web app's folder (`STATIC_DIR`); a folder with no web app when `None`.
    pub static_dir: Option<PathBuf>,
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
}

/// A running `l4a serve` and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The server's database; kept so that a restarted server finds the same data.
    pub db: TestDatabase,
    child: Child,
    log: PathBuf,
    scratch: Scratch,
    options: Options,
    client: Client,
    /// An access token of the administrator every test app starts with.
    pub admin_token: String,
}

impl TestApp {
    /// Starts a server on an empty database.
    pub fn spawn() -> Self {
        Self::spawn_with(Options::default())
    }

    /// Starts a server with options.
    pub fn spawn_with(options: Options) -> Self {
        let db = TestDatabase::create();
        let scratch = Scratch::new();
        let (child, url, log) = start_server(&db.url, &scratch, &options);
        let client = Client::builder().timeout(Duration::from_secs(30)).build().expect("an HTTP client");
        let mut app = Self { url, db, child, log, scratch, options, client, admin_token: String::new() };
        let (status, stdout, stderr) = app.l4a(&["create-admin", "--email", ADMIN_EMAIL]);
        assert!(status.success(), "l4a create-admin failed: {stderr}");
        let password = stdout.rsplit_once("password: ").map(|(_, p)| p.trim().to_owned()).expect("a printed password");
        app.admin_token = app.login(ADMIN_EMAIL, &password)["access_token"].as_str().expect("a token").to_owned();
        app
    }

    /// Starts two servers at the same moment on one new, empty database, each on its own port.
    /// They share their data folder, and so the signing key, as instances of one deployment do.
    pub fn spawn_pair(options: Options) -> (Self, Instance) {
        let db = TestDatabase::create();
        let scratch = Scratch::new();
        let first = launch_server(&db.url, &scratch, &options);
        let second = launch_server(&db.url, &scratch, &options);
        let (child, url) = wait_until_listening(first.0, &first.1, &first.2);
        let (other, other_url) = wait_until_listening(second.0, &second.1, &second.2);
        let client = Client::builder().timeout(Duration::from_secs(30)).build().expect("an HTTP client");
        let mut app = Self { url, db, child, log: first.2, scratch, options, client, admin_token: String::new() };
        let (status, stdout, stderr) = app.l4a(&["create-admin", "--email", ADMIN_EMAIL]);
        assert!(status.success(), "l4a create-admin failed: {stderr}");
        let password = stdout.rsplit_once("password: ").map(|(_, p)| p.trim().to_owned()).expect("a printed password");
        app.admin_token = app.login(ADMIN_EMAIL, &password)["access_token"].as_str().expect("a token").to_owned();
        (app, Instance { url: other_url, child: other, log: second.2 })
    }

    /// The typed client (`l4a_shared::client`) of this app, as the administrator; run its calls
    /// with [`block_on`].
    pub fn client(&self) -> l4a_shared::client::Client {
        l4a_shared::client::Client::new(&self.url).expect("the app's address").with_bearer(&self.admin_token)
    }

    /// Runs `l4a` with arguments against this app's database, returning its exit status and output.
    pub fn l4a(&self, args: &[&str]) -> (ExitStatus, String, String) {
        let output = Command::new(l4a_binary())
            .args(args)
            .env("DATABASE_URL", &self.db.url)
            .env("LOG_FORMAT", "json")
            .current_dir(self.scratch.path())
            .output()
            .expect("running l4a");
        (
            output.status,
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// The server's process id (benchmarks read its memory from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server without warning (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Asks the server to stop (SIGTERM) and returns how it exited.
    pub fn terminate(&mut self) -> ExitStatus {
        let status = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().expect("running kill");
        assert!(status.success(), "kill -TERM failed");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("waiting for l4a") {
                return status;
            }
            assert!(Instant::now() < deadline, "l4a did not stop within 20 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Starts the server again on the same database (after [`TestApp::kill`] or [`TestApp::terminate`]).
    pub fn restart(&mut self) {
        self.kill();
        let options = Options { demo: false, ..self.options.clone() };
        let (child, url, log) = start_server(&self.db.url, &self.scratch, &options);
        (self.child, self.url, self.log) = (child, url, log);
    }

    /// Runs SQL statements straight on the server's database, as data left by an older version
    /// or an operator would be: for tests that must not depend on what the API lets through.
    pub fn execute_sql(&self, statements: &str) {
        match backend() {
            Backend::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(&self.db.url).expect("opening the SQLite database");
                conn.batch_execute(&format!("PRAGMA busy_timeout = 5000; {statements}")).expect("running SQL");
            }
            Backend::Postgres => {
                let mut conn = diesel::PgConnection::establish(&self.db.url).expect("connecting to PostgreSQL");
                conn.batch_execute(statements).expect("running SQL");
            }
        }
    }

    /// The folder the server runs in (its `./data` is there).
    pub fn scratch_path(&self) -> &Path {
        self.scratch.path()
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits for the server to log a line containing `needle` (it logs after answering), and
    /// returns it; fails after ten seconds, printing the whole log.
    pub fn log_line_containing(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let log = self.log();
            if let Some(line) = log.lines().find(|line| line.contains(needle)) {
                return line.to_owned();
            }
            assert!(std::time::Instant::now() < deadline, "no log line with {needle} in:\n{log}");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    fn send(&self, request: RequestBuilder) -> TestResponse {
        let response = request.send().unwrap_or_else(|e| panic!("request failed: {e}\nserver log:\n{}", self.log()));
        TestResponse::read(response)
    }

    /// Requests as the administrator every test app starts with (`l4a create-admin`).
    pub fn admin(&self) -> Caller<'_> {
        self.caller(Credential::Bearer(self.admin_token.clone()))
    }

    /// Requests without credentials.
    pub fn anonymous(&self) -> Caller<'_> {
        self.caller(Credential::None)
    }

    /// Requests with `Authorization: Bearer <token>` (an access token or an API key).
    pub fn bearer(&self, token: &str) -> Caller<'_> {
        self.caller(Credential::Bearer(token.to_owned()))
    }

    /// Requests with `X-API-Key: <key>`.
    pub fn api_key(&self, key: &str) -> Caller<'_> {
        self.caller(Credential::ApiKey(key.to_owned()))
    }

    fn caller(&self, credential: Credential) -> Caller<'_> {
        Caller { app: self, credential, client: self.client.clone(), base: self.url.clone() }
    }

    /// Requests without credentials from another client address on the loopback network
    /// (`127.0.0.2`, …): the server sees each as a different client.
    pub fn anonymous_from(&self, address: &str) -> Caller<'_> {
        let address: std::net::IpAddr = address.parse().expect("an IP address");
        let client =
            Client::builder().timeout(Duration::from_secs(30)).local_address(address).build().expect("an HTTP client");
        Caller { app: self, credential: Credential::None, client, base: self.url.clone() }
    }

    /// `GET path`, as the administrator.
    pub fn get(&self, path: &str) -> TestResponse {
        self.admin().get(path)
    }

    /// A request of any method with any headers and body, as the administrator.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<Vec<u8>>) -> TestResponse {
        self.admin().request(method, path, headers, body)
    }

    /// `POST path` with a JSON body, as the administrator.
    pub fn post_json(&self, path: &str, body: &Value) -> TestResponse {
        self.admin().post_json(path, body)
    }

    /// `PATCH path` with a merge-patch body and, optionally, `If-Match`, as the administrator.
    pub fn patch_json(&self, path: &str, body: &Value, if_match: Option<&str>) -> TestResponse {
        self.admin().patch_json(path, body, if_match)
    }

    /// `DELETE path` with, optionally, `If-Match`, as the administrator.
    pub fn delete(&self, path: &str, if_match: Option<&str>) -> TestResponse {
        self.admin().delete(path, if_match)
    }

    /// Signs in; returns the token pair as JSON.
    pub fn login(&self, email: &str, password: &str) -> Value {
        self.anonymous()
            .post_json("/api/v1/auth/login", &serde_json::json!({"email": email, "password": password}))
            .expect(200)
            .json()
    }

    /// Creates an account with these roles and organisations (as the administrator), signs it in,
    /// and returns its id and access token.
    pub fn user_with(&self, email: &str, roles: &[&str], organisation_ids: &[&str]) -> (String, String) {
        let password = "a long test password";
        let body = serde_json::json!({
            "email": email, "display_name": email, "roles": roles, "organisation_ids": organisation_ids, "password": password
        });
        let created = self.post_json("/api/v1/users", &body).expect(201).json();
        let tokens = self.login(email, password);
        (
            created["id"].as_str().expect("an id").to_owned(),
            tokens["access_token"].as_str().expect("a token").to_owned(),
        )
    }
}

/// Which credentials a [`Caller`] sends.
#[derive(Debug, Clone)]
enum Credential {
    None,
    Bearer(String),
    ApiKey(String),
}

/// A test app seen by one caller: the same requests, with that caller's credentials.
pub struct Caller<'a> {
    app: &'a TestApp,
    credential: Credential,
    client: Client,
    /// Where requests go: the app, or another instance on its database.
    base: String,
}

impl Caller<'_> {
    /// The same caller, talking to another instance of the app.
    #[must_use]
    pub fn at(mut self, instance: &Instance) -> Self {
        self.base.clone_from(&instance.url);
        self
    }

    fn with_credential(&self, request: RequestBuilder) -> RequestBuilder {
        match &self.credential {
            Credential::None => request,
            Credential::Bearer(token) => request.header(AUTHORIZATION, format!("Bearer {token}")),
            Credential::ApiKey(key) => request.header("X-API-Key", key),
        }
    }

    fn send(&self, request: RequestBuilder) -> TestResponse {
        self.app.send(self.with_credential(request))
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> TestResponse {
        self.send(self.client.get(format!("{}{path}", self.base)))
    }

    /// A request of any method with any headers and body, for the error cases.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<Vec<u8>>) -> TestResponse {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        self.send(request)
    }

    /// `POST path` with a JSON body.
    pub fn post_json(&self, path: &str, body: &Value) -> TestResponse {
        self.send(self.client.post(format!("{}{path}", self.base)).json(body))
    }

    /// `PATCH path` with a merge-patch body and, optionally, `If-Match`.
    pub fn patch_json(&self, path: &str, body: &Value, if_match: Option<&str>) -> TestResponse {
        let mut request = self
            .app
            .client
            .patch(format!("{}{path}", self.base))
            .header(CONTENT_TYPE, "application/merge-patch+json")
            .body(body.to_string());
        if let Some(tag) = if_match {
            request = request.header(IF_MATCH, tag);
        }
        self.send(request)
    }

    /// `DELETE path` with, optionally, `If-Match`.
    pub fn delete(&self, path: &str, if_match: Option<&str>) -> TestResponse {
        let mut request = self.client.delete(format!("{}{path}", self.base));
        if let Some(tag) = if_match {
            request = request.header(IF_MATCH, tag);
        }
        self.send(request)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.kill();
    }
}

fn start_server(database_url: &str, scratch: &Scratch, options: &Options) -> (Child, String, PathBuf) {
    let (child, started, log) = launch_server(database_url, scratch, options);
    let url = wait_until_listening(child, &started, &log);
    (url.0, url.1, log)
}

/// A started server and where it says it listens.
type Launched = (Child, mpsc::Receiver<String>, PathBuf);

/// Starts `l4a serve` without waiting for it.
fn launch_server(database_url: &str, scratch: &Scratch, options: &Options) -> Launched {
    let log = scratch.path().join(format!("l4a-{}.log", uuid::Uuid::now_v7()));
    let log_file = std::fs::File::create(&log).expect("creating the server log");
    let static_dir = options.static_dir.clone().unwrap_or_else(|| scratch.path().join("no-web-app"));
    let mut command = Command::new(l4a_binary());
    command
        .arg("serve")
        .env("BIND", "127.0.0.1:0")
        .env("DATABASE_URL", database_url)
        .env("STATIC_DIR", static_dir)
        .env("LOG_FORMAT", "json")
        .env("WORKERS", "2")
        .env("DB_POOL_SIZE", "4")
        .current_dir(scratch.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log_file);
    if options.demo {
        command.arg("--seed-demo-if-empty");
    }
    for (key, value) in &options.env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("starting l4a");
    let stdout = child.stdout.take().expect("piped stdout");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("l4a listening on ") {
                let _ = sender.send(url.to_owned());
            }
        }
    });
    (child, receiver, log)
}

/// Waits for a launched server to listen, and returns it with its URL.
fn wait_until_listening(mut child: Child, started: &mpsc::Receiver<String>, log: &Path) -> (Child, String) {
    match started.recv_timeout(Duration::from_secs(60)) {
        Ok(url) => (child, url),
        Err(_) => {
            let _ = child.kill();
            panic!("l4a did not start within 60 s; its log:\n{}", std::fs::read_to_string(log).unwrap_or_default())
        }
    }
}

/// A second server process on a [`TestApp`]'s database, with a port of its own; killed when dropped.
pub struct Instance {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    child: Child,
    log: PathBuf,
}

impl Instance {
    /// Its log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response read whole, so that tests can look at it as often as they like.
#[derive(Debug)]
pub struct TestResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

impl TestResponse {
    fn read(response: Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().map(|b| b.to_vec()).unwrap_or_default();
        Self { status, headers, body }
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    /// The body parsed into a `shared` DTO.
    pub fn parse<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("body does not parse ({e}): {}", self.text()))
    }

    /// Asserts the status, showing the body when it differs.
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.text());
        self
    }

    /// Asserts an RFC 9457 problem with this status and code, and returns it.
    pub fn problem(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.text());
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "body: {}", self.text());
        let problem = self.json();
        for member in ["type", "title", "status", "detail", "code"] {
            assert!(problem.get(member).is_some(), "the problem lacks `{member}`: {problem}");
        }
        assert_eq!(problem["status"], status, "problem status");
        assert_eq!(problem["code"], code, "problem code in {problem}");
        problem
    }

    /// Asserts a validation problem (422) naming `field` with `rule`.
    pub fn field_error(&self, field: &str, rule: &str) -> Value {
        let problem = self.problem(422, "validation_failed");
        assert_has_field_error(&problem, field, rule);
        problem
    }
}

/// Asserts that a problem's `errors` name `field` with `rule`.
pub fn assert_has_field_error(problem: &Value, field: &str, rule: &str) {
    let errors = problem["errors"].as_array().cloned().unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e["field"] == field && e["rule"] == rule && e["message"].as_str().is_some_and(|m| !m.is_empty())),
        "expected {field} to break {rule}; errors were {errors:#?}"
    );
}

/// What the benchmarks measure with.
pub mod measure {
    use std::time::Duration;

    /// A line of `/proc/<pid>/status` in kB, e.g. `VmRSS` (now) or `VmHWM` (the peak).
    pub fn memory_kb(pid: u32, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the server's /proc status");
        status
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{field}:")))
            .and_then(|value| value.trim().trim_end_matches(" kB").trim().parse().ok())
            .expect("a memory figure")
    }

    /// The `p` percentile (0 to 1) of sorted durations.
    pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
        #[expect(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "an index into a short list"
        )]
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[index.min(sorted.len() - 1)]
    }
}

/// A webhook receiver on a local port: it records every request it gets and answers each with
/// the next scripted answer (204 once the script runs out).
pub mod receiver {
    use std::collections::VecDeque;
    use std::io::{BufRead as _, BufReader, Read as _, Write as _};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    /// One request as received.
    #[derive(Debug, Clone)]
    pub struct Received {
        /// The request line's path.
        pub path: String,
        /// The headers, names lower-cased, in order.
        pub headers: Vec<(String, String)>,
        /// The body.
        pub body: Vec<u8>,
    }

    impl Received {
        /// The first header of this name.
        pub fn header(&self, name: &str) -> Option<&str> {
            self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
        }

        /// The body as JSON.
        pub fn json(&self) -> serde_json::Value {
            serde_json::from_slice(&self.body).expect("a JSON body")
        }
    }

    /// One scripted answer: a status, its extra headers and its body.
    #[derive(Debug, Clone)]
    pub struct Answer {
        /// The status code.
        pub status: u16,
        /// Extra headers.
        pub headers: Vec<(String, String)>,
        /// The body.
        pub body: String,
    }

    impl Answer {
        /// An answer with a status and a short body.
        pub fn status(status: u16) -> Self {
            Self { status, headers: Vec::new(), body: format!("answer {status}") }
        }
    }

    #[derive(Default)]
    struct State {
        received: Vec<Received>,
        script: VecDeque<Answer>,
    }

    /// The running receiver; it stops with the test process.
    #[derive(Clone)]
    pub struct Receiver {
        /// Its port on 127.0.0.1.
        pub port: u16,
        state: Arc<Mutex<State>>,
    }

    impl Receiver {
        /// Starts one on a free port.
        pub fn start() -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
            let port = listener.local_addr().expect("an address").port();
            let state = Arc::new(Mutex::new(State::default()));
            let shared = state.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let state = shared.clone();
                    std::thread::spawn(move || serve(stream, &state));
                }
            });
            Self { port, state }
        }

        /// Answers the next requests with these, in order.
        pub fn script(&self, answers: impl IntoIterator<Item = Answer>) {
            self.state.lock().expect("the receiver's state").script.extend(answers);
        }

        /// Every request so far.
        pub fn received(&self) -> Vec<Received> {
            self.state.lock().expect("the receiver's state").received.clone()
        }

        /// Waits until `count` requests arrived (failing after `within`), and returns them all.
        pub fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
            let deadline = Instant::now() + within;
            loop {
                let received = self.received();
                if received.len() >= count {
                    return received;
                }
                assert!(
                    Instant::now() < deadline,
                    "the receiver got {} of {count} requests within {within:?}",
                    received.len()
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    fn serve(stream: std::net::TcpStream, state: &Mutex<State>) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let mut reader = BufReader::new(stream);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            return;
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or_default().to_owned();
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let length: usize = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let answer = {
            let mut state = state.lock().expect("the receiver's state");
            state.received.push(Received { path, headers, body });
            state.script.pop_front().unwrap_or_else(|| Answer::status(204))
        };
        let mut response = format!(
            "HTTP/1.1 {} Scripted\r\nContent-Length: {}\r\nConnection: close\r\n",
            answer.status,
            answer.body.len()
        );
        for (name, value) in &answer.headers {
            response.push_str(&format!("{name}: {value}\r\n"));
        }
        response.push_str("\r\n");
        response.push_str(&answer.body);
        let mut stream = reader.into_inner();
        let _ = stream.write_all(response.as_bytes());
        let _ = stream.flush();
    }
}
