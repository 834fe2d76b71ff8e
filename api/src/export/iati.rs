//! IATI Standard 2.03 activity XML: one `iati-activity` per public hub, so that the hubs count in
//! the aid-transparency registries that the UN's follow-up of the 2030 Agenda reads.
//!
//! The mapping (also in the README):
//! - `iati-identifier`: the publisher's prefix (`IATI_PUBLISHER_PREFIX`), a dash, the hub's id;
//! - `reporting-org`: UCLG (configurable); `participating-org`: the lead as accountable (role 2)
//!   and implementing (4), each partner as implementing (4), typed by organisation kind;
//! - `title` and `description` narratives in English, the platform's working language;
//! - `activity-status`: active 2 (implementation), completed 4 (closed);
//! - `activity-date`: planned start (1) and end (3), actual start (2) once begun, actual end (4)
//!   once completed;
//! - `recipient-country`: the hub's country;
//! - `sector` with vocabularies 7 (SDG goal) and 8 (SDG target), percentages shared equally
//!   within each vocabulary; `tag` with vocabularies 2 (goal) and 3 (target);
//! - `document-link`: the hub's page (A12), delivered deliverables' evidence (A08), approved
//!   progress reports (A07);
//! - `result`: one per impact indicator, type 3 (impact), referring to its SDG target (indicator
//!   vocabulary 9), with its baseline and one period per year up to its target date: the value
//!   its trajectory expects at the period's end, and the latest total and breakdowns measured in it.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use l4a_shared::export::HubExport;
use l4a_shared::hub::HubStatus;
use l4a_shared::indicator::{Direction, Indicator, Measurement};
use l4a_shared::organisation::{OrganisationKind, OrganisationSummary};

use super::Publisher;

/// The IATI Standard version written.
pub const VERSION: &str = "2.03";

/// The document's start, before its activities: the licence in a comment, the generation time
/// in `generated-datetime`.
pub fn head(publisher: &Publisher, generated_at: DateTime<Utc>) -> String {
    let licence = &publisher.licence;
    // "--" may not appear inside an XML comment.
    let said =
        format!("Published by {} under {} ({}).", licence.attribution, licence.name, licence.url).replace("--", "- -");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- {said} -->\n<iati-activities version=\"{VERSION}\" generated-datetime=\"{}\">\n",
        generated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )
}

/// The document's end, after its activities.
pub const TAIL: &str = "</iati-activities>\n";

/// A document of the given hubs.
pub fn document(publisher: &Publisher, hubs: &[HubExport], generated_at: DateTime<Utc>, today: NaiveDate) -> String {
    let mut xml = head(publisher, generated_at);
    for hub in hubs {
        xml.push_str(&activity(publisher, hub, today));
    }
    xml.push_str(TAIL);
    xml
}

/// Text as XML character data or an attribute value: escaped, and without the control characters
/// XML 1.0 cannot carry.
fn text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A narrative in English, the language the platform's records are written in.
fn narrative(value: &str) -> String {
    format!("<narrative xml:lang=\"en\">{}</narrative>", text(value))
}

/// The IATI OrganisationType code of an organisation kind.
pub fn organisation_type(kind: OrganisationKind) -> &'static str {
    match kind {
        OrganisationKind::NationalGovernment => "10",
        OrganisationKind::LocalGovernment | OrganisationKind::RegionalGovernment => "11",
        OrganisationKind::CivilSociety => "22",
        OrganisationKind::InternationalOrganisation => "40",
        OrganisationKind::PrivateSector => "70",
        OrganisationKind::Academia => "80",
        OrganisationKind::LrgAssociation => "90",
    }
}

/// The IATI ActivityStatus code of a hub's status.
pub fn activity_status(status: HubStatus) -> &'static str {
    match status {
        HubStatus::Active => "2",
        HubStatus::Completed => "4",
        HubStatus::Archived => "5",
        HubStatus::Suspended => "6",
    }
}

/// `count` percentages that add up to exactly 100, with two decimals.
fn shares(count: usize) -> Vec<String> {
    let count = u32::try_from(count).unwrap_or(u32::MAX).max(1);
    let (each, left) = (10_000 / count, 10_000 % count);
    (0..count).map(|i| each + u32::from(i < left)).map(|h| format!("{}.{:02}", h / 100, h % 100)).collect()
}

/// One hub as an `iati-activity`.
pub fn activity(publisher: &Publisher, export: &HubExport, today: NaiveDate) -> String {
    let hub = &export.hub;
    let mut xml = String::new();
    let _ = writeln!(
        xml,
        "  <iati-activity last-updated-datetime=\"{}\" xml:lang=\"en\" hierarchy=\"1\">",
        hub.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    let _ = writeln!(
        xml,
        "    <iati-identifier>{}-{}</iati-identifier>",
        text(&publisher.reporting_org_ref),
        text(&hub.id)
    );
    let _ = writeln!(
        xml,
        "    <reporting-org ref=\"{}\" type=\"{}\">{}</reporting-org>",
        text(&publisher.reporting_org_ref),
        text(&publisher.reporting_org_type),
        narrative(&publisher.reporting_org_name)
    );
    let _ = writeln!(xml, "    <title>{}</title>", narrative(&hub.name));
    let _ = writeln!(xml, "    <description type=\"1\">{}</description>", narrative(&hub.summary));
    if !hub.description.trim().is_empty() {
        let _ = writeln!(xml, "    <description type=\"2\">{}</description>", narrative(&hub.description));
    }
    let organisation = |xml: &mut String, role: &str, org: &OrganisationSummary| {
        let _ = writeln!(
            xml,
            "    <participating-org role=\"{role}\" type=\"{}\">{}</participating-org>",
            organisation_type(org.kind),
            narrative(&org.name)
        );
    };
    organisation(&mut xml, "2", &hub.lead_organisation);
    organisation(&mut xml, "4", &hub.lead_organisation);
    for partner in &hub.partner_organisations {
        organisation(&mut xml, "4", partner);
    }
    let _ = writeln!(xml, "    <activity-status code=\"{}\"/>", activity_status(hub.status));
    let date = |xml: &mut String, kind: &str, day: NaiveDate| {
        let _ = writeln!(xml, "    <activity-date type=\"{kind}\" iso-date=\"{day}\"/>");
    };
    date(&mut xml, "1", hub.start_date);
    if hub.start_date <= today {
        date(&mut xml, "2", hub.start_date);
    }
    date(&mut xml, "3", hub.end_date);
    if hub.status == HubStatus::Completed {
        date(&mut xml, "4", hub.end_date.min(today));
    }
    let _ = writeln!(xml, "    <recipient-country code=\"{}\" percentage=\"100\"/>", text(&hub.country));
    for (goal, share) in hub.sdgs.iter().zip(shares(hub.sdgs.len())) {
        let _ = writeln!(xml, "    <sector vocabulary=\"7\" code=\"{goal}\" percentage=\"{share}\"/>");
    }
    for (target, share) in hub.sdg_targets.iter().zip(shares(hub.sdg_targets.len())) {
        let _ = writeln!(xml, "    <sector vocabulary=\"8\" code=\"{}\" percentage=\"{share}\"/>", text(target));
    }
    for goal in &hub.sdgs {
        let _ = writeln!(xml, "    <tag vocabulary=\"2\" code=\"{goal}\"/>");
    }
    for target in &hub.sdg_targets {
        let _ = writeln!(xml, "    <tag vocabulary=\"3\" code=\"{}\"/>", text(target));
    }
    let link = |xml: &mut String, url: &str, title: &str, category: &str, day: Option<NaiveDate>| {
        let _ = writeln!(xml, "    <document-link url=\"{}\" format=\"text/html\">", text(url));
        let _ = writeln!(xml, "      <title>{}</title>", narrative(title));
        let _ = writeln!(xml, "      <category code=\"{category}\"/>");
        let _ = writeln!(xml, "      <language code=\"en\"/>");
        if let Some(day) = day {
            let _ = writeln!(xml, "      <document-date iso-date=\"{day}\"/>");
        }
        xml.push_str("    </document-link>\n");
    };
    link(&mut xml, &format!("{}/hubs/{}", publisher.public_url, hub.slug), &hub.name, "A12", None);
    for deliverable in &export.deliverables {
        if let Some(url) = &deliverable.evidence_url {
            link(&mut xml, url, &deliverable.title, "A08", deliverable.delivered_on);
        }
    }
    for report in &export.reports {
        let title = format!("Progress report, {} to {}", report.period_start, report.period_end);
        let url = format!("{}/reports/{}", publisher.public_url, report.id);
        link(&mut xml, &url, &title, "A07", report.decided_at.map(|at| at.date_naive()));
    }
    for indicator in &export.indicators {
        let measured: Vec<&Measurement> =
            export.measurements.iter().filter(|m| m.indicator_id == indicator.id).collect();
        result(&mut xml, indicator, &measured);
    }
    xml.push_str("  </iati-activity>\n");
    xml
}

/// An impact indicator as a `result` of type 3 (impact): its baseline, then one period per
/// calendar year from the baseline to the target, each with the value the trajectory expects at
/// its end and the latest total measured in it, and the latest value of each breakdown measured
/// in it as an `actual` with its `dimension`s.
fn result(xml: &mut String, indicator: &Indicator, measurements: &[&Measurement]) {
    use chrono::Datelike as _;
    let measure = if indicator.unit.trim() == "%" { "2" } else { "1" };
    let ascending = indicator.direction == Direction::Increase;
    xml.push_str("    <result type=\"3\">\n");
    let _ = writeln!(xml, "      <title>{}</title>", narrative(&indicator.name));
    let _ =
        writeln!(xml, "      <indicator measure=\"{measure}\" ascending=\"{}\">", if ascending { "1" } else { "0" });
    let _ = writeln!(xml, "        <title>{}</title>", narrative(&format!("{} ({})", indicator.name, indicator.unit)));
    if !indicator.description.trim().is_empty() {
        let _ = writeln!(xml, "        <description>{}</description>", narrative(&indicator.description));
    }
    if let Some(target) = &indicator.sdg_target {
        // IndicatorVocabulary 9: the UN's SDG framework, here at the level of the target.
        let _ = writeln!(xml, "        <reference vocabulary=\"9\" code=\"{}\"/>", text(target));
    }
    let (start, end) = (indicator.baseline_date, indicator.target_date.max(indicator.baseline_date));
    let _ = writeln!(
        xml,
        "        <baseline year=\"{}\" iso-date=\"{start}\" value=\"{}\"/>",
        start.year().max(1),
        indicator.baseline_value
    );
    for year in start.year()..=end.year() {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(start).max(start);
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(end).min(end);
        let expected = indicator.baseline_value
            + (indicator.target_value - indicator.baseline_value)
                * l4a_shared::figures::elapsed_fraction(start, end, last);
        xml.push_str("        <period>\n");
        let _ = writeln!(xml, "          <period-start iso-date=\"{first}\"/>");
        let _ = writeln!(xml, "          <period-end iso-date=\"{last}\"/>");
        let _ = writeln!(xml, "          <target value=\"{}\"/>", (expected * 100.0).round() / 100.0);
        // The latest value of the total and of each breakdown measured within the period.
        let mut latest: Vec<&Measurement> = Vec::new();
        for measurement in measurements.iter().filter(|m| (first..=last).contains(&m.measured_on)) {
            match latest.iter_mut().find(|kept| kept.disaggregation == measurement.disaggregation) {
                Some(kept)
                    if (kept.measured_on, kept.created_at) <= (measurement.measured_on, measurement.created_at) =>
                {
                    *kept = measurement;
                }
                Some(_) => {}
                None => latest.push(measurement),
            }
        }
        latest.sort_by_key(|m| m.disaggregation.is_some());
        for measurement in latest {
            match &measurement.disaggregation {
                None => {
                    let _ = writeln!(xml, "          <actual value=\"{}\"/>", measurement.value);
                }
                Some(breakdown) => {
                    let _ = writeln!(xml, "          <actual value=\"{}\">", measurement.value);
                    for (name, value) in breakdown {
                        let _ =
                            writeln!(xml, "            <dimension name=\"{}\" value=\"{}\"/>", text(name), text(value));
                    }
                    xml.push_str("          </actual>\n");
                }
            }
        }
        xml.push_str("        </period>\n");
    }
    xml.push_str("      </indicator>\n    </result>\n");
}

#[cfg(test)]
mod tests {
    #[test]
    fn shares_add_up_to_a_hundred() {
        for count in 1..=17 {
            let total: f64 = super::shares(count).iter().map(|s| s.parse::<f64>().unwrap_or(0.0)).sum();
            assert!((total - 100.0).abs() < 1e-9, "{count}: {total}");
        }
        assert_eq!(super::shares(3), ["33.34", "33.33", "33.33"]);
    }

    #[test]
    fn text_is_escaped_and_loses_what_xml_cannot_carry() {
        assert_eq!(super::text("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
