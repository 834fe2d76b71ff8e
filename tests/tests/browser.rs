//! The web app in real headless Chromium: search the catalogue, filter by a goal, open a hub,
//! switch the language. Screenshots go to `target/screenshots/`.

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly by design")]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use l4a_shared::deliverable::Deliverable;
use l4a_shared::hub::Hub;
use l4a_shared::indicator::Indicator;
use l4a_shared::page::Page;
use l4a_tests::{Options, Scratch, TestApp, repo_root};
use serde_json::json;

/// chromedriver on a free port, stopped when dropped.
struct ChromeDriver {
    child: Child,
    url: String,
}

impl ChromeDriver {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (`just setup-test-tools` installs it)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen on {port} within 20 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &ChromeDriver, profile: &Scratch) -> Client {
    let mut chrome_options = json!({
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,1000", "--lang=en-US",
            format!("--user-data-dir={}", profile.path().display()),
        ],
        "prefs": {"intl.accept_languages": "en-US,en"},
    });
    if std::path::Path::new("/usr/bin/chromium").exists() {
        chrome_options["binary"] = "/usr/bin/chromium".into();
    }
    let mut capabilities = Capabilities::new();
    capabilities.insert("goog:chromeOptions".into(), chrome_options);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector).capabilities(capabilities).connect(&driver.url).await.expect("a Chromium session")
}

fn screenshots_dir() -> PathBuf {
    let dir = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(client: &Client, name: &str) -> PathBuf {
    let path = screenshots_dir().join(format!("{name}.png"));
    std::fs::write(&path, client.screenshot().await.unwrap()).unwrap();
    println!("screenshot: {}", path.display());
    path
}

/// Polls `check` until it returns `Some`, failing with `what` after 20 s.
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn texts(client: &Client, css: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.unwrap_or_default() {
        texts.push(element.text().await.unwrap_or_default());
    }
    texts
}

async fn card_titles(client: &Client) -> Vec<String> {
    texts(client, ".hub-card-title").await
}

/// Runs blocking work (the harness's HTTP client) from inside the async test.
fn blocking<T>(work: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(work)
}

/// The hubs a visitor (anonymous) gets from the API for `query`.
fn api_names(app: &TestApp, query: &str) -> Vec<String> {
    blocking(|| {
        let page: Page<Hub> = app.anonymous().get(&format!("/api/v1/hubs?{query}")).expect(200).parse();
        page.items.into_iter().map(|hub| hub.name).collect()
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_visitor_searches_filters_opens_a_hub_and_switches_language() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), ..Default::default() }));
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;

    // The catalogue lists the demo hubs, as the API does.
    client.goto(&app.url).await.unwrap();
    let expected = api_names(&app, "");
    let shown = eventually("the catalogue's cards", || async {
        let titles = card_titles(&client).await;
        (!titles.is_empty()).then_some(titles)
    })
    .await;
    assert_eq!(shown, expected);
    assert_eq!(
        texts(&client, ".hub-card .reporting").await.len(),
        expected.len(),
        "every card shows its reporting status"
    );
    let count = texts(&client, ".result-count").await.join("");
    assert!(count.contains(&format!("Hubs found: {}", expected.len())), "{count}");
    // The goal filter is labelled with the goals' names once the taxonomy has loaded.
    eventually("the SDG filter's names", || async {
        let options = texts(&client, "#sdg-filter option").await;
        options.iter().any(|o| o.contains("11. Sustainable cities and communities")).then_some(())
    })
    .await;
    screenshot(&client, "catalogue").await;

    // Search ignores accents: "avcilar" finds "Avcılar".
    client.find(Locator::Css("#search")).await.unwrap().send_keys("avcilar").await.unwrap();
    client.find(Locator::Css(".filters button[type=submit]")).await.unwrap().click().await.unwrap();
    let found = eventually("the search result", || async {
        let titles = card_titles(&client).await;
        (titles.len() == 1).then_some(titles)
    })
    .await;
    assert_eq!(found, vec!["Eko-Bil: Climate Awareness in Avcılar".to_owned()]);
    assert!(client.current_url().await.unwrap().as_str().contains("q=avcilar"), "the search is in the URL");
    screenshot(&client, "catalogue-search").await;

    // Filtering by SDG 11 shows what the API gives for sdg=11.
    client.goto(&app.url).await.unwrap();
    eventually("the catalogue again", || async { (card_titles(&client).await.len() > 1).then_some(()) }).await;
    client.find(Locator::Css("#sdg-filter")).await.unwrap().select_by_value("11").await.unwrap();
    let expected = api_names(&app, "sdg=11");
    assert!(expected.len() >= 2 && expected.len() < 14, "the demo has a few SDG 11 hubs: {expected:?}");
    let filtered = eventually("the SDG 11 results", || async {
        let titles = card_titles(&client).await;
        (titles == expected).then_some(titles)
    })
    .await;
    assert!(client.current_url().await.unwrap().as_str().contains("sdg=11"));
    screenshot(&client, "catalogue-sdg-11").await;

    // Opening a hub shows its page.
    let first = filtered[0].clone();
    client.find(Locator::Css(".hub-card-title a")).await.unwrap().click().await.unwrap();
    let heading = eventually("the hub page", || async {
        let headings = texts(&client, ".hub-page h1").await;
        headings.into_iter().next()
    })
    .await;
    assert_eq!(heading, first);
    let title = client.execute("return document.title", vec![]).await.unwrap();
    assert_eq!(title, format!("{first} · Local4Action HUBs"), "the tab names the hub");
    let slug = client.current_url().await.unwrap().path().trim_start_matches("/hubs/").to_owned();
    let hub: Hub = blocking(|| app.get(&format!("/api/v1/hubs/{slug}")).expect(200).parse());
    let facts = texts(&client, ".hub-facts").await.join("\n");
    assert!(facts.contains(&hub.lead_organisation.name), "{facts}");
    assert!(facts.contains("Local government"), "the lead's kind is named: {facts}");
    let deliverables_figure = format!(
        "{} of {} deliverables delivered, {} late",
        hub.figures.deliverables_delivered, hub.figures.deliverables_total, hub.figures.deliverables_late
    );
    assert!(facts.contains(&deliverables_figure), "the hub's figures are shown: {facts}");
    for partner in &hub.partner_organisations {
        assert!(facts.contains(&partner.name), "partner {} is listed: {facts}", partner.name);
    }
    assert!(facts.contains(&hub.start_date.to_string()) && facts.contains(&hub.end_date.to_string()), "{facts}");
    assert!(
        client.find_all(Locator::Css(".add-button, .edit-button")).await.unwrap().is_empty(),
        "a visitor sees no editing control"
    );
    eventually("the goal names on the hub page", || async {
        let badges = texts(&client, ".hub-about .sdg-badge").await.join(" ");
        badges.contains("Sustainable cities and communities").then_some(())
    })
    .await;
    screenshot(&client, "hub").await;

    // Switching to French translates the interface and the goal names, and the choice sticks.
    client.find(Locator::Css("#language")).await.unwrap().select_by_value("fr").await.unwrap();
    eventually("the French hub page", || async {
        let about = texts(&client, ".hub-about h2").await.join(" ");
        let badges = texts(&client, ".hub-about .sdg-badge").await.join(" ");
        (about.contains("À propos de ce hub") && badges.contains("Villes et communautés durables")).then_some(())
    })
    .await;
    let facts = texts(&client, ".hub-facts").await.join("\n");
    assert!(facts.contains("Gouvernement local"), "{facts}");
    let lang = client.execute("return document.documentElement.lang", vec![]).await.unwrap();
    assert_eq!(lang, "fr");
    screenshot(&client, "hub-fr").await;

    client.goto(&format!("{}/hubs/no-such-hub", app.url)).await.unwrap();
    eventually("the not-found message in French", || async {
        texts(&client, "h1").await.iter().any(|h| h == "Ce hub n'existe pas").then_some(())
    })
    .await;

    // A hub's deliverables: the list and the timeline show what the API says, late ones marked.
    let deliverables: Page<Deliverable> =
        blocking(|| app.get("/api/v1/hubs/eko-bil-avcilar/deliverables?per_page=100").expect(200).parse());
    assert!(deliverables.total >= 3);
    client.goto(&format!("{}/hubs/eko-bil-avcilar", app.url)).await.unwrap();
    let expected: Vec<String> = deliverables.items.iter().map(|d| d.title.clone()).collect();
    eventually("the deliverables list", || async {
        (texts(&client, "section[aria-labelledby=deliverables-heading] .deliverable h3").await == expected)
            .then_some(())
    })
    .await;
    let late = deliverables.items.iter().filter(|d| d.late).count();
    assert_eq!(texts(&client, ".deliverable .tag-late").await.len(), late);
    assert_eq!(client.find_all(Locator::Css(".timeline-dot")).await.unwrap().len(), expected.len());
    assert_eq!(texts(&client, "#deliverables-heading").await, vec!["Livrables".to_owned()]);
    // Its tags: the SDG targets with their titles, and UCLG's manifestos named in French.
    let tagged: Hub = blocking(|| app.get("/api/v1/hubs/eko-bil-avcilar").expect(200).parse());
    eventually("the hub's tags", || async {
        let targets = texts(&client, ".target-list li").await;
        let manifestos = texts(&client, ".manifesto-list .tag").await;
        (targets.len() == tagged.sdg_targets.len()
            && targets.iter().all(|t| t.len() > 10)
            && manifestos.contains(&"Écologie".to_owned()))
        .then_some(())
    })
    .await;

    // Its indicators: a progress bar at the API's progress, and a chart with a point per total measurement.
    let indicators: Page<Indicator> =
        blocking(|| app.get("/api/v1/hubs/eko-bil-avcilar/indicators").expect(200).parse());
    let first = indicators.items.first().expect("demo indicators").clone();
    let totals: Page<serde_json::Value> = blocking(|| {
        app.get(&format!("/api/v1/indicators/{}/measurements?total=true&per_page=100", first.id)).expect(200).parse()
    });
    let progress_now = format!("{:.0}", first.figures.progress.unwrap() * 100.0);
    eventually("the indicators' progress and charts", || async {
        let bars = client.find_all(Locator::Css(".indicator .progress")).await.unwrap_or_default();
        let points = client.find_all(Locator::Css(".indicator:first-child circle.point")).await.unwrap_or_default();
        if bars.len() != indicators.items.len() || points.len() != totals.items.len() {
            return None;
        }
        bars[0].attr("aria-valuenow").await.ok().flatten()
    })
    .await
    .eq(&progress_now)
    .then_some(())
    .expect("the first progress bar shows the API's progress");
    client.execute("document.getElementById('indicators-heading').scrollIntoView()", vec![]).await.unwrap();
    screenshot(&client, "hub-indicators-fr").await;

    // Its stakeholders, by name, and nothing private on the page.
    let stakeholders: Page<serde_json::Value> =
        blocking(|| app.get("/api/v1/hubs/eko-bil-avcilar/stakeholders?per_page=100").expect(200).parse());
    let expected: Vec<String> = stakeholders.items.iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect();
    assert!(expected.len() >= 3);
    eventually("the stakeholders list", || async {
        (texts(&client, ".stakeholder h3").await == expected).then_some(())
    })
    .await;
    let source = client.source().await.unwrap();
    assert!(!source.contains("cooperative@example.org"), "a stakeholder's contact details reached the page");
    // Its connections (from both ends) link to the other hubs, and its activities are listed.
    let connections: Page<serde_json::Value> =
        blocking(|| app.anonymous().get("/api/v1/hubs/eko-bil-avcilar/connections").expect(200).parse());
    eventually("the connections and activities", || async {
        let links = client.find_all(Locator::Css(".connection a")).await.unwrap_or_default();
        let activities =
            client.find_all(Locator::Css("section[aria-labelledby=activities-heading] h3")).await.unwrap_or_default();
        (links.len() == connections.items.len() && activities.len() >= 2).then_some(())
    })
    .await;
    client.execute("document.getElementById('deliverables-heading').scrollIntoView()", vec![]).await.unwrap();
    screenshot(&client, "hub-deliverables-fr").await;

    // The catalogue filters by a UCLG manifesto, named in the interface language.
    client.goto(&app.url).await.unwrap();
    eventually("the manifesto filter's options", || async {
        texts(&client, "#manifesto-filter option").await.iter().any(|o| o == "Écologie").then_some(())
    })
    .await;
    client.find(Locator::Css("#manifesto-filter")).await.unwrap().select_by_value("ecology").await.unwrap();
    let expected = api_names(&app, "manifesto=ecology");
    assert!(!expected.is_empty());
    eventually("the hubs following the ecology manifesto", || async {
        (card_titles(&client).await == expected).then_some(())
    })
    .await;
    assert!(client.current_url().await.unwrap().as_str().contains("manifesto=ecology"));

    // And by the UCLG policy council a hub feeds.
    let councils: Vec<l4a_shared::reference::PolicyCouncil> =
        blocking(|| app.get("/api/v1/policy-councils").expect(200).parse());
    let (council, expected) = councils
        .iter()
        .map(|council| (council.clone(), api_names(&app, &format!("policy_council={}", council.id))))
        .find(|(_, names)| !names.is_empty())
        .expect("a demo hub feeds a policy council");
    client.goto(&app.url).await.unwrap();
    eventually("the policy council filter's options", || async {
        texts(&client, "#council-filter option").await.contains(&council.name.fr).then_some(())
    })
    .await;
    client.find(Locator::Css("#council-filter")).await.unwrap().select_by_value(&council.id).await.unwrap();
    eventually("the hubs feeding the policy council", || async {
        (card_titles(&client).await == expected).then_some(())
    })
    .await;
    assert!(client.current_url().await.unwrap().as_str().contains("policy_council="));

    client.close().await.unwrap();
    blocking(move || drop(app));
}

/// The text of every element matching `css`, shown or not (WebDriver's own text is only what shows).
async fn text_contents(client: &Client, css: &str) -> Vec<String> {
    let script = "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim())";
    let found = client.execute(script, vec![serde_json::json!(css)]).await.unwrap_or_default();
    serde_json::from_value(found).unwrap_or_default()
}

/// Sets an input's value as typing would, whatever the browser's date format (once it is on the page).
async fn fill(client: &Client, css: &str, value: &str) {
    eventually(css, || async { client.find(Locator::Css(css)).await.ok().map(|_| ()) }).await;
    let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                  el.dispatchEvent(new Event('input', {bubbles: true})); \
                  el.dispatchEvent(new Event('change', {bubbles: true}));";
    client.execute(script, vec![json!(css), json!(value)]).await.unwrap();
}

async fn click(client: &Client, css: &str) {
    let element = eventually(css, || async { client.find(Locator::Css(css)).await.ok() }).await;
    element.click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_signs_in_adds_a_deliverable_and_a_measurement_and_cannot_edit_other_hubs() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), ..Default::default() }));
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;
    let hub: Hub = blocking(|| app.get("/api/v1/hubs/eko-bil-avcilar").expect(200).parse());
    let deliverables_before = hub.figures.deliverables_total;

    // The demo manager of Avcılar signs in, lands on their hubs, and opens Eko-Bil.
    client.goto(&format!("{}/sign-in", app.url)).await.unwrap();
    fill(&client, "#sign-in-email", "manager@avcilar.demo.local4action.org").await;
    fill(&client, "#sign-in-password", "a wrong password").await;
    click(&client, ".sign-in button[type=submit]").await;
    eventually("the refusal", || async {
        texts(&client, ".sign-in .form-summary").await.join(" ").contains("wrong").then_some(())
    })
    .await;
    fill(&client, "#sign-in-password", "demo-manager-2026").await;
    click(&client, ".sign-in button[type=submit]").await;
    eventually("the manager's hubs", || async {
        let titles = card_titles(&client).await;
        (client.current_url().await.ok()?.path() == "/my-hubs" && titles.contains(&hub.name)).then_some(())
    })
    .await;
    assert!(texts(&client, ".session-controls").await.join(" ").contains("Demo manager, Avcılar"));
    screenshot(&client, "my-hubs").await;
    client.find(Locator::LinkText(&hub.name)).await.unwrap().click().await.unwrap();
    eventually("the hub page", || async { (!texts(&client, ".deliverable h3").await.is_empty()).then_some(()) }).await;

    // The manager edits their hub's own fields: its summary.
    click(&client, ".hub-header .add-button").await;
    fill(&client, "#hub-edit-summary", "Climate awareness and social entrepreneurship for every resident of Avcılar.")
        .await;
    click(&client, "#hub-edit button[type=submit]").await;
    eventually("the new summary", || async {
        texts(&client, ".hub-header .lead").await.join("").contains("for every resident").then_some(())
    })
    .await;
    let edited: Hub = blocking(|| app.anonymous().get("/api/v1/hubs/eko-bil-avcilar").expect(200).parse());
    assert!(edited.summary.contains("for every resident"));

    // An empty form is refused in the browser by the shared rules, before anything is sent.
    click(&client, "section[aria-labelledby=deliverables-heading] .add-button").await;
    click(&client, "#deliverable-new button[type=submit]").await;
    let title_error = eventually("the title's error", || async {
        let text = texts(&client, "#deliverable-new-title-error").await.join(" ");
        (!text.is_empty()).then_some(text)
    })
    .await;
    assert!(title_error.contains("required"), "{title_error}");
    assert!(!texts(&client, "#deliverable-new-due-date-error").await.join("").is_empty(), "the due date is required");
    let invalid = client.find(Locator::Css("#deliverable-new-title")).await.unwrap().attr("aria-invalid").await;
    assert_eq!(invalid.unwrap().as_deref(), Some("true"));
    // A due date outside the hub's period names the label's timeline rule, still in the browser.
    fill(&client, "#deliverable-new-title", "Neighbourhood climate map").await;
    fill(&client, "#deliverable-new-due-date", &(hub.end_date + chrono::Days::new(30)).to_string()).await;
    click(&client, "#deliverable-new button[type=submit]").await;
    eventually("the period error", || async {
        let text = texts(&client, "#deliverable-new-due-date-error").await.join(" ");
        text.contains(&hub.end_date.to_string()).then_some(())
    })
    .await;
    let unchanged: Hub = blocking(|| app.get("/api/v1/hubs/eko-bil-avcilar").expect(200).parse());
    assert_eq!(unchanged.figures.deliverables_total, deliverables_before, "nothing was sent");
    screenshot(&client, "form-deliverable-refused").await;

    // A valid deliverable is saved: the list, the timeline and the hub's figures show it.
    let due = hub.start_date + chrono::Days::new(60);
    fill(&client, "#deliverable-new-due-date", &due.to_string()).await;
    client.find(Locator::Css("#deliverable-new-kind")).await.unwrap().select_by_value("tool").await.unwrap();
    click(&client, "#deliverable-new button[type=submit]").await;
    eventually("the new deliverable in the list", || async {
        let titles = texts(&client, "section[aria-labelledby=deliverables-heading] .deliverable h3").await;
        titles.contains(&"Neighbourhood climate map".to_owned()).then_some(())
    })
    .await;
    let saved: Hub = blocking(|| app.get("/api/v1/hubs/eko-bil-avcilar").expect(200).parse());
    assert_eq!(saved.figures.deliverables_total, deliverables_before + 1);
    let dots = client.find_all(Locator::Css(".timeline-dot")).await.unwrap().len();
    assert_eq!(dots, deliverables_before as usize + 1);
    let figure = format!(
        "{} of {} deliverables delivered, {} late",
        saved.figures.deliverables_delivered, saved.figures.deliverables_total, saved.figures.deliverables_late
    );
    eventually("the hub's figures updated", || async {
        texts(&client, ".hub-facts").await.join(" ").contains(&figure).then_some(())
    })
    .await;
    assert!(texts(&client, ".edit-notice").await.join(" ").contains("Saved: Neighbourhood climate map"));
    assert!(client.find_all(Locator::Css("#deliverable-new")).await.unwrap().is_empty(), "the form closed");

    // A refusal only the server can make (a duplicate connection, 409) is shown with its detail.
    let connections: Page<l4a_shared::connection::Connection> =
        blocking(|| app.get("/api/v1/hubs/eko-bil-avcilar/connections").expect(200).parse());
    let existing = connections.items.first().expect("demo connections").clone();
    let other = if existing.hub.id == hub.id { existing.other_hub.id.clone() } else { existing.hub.id.clone() };
    click(&client, "section[aria-labelledby=connections-heading] .add-button").await;
    eventually("the hubs to connect to", || async {
        (client.find_all(Locator::Css("#connection-new-other-hub-id option")).await.unwrap_or_default().len() > 2)
            .then_some(())
    })
    .await;
    client.find(Locator::Css("#connection-new-other-hub-id")).await.unwrap().select_by_value(&other).await.unwrap();
    client
        .find(Locator::Css("#connection-new-kind"))
        .await
        .unwrap()
        .select_by_value(existing.kind.as_str())
        .await
        .unwrap();
    click(&client, "#connection-new button[type=submit]").await;
    let refusal = eventually("the server's refusal", || async {
        let text = texts(&client, "#connection-new .form-summary").await.join(" ");
        (!text.is_empty()).then_some(text)
    })
    .await;
    assert!(refusal.contains("already"), "the problem's detail is shown: {refusal}");
    screenshot(&client, "form-connection-refused").await;
    click(&client, "#connection-new .form-actions button[type=button]").await;

    // A measurement moves the indicator's progress and adds a point to its chart.
    let indicators: Page<Indicator> =
        blocking(|| app.get("/api/v1/hubs/eko-bil-avcilar/indicators").expect(200).parse());
    let indicator = indicators.items.first().expect("demo indicators").clone();
    let progress_before = format!("{:.0}", indicator.figures.progress.unwrap_or(0.0) * 100.0);
    assert_ne!(progress_before, "100", "the demo indicator has not reached its target yet");
    let points_before = client.find_all(Locator::Css(".indicator:first-child circle.point")).await.unwrap().len();
    click(&client, ".indicator:first-child .indicator-actions .add-button").await;
    let form = format!("#measurement-{}", indicator.id);
    fill(&client, &format!("{form}-value"), &indicator.target_value.to_string()).await;
    fill(&client, &format!("{form}-source"), "Municipal survey").await;
    click(&client, &format!("{form} button[type=submit]")).await;
    eventually("the new point on the chart", || async {
        let points = client.find_all(Locator::Css(".indicator:first-child circle.point")).await.unwrap_or_default();
        (points.len() == points_before + 1).then_some(())
    })
    .await;
    let after: Indicator = blocking(|| app.get(&format!("/api/v1/indicators/{}", indicator.id)).expect(200).parse());
    let progress_after = format!("{:.0}", after.figures.progress.unwrap() * 100.0);
    assert_ne!(progress_after, progress_before);
    let shown = client
        .find(Locator::Css(".indicator:first-child .progress"))
        .await
        .unwrap()
        .attr("aria-valuenow")
        .await
        .unwrap();
    assert_eq!(shown.as_deref(), Some(progress_after.as_str()), "the progress bar shows the API's new progress");
    client.execute("document.getElementById('indicators-heading').scrollIntoView()", vec![]).await.unwrap();
    screenshot(&client, "form-measurement-saved").await;

    // Quito asked to connect with this hub: only its managers see the request, and accepting it
    // makes the link public.
    eventually("the request from Quito", || async {
        texts(&client, ".connection-state").await.join(" ").contains("Asks to connect").then_some(())
    })
    .await;
    screenshot(&client, "connection-request").await;
    click(&client, ".accept-connection").await;
    eventually("the accepted request in the public listing", || async {
        let public: Page<l4a_shared::connection::Connection> =
            blocking(|| app.anonymous().get("/api/v1/hubs/eko-bil-avcilar/connections").expect(200).parse());
        public.items.iter().any(|c| c.hub.slug == "quito-green-corridors").then_some(())
    })
    .await;
    // The page reloads its sections after the answer: wait for that before using another form.
    eventually("the page showing the request as answered", || async {
        (!texts(&client, ".connection-state").await.join(" ").contains("Asks to connect")).then_some(())
    })
    .await;

    // On a hub of another organisation, the manager sees no editing control.
    let others: Page<Hub> = blocking(|| app.anonymous().get("/api/v1/hubs?per_page=100").expect(200).parse());
    let other = others
        .items
        .iter()
        .find(|h| {
            h.lead_organisation_id != hub.lead_organisation_id
                && !h.partner_organisation_ids.contains(&hub.lead_organisation_id)
        })
        .expect("another organisation's hub");
    client.goto(&format!("{}/hubs/{}", app.url, other.slug)).await.unwrap();
    eventually("the other hub's page", || async {
        (texts(&client, ".hub-page h1").await == vec![other.name.clone()]).then_some(())
    })
    .await;
    eventually("its sections", || async { (!texts(&client, "#deliverables-heading").await.is_empty()).then_some(()) })
        .await;
    assert!(
        client.find_all(Locator::Css(".add-button, .edit-button")).await.unwrap().is_empty(),
        "no editing control on a hub the manager may not change"
    );
    // Signing out hides the controls on their own hub too.
    click(&client, ".sign-out").await;
    eventually("signed out", || async { (!texts(&client, ".sign-in-link").await.is_empty()).then_some(()) }).await;

    client.close().await.unwrap();
    blocking(move || drop(app));
}

async fn sign_in(client: &Client, app: &TestApp, email: &str, password: &str) {
    client.goto(&format!("{}/sign-in", app.url)).await.unwrap();
    fill(client, "#sign-in-email", email).await;
    fill(client, "#sign-in-password", password).await;
    click(client, ".sign-in button[type=submit]").await;
    eventually("signed in", || async { (!texts(client, ".sign-out").await.is_empty()).then_some(()) }).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secretariat_creates_an_account_and_an_api_key_whose_secrets_show_once() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), ..Default::default() }));
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;

    // The Dakar manager prefers French: signing in switches the interface.
    sign_in(&client, &app, "manager@dakar.demo.local4action.org", "demo-manager-2026").await;
    eventually("the interface in French", || async {
        texts(&client, ".site-header nav").await.join(" ").contains("Mes hubs").then_some(())
    })
    .await;
    // They prefer Spanish now: their account page changes the preference and the interface.
    click(&client, ".signed-in-as").await;
    let language =
        eventually("the account form", || async { client.find(Locator::Css("#account-language")).await.ok() }).await;
    language.select_by_value("es").await.unwrap();
    click(&client, "#account button[type=submit]").await;
    eventually("the interface in Spanish", || async {
        texts(&client, ".site-header nav").await.join(" ").contains("Mis hubs").then_some(())
    })
    .await;
    let me: serde_json::Value = blocking(|| app.get("/api/v1/users?q=dakar").expect(200).json()["items"][0].clone());
    assert_eq!(me["language"], "es", "the preference is stored");
    click(&client, ".sign-out").await;
    eventually("signed out", || async { (!texts(&client, ".sign-in-link").await.is_empty()).then_some(()) }).await;
    client.find(Locator::Css("#language")).await.unwrap().select_by_value("en").await.unwrap();

    sign_in(&client, &app, "admin@demo.local4action.org", "demo-admin-2026").await;
    client.goto(&format!("{}/admin/users", app.url)).await.unwrap();
    click(&client, ".add-button").await;
    fill(&client, "#user-new-email", "new.manager@example.org").await;
    fill(&client, "#user-new-display-name", "New manager").await;
    click(&client, "#user-new button[type=submit]").await;
    let password = eventually("the new account's password", || async {
        let value =
            client.find(Locator::Css(".secret-notice #secret-value")).await.ok()?.prop("value").await.ok()??;
        (!value.is_empty()).then_some(value)
    })
    .await;
    screenshot(&client, "admin-account-created").await;
    blocking(|| app.login("new.manager@example.org", &password));
    click(&client, ".secret-notice button").await;
    eventually("the account in the list", || async {
        texts(&client, ".data-table td").await.contains(&"new.manager@example.org".to_owned()).then_some(())
    })
    .await;
    assert!(!client.source().await.unwrap().contains(&password), "the password is gone once dismissed");

    // The Secretariat opens a call from the calls page.
    client.goto(&format!("{}/calls", app.url)).await.unwrap();
    click(&client, ".add-button").await;
    fill(&client, "#call-new-title-en", "Call for youth-led hubs").await;
    fill(&client, "#call-new-opens-on", &chrono::Utc::now().date_naive().to_string()).await;
    fill(&client, "#call-new-closes-on", &(chrono::Utc::now().date_naive() + chrono::Days::new(60)).to_string()).await;
    click(&client, "#call-new button[type=submit]").await;
    eventually("the description is required", || async {
        (!texts(&client, "#call-new-description-en-error").await.join("").is_empty()).then_some(())
    })
    .await;
    fill(&client, "#call-new-description-en", "Hubs led with young people.").await;
    click(&client, "#call-new button[type=submit]").await;
    eventually("the new call in the list", || async {
        texts(&client, ".call-card h2").await.contains(&"Call for youth-led hubs".to_owned()).then_some(())
    })
    .await;

    client.goto(&format!("{}/api-keys", app.url)).await.unwrap();
    click(&client, ".add-button").await;
    fill(&client, "#key-new-name", "Regional dashboard").await;
    // Every scope is offered, the dashboards' one included.
    let scopes = texts(&client, "#key-new .checkboxes label").await;
    assert!(scopes.contains(&"Read".to_owned()) && scopes.contains(&"Read metrics".to_owned()), "{scopes:?}");
    click(&client, "#key-new button[type=submit]").await;
    let secret = eventually("the key's secret", || async {
        let value =
            client.find(Locator::Css(".secret-notice #secret-value")).await.ok()?.prop("value").await.ok()??;
        value.starts_with("l4a_").then_some(value)
    })
    .await;
    screenshot(&client, "api-key-created").await;
    blocking(|| app.api_key(&secret).get("/api/v1/hubs").expect(200));
    click(&client, ".secret-notice button").await;
    eventually("the key in the list", || async {
        texts(&client, ".data-table td").await.contains(&"Regional dashboard".to_owned()).then_some(())
    })
    .await;
    assert!(!client.source().await.unwrap().contains(&secret), "a listed key never shows its secret");

    client.close().await.unwrap();
    blocking(move || drop(app));
}

fn days_from_today(days: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(days)).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_walks_the_proposal_wizard_to_submission() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), ..Default::default() }));
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;

    sign_in(&client, &app, "manager@avcilar.demo.local4action.org", "demo-manager-2026").await;
    client.goto(&format!("{}/calls", app.url)).await.unwrap();
    let call =
        eventually("the open demo call", || async { client.find(Locator::Css(".call-card h2 a")).await.ok() }).await;
    call.click().await.unwrap();
    click(&client, ".propose-button").await;
    eventually("the wizard", || async { client.current_url().await.ok()?.path().ends_with("/edit").then_some(()) })
        .await;

    // Step 1: the initiative. The live checklist follows what is typed.
    fill(&client, "#proposal-title", "Solar schools of Avcılar").await;
    fill(&client, "#proposal-summary", "Solar panels and climate lessons in every school of the district.").await;
    // A goal that is not a number keeps the wizard on its step, with the reason under the field.
    fill(&client, "#proposal-sdgs", "7, thirteen").await;
    click(&client, ".next-step").await;
    let reason = eventually("the goal's error under its field", || async {
        let text = texts(&client, "#proposal-sdgs-error").await.join(" ");
        text.contains("thirteen").then_some(text)
    })
    .await;
    assert!(reason.contains("not a goal number"), "{reason}");
    let invalid = client.find(Locator::Css("#proposal-sdgs")).await.unwrap().attr("aria-invalid").await.unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    assert!(client.find(Locator::Css("#proposal-summary")).await.is_ok(), "the wizard stayed on its first step");
    fill(&client, "#proposal-sdgs", "7, 13").await;
    // Enum values are offered in the interface language, sent as their wire values.
    let modalities = texts(&client, "#proposal-modality option").await;
    assert!(modalities.contains(&"Hybrid".to_owned()), "{modalities:?}");
    client.find(Locator::Css("#proposal-modality")).await.unwrap().select_by_value("hybrid").await.unwrap();
    click(&client, "#proposal-manifestos-ecology").await;
    click(&client, ".partners input[type=checkbox]").await;
    eventually("the thematic rule passing", || async {
        texts(&client, ".wizard-checklist .rule-pass").await.join(" ").contains("2030 Agenda").then_some(())
    })
    .await;
    click(&client, ".next-step").await;
    // Step 2: the period and a deliverable.
    fill(&client, "#proposal-planned-start", &days_from_today(30)).await;
    fill(&client, "#proposal-planned-end", &days_from_today(30 + 730)).await;
    click(&client, ".add-deliverable-row").await;
    fill(&client, ".planned-row .planned-title", "Solar map of the schools").await;
    fill(&client, ".planned-row .planned-date", &days_from_today(200)).await;
    click(&client, ".next-step").await;
    // Step 3: who takes part, and what is measured with them.
    click(&client, ".add-stakeholder-row").await;
    fill(&client, ".planned-row .planned-name", "School councils").await;
    click(&client, ".add-indicator-row").await;
    let rows = client.find_all(Locator::Css(".planned-row .planned-name")).await.unwrap();
    assert_eq!(rows.len(), 2);
    let indicator_name = "document.querySelectorAll('.planned-row .planned-name')[1]";
    client
        .execute(
            &format!("const el = {indicator_name}; el.value = 'Schools with panels'; el.dispatchEvent(new Event('input', {{bubbles: true}}));"),
            vec![],
        )
        .await
        .unwrap();
    fill(&client, ".planned-row .planned-unit", "schools").await;
    fill(&client, ".planned-row .planned-target", "40").await;
    fill(&client, ".planned-row .planned-agreed", "School councils").await;
    click(&client, ".next-step").await;
    // Step 4: process, communication and the brand.
    fill(&client, "#proposal-participatory-process", "Targets agreed with each school council.").await;
    fill(&client, "#proposal-communication-strategy", "A yearly report and a public map.").await;
    click(&client, "#proposal-brand-commitment").await;
    click(&client, ".next-step").await;
    eventually("every rule passing", || async {
        (client.find_all(Locator::Css(".wizard-checklist .rule-pass")).await.ok()?.len() == 6).then_some(())
    })
    .await;
    screenshot(&client, "proposal-wizard-review").await;
    click(&client, ".submit-proposal").await;
    let state = eventually("the submitted proposal", || async {
        let state = texts(&client, ".proposal-page .proposal-state").await.join("");
        (!state.is_empty()).then_some(state)
    })
    .await;
    assert_eq!(state.to_lowercase(), "submitted");
    let id = client.current_url().await.unwrap().path().trim_start_matches("/proposals/").to_owned();
    let stored: serde_json::Value = blocking(|| app.get(&format!("/api/v1/proposals/{id}")).expect(200).json());
    assert_eq!(stored["state"], "submitted");
    assert_eq!(stored["planned_indicators"][0]["agreed_by"], serde_json::json!(["School councils"]));
    assert_eq!(stored["partner_organisation_ids"].as_array().map(Vec::len), Some(1), "the ticked partner");
    screenshot(&client, "proposal-submitted").await;

    client.close().await.unwrap();
    blocking(move || drop(app));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_board_reviews_the_secretariat_decides_and_the_labelled_hub_joins_the_catalogue() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), ..Default::default() }));
    // A submitted proposal under review, made through the API as the demo manager would.
    let id = blocking(|| {
        let manager = app.login("manager@avcilar.demo.local4action.org", "demo-manager-2026")["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let me = app.bearer(&manager).get("/api/v1/auth/me").expect(200).json();
        let call =
            app.get("/api/v1/calls?state=open").expect(200).json()["items"][0]["id"].as_str().unwrap().to_owned();
        let body = serde_json::json!({
            "organisation_id": me["organisation_ids"][0],
            "title": "Rain gardens of Avcılar", "summary": "Rain gardens that keep streets from flooding, built with residents.",
            "sdgs": [11, 13], "manifestos": ["ecology"], "modality": "physical",
            "planned_start": days_from_today(20), "planned_end": days_from_today(20 + 600),
            "planned_deliverables": [{"title": "First ten gardens", "kind": "tool", "due_date": days_from_today(300)}],
            "planned_stakeholders": [{"name": "Street committees", "kind": "citizens_group", "role": "partner", "took_part_in_criteria": true}],
            "planned_indicators": [{"name": "Gardens built", "dimension": "acceleration", "unit": "gardens", "direction": "increase",
                "baseline_value": 0, "target_value": 30, "agreed_by": ["Street committees"]}],
            "participatory_process": "Sites chosen by the street committees.", "communication_strategy": "Signs at every garden.",
            "brand_commitment": true
        });
        let id =
            app.bearer(&manager).post_json(&format!("/api/v1/calls/{call}/proposals"), &body).expect(201).json()["id"]
                .as_str()
                .unwrap()
                .to_owned();
        app.bearer(&manager).post_json(&format!("/api/v1/proposals/{id}/submit"), &serde_json::json!({})).expect(200);
        id
    });
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;

    sign_in(&client, &app, "admin@demo.local4action.org", "demo-admin-2026").await;
    client.goto(&format!("{}/proposals", app.url)).await.unwrap();
    let filter =
        eventually("the state filter", || async { client.find(Locator::Css("#proposal-state")).await.ok() }).await;
    filter.select_by_value("submitted").await.unwrap();
    eventually("the submitted proposal in the queue", || async {
        texts(&client, ".proposal-table a").await.contains(&"Rain gardens of Avcılar".to_owned()).then_some(())
    })
    .await;
    client.find(Locator::LinkText("Rain gardens of Avcılar")).await.unwrap().click().await.unwrap();
    click(&client, ".start-review").await;
    eventually("the review started", || async {
        texts(&client, ".proposal-state").await.join("").to_lowercase().contains("under review").then_some(())
    })
    .await;
    // The demo reviewer is assigned, then scores the proposal on its page.
    let reviewer_id = blocking(|| {
        let users = app.get("/api/v1/users?q=reviewer").expect(200).json();
        users["items"][0]["id"].as_str().unwrap().to_owned()
    });
    // The picker searches the server: a search it refuses shows the problem and a retry, never
    // an empty list; a good one finds the reviewer by name.
    fill(&client, "#reviewer-search", &"r".repeat(201)).await;
    let refused = eventually("the refused search's problem", || async {
        let shown = texts(&client, ".assign-reviewer .fetch-failed").await.join(" ");
        (!shown.is_empty()).then_some(shown)
    })
    .await;
    assert!(refused.contains("200"), "the problem's detail is shown: {refused}");
    assert!(client.find(Locator::Css(".assign-reviewer .fetch-failed button.retry")).await.is_ok());
    fill(&client, "#reviewer-search", "reviewer").await;
    let assign = eventually("the reviewer's choice", || async {
        if !texts(&client, ".assign-reviewer .fetch-failed").await.is_empty() {
            return None;
        }
        let select = client.find(Locator::Css("#assign-reviewer")).await.ok()?;
        let options = client.find_all(Locator::Css("#assign-reviewer option")).await.ok()?;
        let mut values = Vec::new();
        for option in options {
            values.push(option.attr("value").await.ok()??);
        }
        values.contains(&reviewer_id).then_some(select)
    })
    .await;
    assign.select_by_value(&reviewer_id).await.unwrap();
    click(&client, ".assign-reviewer button").await;
    eventually("the assignment", || async {
        (!texts(&client, ".assign-reviewer .tag").await.is_empty()).then_some(())
    })
    .await;
    let proposal_url = client.current_url().await.unwrap().to_string();
    click(&client, ".sign-out").await;
    eventually("signed out", || async { (!texts(&client, ".sign-in-link").await.is_empty()).then_some(()) }).await;
    sign_in(&client, &app, "reviewer@demo.local4action.org", "demo-reviewer-2026").await;
    client.goto(&proposal_url).await.unwrap();
    let recommendation =
        eventually("the scoring form", || async { client.find(Locator::Css("#review-recommendation")).await.ok() })
            .await;
    recommendation.select_by_value("grant").await.unwrap();
    client.find(Locator::Css("#review-scores-timeline")).await.unwrap().select_by_value("5").await.unwrap();
    fill(&client, "#review-comment", "Well rooted in the street committees.").await;
    click(&client, "#review button[type=submit]").await;
    eventually("the review on the page", || async { (!texts(&client, ".review-card").await.is_empty()).then_some(()) })
        .await;
    let reviews: serde_json::Value =
        blocking(|| app.get(&format!("/api/v1/proposals/{id}/reviews")).expect(200).json());
    assert_eq!(reviews[0]["scores"]["timeline"], 5);
    assert_eq!(reviews[0]["recommendation"], "grant");
    click(&client, ".sign-out").await;
    eventually("signed out", || async { (!texts(&client, ".sign-in-link").await.is_empty()).then_some(()) }).await;

    // The Secretariat decides, with the review beside the decision form.
    sign_in(&client, &app, "admin@demo.local4action.org", "demo-admin-2026").await;
    client.goto(&proposal_url).await.unwrap();
    eventually("the review beside the decision", || async {
        texts(&client, ".review-card").await.join(" ").contains("Well rooted").then_some(())
    })
    .await;
    fill(&client, "#decision-reason", "It meets the six rules and the board supports it.").await;
    screenshot(&client, "proposal-decision").await;
    click(&client, ".decide").await;
    let hub_link =
        eventually("the labelled hub's link", || async { client.find(Locator::Css(".hub-link")).await.ok() }).await;
    hub_link.click().await.unwrap();
    eventually("the labelled hub's page", || async {
        (texts(&client, ".hub-page h1").await == vec!["Rain gardens of Avcılar".to_owned()]).then_some(())
    })
    .await;
    let stored: serde_json::Value = blocking(|| app.get(&format!("/api/v1/proposals/{id}")).expect(200).json());
    assert_eq!(stored["state"], "accepted");

    // A visitor finds it in the public catalogue.
    click(&client, ".sign-out").await;
    eventually("signed out", || async { (!texts(&client, ".sign-in-link").await.is_empty()).then_some(()) }).await;
    client.goto(&format!("{}/?q=rain%20gardens", app.url)).await.unwrap();
    eventually("the new hub in the catalogue", || async {
        (card_titles(&client).await == vec!["Rain gardens of Avcılar".to_owned()]).then_some(())
    })
    .await;
    screenshot(&client, "labelled-hub-in-catalogue").await;

    client.close().await.unwrap();
    blocking(move || drop(app));
}

/// Whether the page shows the demo manager signed in.
async fn signed_in_as_demo_manager(client: &Client) -> Option<()> {
    texts(client, ".session-controls").await.join(" ").contains("Demo manager, Avcılar").then_some(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_session_lives_in_a_cookie_no_script_reads_renews_itself_and_survives_reloads_and_two_tabs() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    // One-minute access tokens: the app renews ten seconds after signing in.
    let env = vec![("ACCESS_TOKEN_MINUTES".to_owned(), "1".to_owned())];
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), env }));
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;
    sign_in(&client, &app, "manager@avcilar.demo.local4action.org", "demo-manager-2026").await;

    // No script can read the refresh token: not in the cookies scripts see, not in storage.
    let readable = client
        .execute("return [document.cookie, JSON.stringify(Object.assign({}, localStorage))].join(' ')", vec![])
        .await
        .unwrap();
    let readable = readable.as_str().unwrap_or_default().to_owned();
    assert!(!readable.contains("l4a_refresh") && !readable.contains("refresh_token"), "{readable}");

    // The app renews the session by itself before the access token expires.
    let renewals = || {
        app.log()
            .lines()
            .filter(|line| line.contains("\"path\":\"/api/v1/auth/refresh\"") && line.contains("\"status\":200"))
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while renewals() == 0 {
        assert!(Instant::now() < deadline, "the session did not renew itself");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    eventually("still signed in after renewing", || signed_in_as_demo_manager(&client)).await;

    // A reload keeps the session.
    client.refresh().await.unwrap();
    eventually("signed in after a reload", || signed_in_as_demo_manager(&client)).await;

    // Two tabs renewing at the same moment (one cookie, two exchanges) do not end the session.
    let statuses = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const renew = () => fetch('/api/v1/auth/refresh', {method: 'POST', headers: {'X-Session-Cookie': '1'}});
             Promise.all([renew(), renew()]).then(answers => done(answers.map(a => a.status)));",
            vec![],
        )
        .await
        .unwrap();
    let statuses: Vec<u64> = statuses.as_array().unwrap().iter().filter_map(serde_json::Value::as_u64).collect();
    assert!(statuses.contains(&200) && statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
    let second_tab = client.new_window(true).await.unwrap();
    client.switch_to_window(second_tab.handle).await.unwrap();
    client.goto(&format!("{}/my-hubs", app.url)).await.unwrap();
    eventually("signed in in the second tab", || signed_in_as_demo_manager(&client)).await;
    client.refresh().await.unwrap();
    eventually("still signed in in the second tab", || signed_in_as_demo_manager(&client)).await;

    // Signing out ends the session on the server; a reload stays signed out.
    click(&client, ".sign-out").await;
    eventually("signed out", || async { (!texts(&client, ".sign-in-link").await.is_empty()).then_some(()) }).await;
    client.refresh().await.unwrap();
    eventually("signed out after a reload", || async {
        (!texts(&client, ".sign-in-link").await.is_empty()).then_some(())
    })
    .await;

    client.close().await.unwrap();
    blocking(move || drop(app));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_documentation_works_under_its_content_security_policy() {
    let web = repo_root().join("web/dist");
    let app = blocking(|| TestApp::spawn_with(Options { static_dir: Some(web), ..Default::default() }));
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;
    client.goto(&format!("{}/api/docs/", app.url)).await.unwrap();
    // Swagger UI renders the operations only if its scripts and styles were allowed to run.
    eventually("the documented operations", || async {
        (client.find_all(Locator::Css(".opblock")).await.unwrap_or_default().len() > 20).then_some(())
    })
    .await;
    screenshot(&client, "api-docs").await;
    client.close().await.unwrap();
    blocking(move || drop(app));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_visitor_filters_the_dashboard_and_downloads_what_a_chart_shows() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), ..Default::default() }));
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;

    // The header links to the dashboard; every chart has something in it, and its table the same
    // numbers (the tables are folded: their text is read whether shown or not).
    client.goto(&app.url).await.unwrap();
    click(&client, "a[href='/dashboard']").await;
    let regions = eventually("the hubs per region", || async {
        let rows = text_contents(&client, "#chart-regions tbody th").await;
        (rows.len() > 1).then_some(rows)
    })
    .await;
    for chart in ["chart-goals", "chart-deliverables", "chart-indicators", "chart-series", "chart-network"] {
        eventually(chart, || async {
            client.find(Locator::Css(&format!("#{chart} svg"))).await.ok()?;
            (!text_contents(&client, &format!("#{chart} tbody td")).await.is_empty()).then_some(())
        })
        .await;
    }
    // A chart's table opens for whoever cannot see the drawing.
    click(&client, "#chart-regions details summary").await;
    screenshot(&client, "dashboard").await;

    // A region narrows every chart, and the address keeps it.
    client.find(Locator::Css("#dashboard-region")).await.unwrap().select_by_value("europe").await.unwrap();
    eventually("the European hubs only", || async {
        let rows = text_contents(&client, "#chart-regions tbody th").await;
        (rows == ["Europe"]).then_some(())
    })
    .await;
    assert!(regions.contains(&"Europe".to_owned()), "{regions:?}");
    assert!(client.current_url().await.unwrap().as_str().contains("region=europe"));
    let counted = text_contents(&client, "#chart-regions tbody td").await;
    let expected: Vec<String> = blocking(|| {
        let summary = app.anonymous().get("/api/v1/metrics/summary?region=europe").expect(200).json();
        vec![summary["hubs"]["total"].to_string()]
    });
    assert_eq!(counted, expected, "the table shows what the API counts");

    // The chart's CSV link gives the same data, with the same filter.
    let link =
        client.find(Locator::Css("#chart-regions a.csv-link")).await.unwrap().attr("href").await.unwrap().unwrap();
    assert!(link.contains("region=europe") && link.contains("format=csv"), "{link}");
    let csv = blocking(|| app.anonymous().get(&link).expect(200).text());
    let row = csv.lines().find(|line| line.starts_with("hubs.by_region,europe,")).unwrap_or_default().to_owned();
    assert!(row.ends_with(&format!(",{}", expected[0])), "{row}");

    client.close().await.unwrap();
    blocking(move || drop(app));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_submits_a_report_the_secretariat_approves_it_and_the_public_reads_it() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), ..Default::default() }));
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;

    // The manager drafts from the hub page: the form shows the figures it will freeze.
    sign_in(&client, &app, "manager@avcilar.demo.local4action.org", "demo-manager-2026").await;
    client.goto(&format!("{}/hubs/eko-bil-avcilar", app.url)).await.unwrap();
    click(&client, ".new-report").await;
    eventually("the figures beside the form", || async {
        (!texts(&client, ".report-figures dd").await.is_empty()).then_some(())
    })
    .await;
    fill(&client, "#report-period-start", &days_before_today(300)).await;
    fill(&client, "#report-period-end", &days_before_today(2)).await;
    fill(&client, "#report-achievements", "The third cycle trained 140 residents.").await;
    // Saved without its other parts, the draft is kept; submitting it names what is missing.
    click(&client, ".save-report").await;
    eventually("the draft's page", || async { client.find(Locator::Css(".submit-report")).await.ok() }).await;
    click(&client, ".submit-report").await;
    eventually("the missing parts named", || async {
        let summary = texts(&client, ".form-summary").await.join(" ");
        summary.contains("challenges").then_some(())
    })
    .await;
    click(&client, ".edit-report").await;
    fill(&client, "#report-challenges", "Fewer trainers than planned.").await;
    fill(&client, "#report-next-steps", "Train graduates as trainers.").await;
    click(&client, ".save-report").await;
    eventually("the edits saved", || async {
        texts(&client, ".report-page p").await.join(" ").contains("Fewer trainers").then_some(())
    })
    .await;
    click(&client, ".submit-report").await;
    eventually("submitted", || async {
        texts(&client, ".report-state").await.join(" ").to_lowercase().contains("submitted").then_some(())
    })
    .await;
    let report_url = client.current_url().await.unwrap().to_string();
    click(&client, ".sign-out").await;
    eventually("signed out", || async { (!texts(&client, ".sign-in-link").await.is_empty()).then_some(()) }).await;

    // The Secretariat finds it in its queue and approves it.
    sign_in(&client, &app, "admin@demo.local4action.org", "demo-admin-2026").await;
    client.goto(&format!("{}/reports", app.url)).await.unwrap();
    let id = report_url.rsplit('/').next().unwrap().to_owned();
    eventually("the report in the queue", || async {
        let queue = client.find(Locator::Css(&format!(".report-table a[href='/reports/{id}']"))).await.ok()?;
        Some(queue)
    })
    .await
    .click()
    .await
    .unwrap();
    eventually("the frozen figures", || async {
        (!texts(&client, ".report-snapshot td").await.is_empty()).then_some(())
    })
    .await;
    screenshot(&client, "report-decision").await;
    click(&client, ".approve-report").await;
    eventually("approved", || async {
        texts(&client, ".report-state").await.join(" ").to_lowercase().contains("approved").then_some(())
    })
    .await;
    click(&client, ".sign-out").await;
    eventually("signed out", || async { (!texts(&client, ".sign-in-link").await.is_empty()).then_some(()) }).await;

    // A visitor reads it on the hub page.
    client.goto(&format!("{}/hubs/eko-bil-avcilar", app.url)).await.unwrap();
    eventually("the approved report on the hub page", || async {
        client.find(Locator::Css(&format!(".reports-section a[href='/reports/{id}']"))).await.ok()
    })
    .await
    .click()
    .await
    .unwrap();
    eventually("the public report", || async {
        texts(&client, ".report-page p").await.join(" ").contains("Train graduates as trainers.").then_some(())
    })
    .await;
    let stored: serde_json::Value =
        blocking(|| app.anonymous().get(&format!("/api/v1/reports/{id}")).expect(200).json());
    assert_eq!(stored["state"], "approved");

    client.close().await.unwrap();
    blocking(move || drop(app));
}

fn days_before_today(days: u64) -> String {
    (chrono::Utc::now().date_naive() - chrono::Days::new(days)).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secretariat_writes_and_publishes_a_recommendation_that_the_hub_page_then_shows_with_its_open_data() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), ..Default::default() }));
    let hub: Hub = blocking(|| app.anonymous().get("/api/v1/hubs/eko-bil-avcilar").expect(200).parse());
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;

    sign_in(&client, &app, "admin@demo.local4action.org", "demo-admin-2026").await;
    client.goto(&format!("{}/recommendations", app.url)).await.unwrap();
    // The Secretariat sees the demo's draft beside the published one.
    eventually("the demo's recommendations with their states", || async {
        let states = texts(&client, ".recommendation-state").await.join(" ").to_lowercase();
        (states.contains("draft") && states.contains("published")).then_some(())
    })
    .await;
    click(&client, ".add-button").await;
    let council = eventually("the councils in the form", || async {
        let options = client.find_all(Locator::Css("#recommendation-policy-council-id option")).await.ok()?;
        let mut values = Vec::new();
        for option in options {
            values.push(option.attr("value").await.ok()??);
        }
        values.into_iter().find(|v| !v.is_empty())
    })
    .await;
    client
        .find(Locator::Css("#recommendation-policy-council-id"))
        .await
        .unwrap()
        .select_by_value(&council)
        .await
        .unwrap();
    fill(&client, "#recommendation-title-en", "Train residents to repair, city by city").await;
    fill(&client, "#recommendation-text-en", "Repair cafés run by trained residents cut waste where they open.").await;
    // Submitted without evidence chosen, the form names the citation that is missing.
    click(&client, ".recommendation-form button[type=submit]").await;
    eventually("the missing evidence named", || async {
        texts(&client, ".recommendation-form .field-error").await.join(" ").contains("cite").then_some(())
    })
    .await;
    let hub_select = "[id='recommendation-citations-0--hub']";
    eventually("the hubs to cite", || async {
        client.find(Locator::Css(&format!("{hub_select} option[value='{}']", hub.id))).await.ok()
    })
    .await;
    client.find(Locator::Css(hub_select)).await.unwrap().select_by_value(&hub.id).await.unwrap();
    let what = "[id='recommendation-citations-0--id']";
    let target = format!("hub:{}", hub.id);
    eventually("what of the hub may be cited", || async {
        client.find(Locator::Css(&format!("{what} option[value='{target}']"))).await.ok()
    })
    .await;
    client.find(Locator::Css(what)).await.unwrap().select_by_value(&target).await.unwrap();
    fill(&client, "[id='recommendation-citations-0--note']", "140 residents trained in three cycles").await;
    screenshot(&client, "recommendation-form").await;
    click(&client, ".recommendation-form button[type=submit]").await;
    eventually("the new draft listed", || async {
        let titles = texts(&client, ".recommendation-card h3").await;
        titles.iter().any(|t| t.contains("Train residents to repair")).then_some(())
    })
    .await;
    // Publish it: the entry holding its title has the button.
    let entries = client.find_all(Locator::Css(".recommendation-entry")).await.unwrap();
    let mut published = false;
    for entry in entries {
        if entry.text().await.unwrap_or_default().contains("Train residents to repair") {
            entry.find(Locator::Css(".recommendation-publish")).await.unwrap().click().await.unwrap();
            published = true;
            break;
        }
    }
    assert!(published, "the draft offers to publish it");
    eventually("published", || async {
        let stored: Page<serde_json::Value> =
            blocking(|| app.anonymous().get("/api/v1/hubs/eko-bil-avcilar/recommendations").expect(200).parse());
        stored.items.iter().any(|r| r["title"]["en"] == "Train residents to repair, city by city").then_some(())
    })
    .await;
    click(&client, ".sign-out").await;
    eventually("signed out", || async { (!texts(&client, ".sign-in-link").await.is_empty()).then_some(()) }).await;

    // A visitor finds it on the hub page, beside the hub's open data.
    client.goto(&format!("{}/hubs/eko-bil-avcilar", app.url)).await.unwrap();
    eventually("the recommendation on the hub page", || async {
        let titles = texts(&client, ".recommendations-section h3").await;
        titles.iter().any(|t| t.contains("Train residents to repair")).then_some(())
    })
    .await;
    let mut links = Vec::new();
    for link in client.find_all(Locator::Css(".open-data a")).await.unwrap() {
        links.push(link.attr("href").await.unwrap().unwrap_or_default());
    }
    assert!(links.contains(&format!("/api/v1/hubs/{}/iati.xml", hub.id)), "{links:?}");
    assert!(links.contains(&format!("/api/v1/hubs/{}/sdg-actions.json", hub.id)), "{links:?}");
    assert!(links.contains(&"/api/v1/export/tables.zip".to_owned()), "{links:?}");
    for link in links {
        let status = blocking(|| app.anonymous().get(&link).status);
        assert_eq!(status, 200, "{link}");
    }
    screenshot(&client, "hub-open-data").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secretariat_subscribes_a_receiver_sees_its_secret_once_and_reads_the_delivery_log() {
    let web = repo_root().join("web/dist");
    assert!(web.join("index.html").is_file(), "web/dist is not built: run `just build-web` (`just test` does)");
    let env = vec![
        ("WEBHOOK_ALLOW_HOSTS".to_owned(), "127.0.0.1".to_owned()),
        ("WEBHOOK_POLL_MILLIS".to_owned(), "100".to_owned()),
    ];
    let app = blocking(|| TestApp::spawn_with(Options { demo: true, static_dir: Some(web), env }));
    let receiver = l4a_tests::receiver::Receiver::start();
    let driver = ChromeDriver::start();
    let profile = Scratch::new();
    let client = browser(&driver, &profile).await;
    sign_in(&client, &app, "admin@demo.local4action.org", "demo-admin-2026").await;
    client.goto(&format!("{}/webhooks", app.url)).await.unwrap();

    // The demo's subscriptions, one switched off by its receiver, each with a delivery log.
    let urls = eventually("the demo's webhooks", || async {
        let urls = texts(&client, ".webhook-url").await;
        (urls.len() == 2).then_some(urls)
    })
    .await;
    assert!(urls.iter().any(|url| url.contains("integrations.example.org")), "{urls:?}");
    assert!(texts(&client, ".webhook .notice").await.join(" ").contains("410"));
    click(&client, ".webhook .row-actions button").await;
    eventually("a delivery log", || async {
        let cells = texts(&client, ".delivery-log td").await.join(" ");
        (cells.contains("Delivered") && cells.contains("410")).then_some(())
    })
    .await;
    screenshot(&client, "webhooks-delivery-log").await;

    // A new subscription: its secret is shown once, and it signs what the receiver gets.
    click(&client, ".add-button").await;
    fill(&client, "#webhook-new-url", &format!("http://127.0.0.1:{}/hooks", receiver.port)).await;
    fill(&client, "#webhook-new-description", "Local receiver").await;
    click(&client, "#webhook-new-events-hub-updated").await;
    click(&client, "#webhook-new button[type=submit]").await;
    let secret = eventually("the webhook's secret", || async {
        let value =
            client.find(Locator::Css(".secret-notice #secret-value")).await.ok()?.prop("value").await.ok()??;
        value.starts_with("whsec_").then_some(value)
    })
    .await;
    click(&client, ".secret-notice button").await;
    let slug: String = blocking(|| {
        app.get("/api/v1/hubs?per_page=1").expect(200).json()["items"][0]["slug"].as_str().unwrap().to_owned()
    });
    blocking(|| {
        app.patch_json(
            &format!("/api/v1/hubs/{slug}"),
            &serde_json::json!({"summary": "A summary changed to send an event."}),
            None,
        )
        .expect(200)
    });
    let received = blocking(|| receiver.wait_for(1, std::time::Duration::from_secs(15)));
    assert_eq!(received[0].json()["type"], "hub.updated");
    let signature = received[0].header("webhook-signature").unwrap().to_owned();
    assert!(signature.starts_with("v1,"));
    assert!(!client.source().await.unwrap().contains(&secret), "the secret is gone once dismissed");
    let new_hook = eventually("the new webhook listed", || async {
        let urls = texts(&client, ".webhook-url").await;
        urls.iter().position(|url| url.contains(&receiver.port.to_string()))
    })
    .await;
    let buttons = client.find_all(Locator::Css(".webhook .row-actions button:first-child")).await.unwrap();
    buttons[new_hook].click().await.unwrap();
    eventually("its delivery in the log", || async {
        texts(&client, ".delivery-log td").await.join(" ").contains("hub.updated").then_some(())
    })
    .await;
    screenshot(&client, "webhook-subscribed").await;
    client.close().await.unwrap();
    blocking(move || drop(app));
}
