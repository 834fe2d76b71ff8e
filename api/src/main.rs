//! `l4a`: serve the platform, migrate, seed, or print the OpenAPI document.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser as _;
use l4a_api::app::Application;
use l4a_api::config::{Cli, Command, Config};
use l4a_api::db::Db;
use l4a_api::models::audit::Actor;
use l4a_api::models::user;
use l4a_api::secrets;
use l4a_api::{openapi, routes, seed, telemetry};
use l4a_shared::account::{NewUser, Role};
use l4a_shared::sdg::Lang;

fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.config.log_format);
    match run(cli.command.unwrap_or(Command::Serve { seed_demo_if_empty: false, demo: false }), &cli.config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("l4a: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, config: &Config) -> anyhow::Result<()> {
    match command {
        Command::Openapi => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(openapi::document_json()?.as_bytes())?;
            Ok(())
        }
        Command::Migrate => {
            let applied = migrated_db(config)?.1;
            tracing::info!(count = applied.len(), "migrations applied");
            Ok(())
        }
        Command::Seed { scale: Some(hubs), .. } => {
            let (db, _) = migrated_db(config)?;
            let hubs = usize::try_from(hubs)?;
            let bar = indicatif::ProgressBar::new(u64::try_from(hubs)?);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} hubs ({per_sec})")?
                    .progress_chars("=> "),
            );
            let started = std::time::Instant::now();
            let counts = l4a_api::scale::load_scale(&db, hubs, &|added| bar.inc(added))?;
            bar.finish();
            tracing::info!(?counts, seconds = started.elapsed().as_secs_f64(), "scale network loaded");
            println!("{counts:?} in {:.1} s", started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Seed { .. } => {
            let (db, _) = migrated_db(config)?;
            let taxonomy = routes::sdgs::load_taxonomy().context("loading the SDG taxonomy")?;
            let added = seed::load_demo(&db, &taxonomy)?;
            tracing::info!(added, "demo hubs loaded");
            Ok(())
        }
        Command::CreateAdmin { email, display_name } => {
            let (db, _) = migrated_db(config)?;
            let password = create_admin(&db, &email, &display_name)?;
            // Printed once, to the terminal only: it is not logged and not stored.
            println!("administrator {email} created; password: {password}");
            Ok(())
        }
        Command::Serve { seed_demo_if_empty, demo } => {
            // The demo accounts' passwords are in the README: anyone who reaches the server could
            // sign in as its administrator.
            anyhow::ensure!(
                !seed_demo_if_empty || demo || config.binds_loopback(),
                "refusing to load the demo accounts (their passwords are published) on {}, which is not a \
                 loopback address; pass --demo if this is a public demonstration",
                config.bind
            );
            let (db, _) = migrated_db(config)?;
            let taxonomy = routes::sdgs::load_taxonomy().context("loading the SDG taxonomy")?;
            if seed_demo_if_empty {
                let added = seed::load_demo_if_empty(&db, &taxonomy)?;
                if added > 0 {
                    tracing::warn!(
                        added,
                        accounts = %seed::demo_account_emails()?.join(", "),
                        "the database was empty: demo data loaded, with accounts whose passwords are published"
                    );
                }
            }
            serve(config, db, taxonomy)
        }
    }
}

/// Creates an administrator with a generated password, and returns the password.
fn create_admin(db: &Db, email: &str, display_name: &str) -> anyhow::Result<String> {
    let new = NewUser {
        email: email.to_owned(),
        display_name: display_name.to_owned(),
        language: Lang::En,
        roles: vec![Role::Admin],
        organisation_ids: Vec::new(),
        active: true,
        password: None,
    };
    let valid = new.validate().map_err(|errors| anyhow::anyhow!("{errors}"))?;
    let password = secrets::generate_password()?;
    let password_hash = secrets::hash_password(&password)?;
    db.write_blocking(|conn| {
        user::create(conn, &Actor::system("l4a create-admin"), &valid, &password_hash)?;
        Ok(())
    })
    .map_err(|e| anyhow::anyhow!("creating the administrator: {e}"))?;
    Ok(password)
}

fn migrated_db(config: &Config) -> anyhow::Result<(Db, Vec<String>)> {
    let db = Db::connect(config)?;
    let applied = db.migrate()?;
    for name in &applied {
        tracing::info!(migration = %name, "applied");
    }
    Ok((db, applied))
}

fn serve(config: &Config, db: Db, taxonomy: routes::sdgs::Taxonomy) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        l4a_api::prometheus::install();
        // The webhook worker lives as long as the server; what it leaves undone stays queued.
        let settings = std::sync::Arc::new(l4a_api::webhooks::WebhookSettings::from_config(config));
        actix_web::rt::spawn(l4a_api::webhooks::deliver_forever(db.clone(), settings));
        let window = std::time::Duration::from_secs(config.auth_limit_window_seconds);
        actix_web::rt::spawn(l4a_api::auth::limiter::sweep_forever(db.clone(), window));
        let app = Application::build(config, db, taxonomy)?;
        let url = format!("http://{}", app.address());
        tracing::info!(%url, database = %config.database_url, web_app = %l4a_api::spa::source(config.static_dir.as_deref()), "listening");
        // Tests and scripts read this line to learn the port when BIND ends in :0.
        println!("l4a listening on {url}");
        app.run().await.context("serving")
    })
}
