//! The open data as one CSV file per table in a ZIP archive, with a `README.md` data dictionary
//! written from the same column list as the files, so that the two cannot disagree.
//!
//! Each table is written to a temporary file while the hubs are read a batch at a time, then the
//! files are deflated into the archive, itself a temporary file sent in chunks: the memory stays
//! that of one batch whatever the number of hubs.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Read as _, Seek as _, Write as _};

use chrono::{DateTime, Utc};
use l4a_shared::export::{HubExport, Licence};
use zip::write::SimpleFileOptions;

/// One table: its file name, what a row is, its columns and how a hub's rows are written.
pub struct Table {
    /// `hubs` for `hubs.csv`.
    pub name: &'static str,
    /// What one row is.
    pub meaning: &'static str,
    /// Each column's name and meaning.
    pub columns: &'static [(&'static str, &'static str)],
    /// The rows one hub contributes, each with one cell per column.
    pub rows: fn(&HubExport) -> Vec<Vec<String>>,
    /// Whether rows shared by several hubs (a recommendation citing two) are written once.
    pub shared_rows: bool,
}

fn date(day: chrono::NaiveDate) -> String {
    day.to_string()
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn joined<T: ToString>(values: &[T]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join("|")
}

/// Every table, in the archive's order.
pub fn tables() -> Vec<Table> {
    vec![
        Table {
            name: "hubs",
            meaning: "One public hub (active or completed).",
            columns: &[
                ("id", "The hub's id (UUID)."),
                ("slug", "The hub's short name in its web address."),
                ("name", "Its name."),
                ("summary", "One paragraph on what it does."),
                ("country", "ISO 3166-1 alpha-2 code of its country."),
                ("city", "Its city, if it is one city's."),
                ("lead_organisation_id", "The lead organisation (see hub_organisations.csv)."),
                ("sdgs", "The Sustainable Development Goals it serves, `|`-separated (1-17)."),
                ("sdg_targets", "The SDG targets it serves, `|`-separated (`11.3`)."),
                ("modality", "`hub` (one place) or `network` (several)."),
                ("status", "`active` or `completed`."),
                ("start_date", "First day of its period (YYYY-MM-DD)."),
                ("end_date", "Last day of its period."),
                ("label_granted_on", "When UCLG granted the Local4Action label."),
                ("deliverables_total", "How many deliverables it has."),
                ("deliverables_delivered", "How many of them are delivered."),
                ("deliverables_late", "How many are past due and not delivered."),
                ("indicators_total", "How many impact indicators it has."),
                ("indicators_on_track", "How many of them are on track."),
                ("synchronization_degree", "Its synchronization degree (0-100, see the domain page)."),
                ("reporting_status", "`green`, `yellow` or `red`: how recently it reported."),
                ("updated_at", "When it last changed (UTC)."),
            ],
            rows: |export| {
                let hub = &export.hub;
                let figures = &hub.figures;
                vec![vec![
                    hub.id.clone(),
                    hub.slug.clone(),
                    hub.name.clone(),
                    hub.summary.clone(),
                    hub.country.clone(),
                    optional(hub.city.as_ref()),
                    hub.lead_organisation_id.clone(),
                    joined(&hub.sdgs),
                    joined(&hub.sdg_targets),
                    hub.modality.as_str().to_owned(),
                    hub.status.as_str().to_owned(),
                    date(hub.start_date),
                    date(hub.end_date),
                    optional(hub.label_granted_on),
                    figures.deliverables_total.to_string(),
                    figures.deliverables_delivered.to_string(),
                    figures.deliverables_late.to_string(),
                    figures.indicators_total.to_string(),
                    figures.indicators_on_track.to_string(),
                    figures.synchronization_degree.to_string(),
                    figures.reporting_status.as_str().to_owned(),
                    time(hub.updated_at),
                ]]
            },
            shared_rows: false,
        },
        Table {
            name: "hub_organisations",
            meaning: "One organisation of a hub: its lead, or one of its partners.",
            columns: &[
                ("hub_id", "The hub."),
                ("role", "`lead` or `partner`."),
                ("organisation_id", "The organisation's id."),
                ("name", "Its name."),
                ("kind", "What it is (`local_government`, `university`, …)."),
                ("country", "ISO 3166-1 alpha-2 code of its country."),
                ("region", "Its UCLG world region."),
            ],
            rows: |export| {
                let hub = &export.hub;
                std::iter::once(("lead", &hub.lead_organisation))
                    .chain(hub.partner_organisations.iter().map(|partner| ("partner", partner)))
                    .map(|(role, organisation)| {
                        vec![
                            hub.id.clone(),
                            role.to_owned(),
                            organisation.id.clone(),
                            organisation.name.clone(),
                            organisation.kind.as_str().to_owned(),
                            organisation.country.clone(),
                            organisation.region.as_str().to_owned(),
                        ]
                    })
                    .collect()
            },
            shared_rows: false,
        },
        Table {
            name: "deliverables",
            meaning: "One deliverable a hub committed to.",
            columns: &[
                ("id", "The deliverable's id."),
                ("hub_id", "Its hub."),
                ("title", "Its title."),
                ("kind", "What it is (`tool`, `publication`, …)."),
                ("due_date", "When it is due."),
                ("status", "Where it stands (`planned`, `in_progress`, `delivered`, `cancelled`)."),
                ("delivered_on", "When it was delivered."),
                ("evidence_url", "Where its evidence is."),
                ("late", "`true` when past due and not delivered."),
            ],
            rows: |export| {
                export
                    .deliverables
                    .iter()
                    .map(|d| {
                        vec![
                            d.id.clone(),
                            d.hub_id.clone(),
                            d.title.clone(),
                            d.kind.as_str().to_owned(),
                            date(d.due_date),
                            d.status.as_str().to_owned(),
                            optional(d.delivered_on),
                            optional(d.evidence_url.as_ref()),
                            d.late.to_string(),
                        ]
                    })
                    .collect()
            },
            shared_rows: false,
        },
        Table {
            name: "stakeholders",
            meaning: "One stakeholder of a hub (never their contact details).",
            columns: &[
                ("id", "The stakeholder's id."),
                ("hub_id", "Its hub."),
                ("name", "Its name."),
                ("kind", "What it is (`citizens_group`, `business`, …)."),
                ("role", "Its role in the hub."),
                ("took_part_in_criteria", "Whether it took part in defining the hub's success criteria."),
            ],
            rows: |export| {
                export
                    .stakeholders
                    .iter()
                    .map(|s| {
                        vec![
                            s.id.clone(),
                            s.hub_id.clone(),
                            s.name.clone(),
                            s.kind.as_str().to_owned(),
                            s.role.as_str().to_owned(),
                            s.took_part_in_criteria.to_string(),
                        ]
                    })
                    .collect()
            },
            shared_rows: false,
        },
        Table {
            name: "activities",
            meaning: "One activity of a hub: an event, a training, a peer exchange.",
            columns: &[
                ("id", "The activity's id."),
                ("hub_id", "Its hub."),
                ("kind", "What it was."),
                ("title", "Its title."),
                ("date", "When it took place."),
                ("place", "Where."),
                ("url", "Where to read about it."),
                ("venice_edition", "The Venice City Solutions 2030 edition it was part of, if any."),
            ],
            rows: |export| {
                export
                    .activities
                    .iter()
                    .map(|a| {
                        vec![
                            a.id.clone(),
                            a.hub_id.clone(),
                            a.kind.as_str().to_owned(),
                            a.title.clone(),
                            date(a.date),
                            optional(a.place.as_ref()),
                            optional(a.url.as_ref()),
                            optional(a.venice_edition),
                        ]
                    })
                    .collect()
            },
            shared_rows: false,
        },
        Table {
            name: "indicators",
            meaning: "One impact indicator of a hub, with its figures on the day of the export.",
            columns: &[
                ("id", "The indicator's id."),
                ("hub_id", "Its hub."),
                ("name", "Its name."),
                ("dimension", "What it measures (`social`, `economic`, `environmental`, `governance`)."),
                ("unit", "Its unit."),
                ("direction", "`increase` or `decrease`: which way is progress."),
                ("baseline_value", "Its value at the start."),
                ("baseline_date", "When the baseline was measured."),
                ("target_value", "The value aimed for."),
                ("target_date", "When it is aimed for."),
                ("sdg_target", "The SDG target it tracks, if any."),
                ("latest_value", "Its latest total measurement."),
                ("latest_measured_on", "When that was measured."),
                ("progress", "Progress from baseline to target (0-1), if measured."),
                ("on_track", "Whether it is on track for its target."),
            ],
            rows: |export| {
                export
                    .indicators
                    .iter()
                    .map(|i| {
                        let latest = i.figures.latest.as_ref();
                        vec![
                            i.id.clone(),
                            i.hub_id.clone(),
                            i.name.clone(),
                            i.dimension.as_str().to_owned(),
                            i.unit.clone(),
                            i.direction.as_str().to_owned(),
                            i.baseline_value.to_string(),
                            date(i.baseline_date),
                            i.target_value.to_string(),
                            date(i.target_date),
                            optional(i.sdg_target.as_ref()),
                            optional(latest.map(|l| l.value)),
                            optional(latest.map(|l| l.measured_on)),
                            optional(i.figures.progress),
                            optional(i.figures.on_track),
                        ]
                    })
                    .collect()
            },
            shared_rows: false,
        },
        Table {
            name: "measurements",
            meaning: "One measurement of an indicator: a total, or one breakdown's value.",
            columns: &[
                ("id", "The measurement's id."),
                ("indicator_id", "The indicator measured."),
                ("hub_id", "Its hub."),
                ("measured_on", "When it was measured."),
                ("value", "The value, in the indicator's unit."),
                ("breakdown", "For a breakdown, its dimensions as JSON (`{\"sex\":\"female\"}`); empty for the total."),
                ("source", "Where the value comes from."),
                ("recorded_at", "When it was recorded (UTC)."),
            ],
            rows: |export| {
                export
                    .measurements
                    .iter()
                    .map(|m| {
                        vec![
                            m.id.clone(),
                            m.indicator_id.clone(),
                            export.hub.id.clone(),
                            date(m.measured_on),
                            m.value.to_string(),
                            m.disaggregation
                                .as_ref()
                                .map(|d| serde_json::to_string(d).unwrap_or_default())
                                .unwrap_or_default(),
                            m.source.clone(),
                            time(m.created_at),
                        ]
                    })
                    .collect()
            },
            shared_rows: false,
        },
        Table {
            name: "reports",
            meaning: "One approved progress report of a hub.",
            columns: &[
                ("id", "The report's id."),
                ("hub_id", "Its hub."),
                ("period_start", "First day of the period reported on."),
                ("period_end", "Last day of it."),
                ("achievements", "What was achieved."),
                ("challenges", "What stood in the way."),
                ("next_steps", "What comes next."),
                ("approved_at", "When the Secretariat approved it (UTC)."),
            ],
            rows: |export| {
                export
                    .reports
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.clone(),
                            r.hub_id.clone(),
                            date(r.period_start),
                            date(r.period_end),
                            r.achievements.clone(),
                            r.challenges.clone(),
                            r.next_steps.clone(),
                            optional(r.decided_at.map(time)),
                        ]
                    })
                    .collect()
            },
            shared_rows: false,
        },
        Table {
            name: "recommendations",
            meaning: "One published policy recommendation citing at least one public hub.",
            columns: &[
                ("id", "The recommendation's id."),
                ("policy_council_id", "The UCLG policy council it is written for."),
                ("title_en", "Its title in English."),
                ("title_fr", "In French (empty when not translated)."),
                ("title_es", "In Spanish (empty when not translated)."),
                ("presented_at", "The event it was presented at."),
                ("presented_on", "When."),
                ("published_at", "When it was published (UTC)."),
            ],
            rows: |export| {
                export
                    .recommendations
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.clone(),
                            r.policy_council_id.clone(),
                            r.title.en.clone(),
                            r.title.fr.clone(),
                            r.title.es.clone(),
                            optional(r.presented_at.as_ref().map(|p| p.event.clone())),
                            optional(r.presented_at.as_ref().map(|p| p.date)),
                            optional(r.published_at.map(time)),
                        ]
                    })
                    .collect()
            },
            shared_rows: true,
        },
        Table {
            name: "recommendation_citations",
            meaning: "One piece of evidence a published recommendation cites.",
            columns: &[
                ("recommendation_id", "The recommendation."),
                ("kind", "What is cited: `hub`, `deliverable`, `indicator` or `report`."),
                ("id", "The id of what is cited (in the table of that kind)."),
                ("note", "What it shows, in one line."),
            ],
            rows: |export| {
                export
                    .recommendations
                    .iter()
                    .flat_map(|r| {
                        r.citations
                            .iter()
                            .map(|c| vec![r.id.clone(), c.kind.as_str().to_owned(), c.id.clone(), c.note.clone()])
                    })
                    .collect()
            },
            shared_rows: true,
        },
    ]
}

/// The data dictionary: what each file and column means, under which licence, and when.
pub fn readme(tables: &[Table], licence: &Licence, generated_at: DateTime<Utc>) -> String {
    let mut text = format!(
        "# Local4Action HUBs open data\n\nGenerated at {} (UTC).\n\nLicence: {} ({}), {}. Credit: {}.\n\n\
         Every public hub (active or completed) with its public records; no contact details, drafts or \
         hubs not yet labelled. UTF-8 CSV, comma-separated, one header row; lists inside a cell are \
         separated by `|`; dates are YYYY-MM-DD and times RFC 3339 in UTC.\n",
        time(generated_at),
        licence.name,
        licence.id,
        licence.url,
        licence.attribution
    );
    for table in tables {
        text.push_str(&format!("\n## {}.csv\n\n{}\n\n| column | meaning |\n|---|---|\n", table.name, table.meaning));
        for (name, meaning) in table.columns {
            text.push_str(&format!("| `{name}` | {} |\n", meaning.replace('|', "\\|")));
        }
    }
    text
}

/// The tables being written, one temporary CSV file each.
pub struct TablesWriter {
    tables: Vec<Table>,
    files: Vec<csv::Writer<File>>,
    written: Vec<HashSet<Vec<String>>>,
}

impl TablesWriter {
    /// Empty tables, with their header rows.
    pub fn new() -> io::Result<Self> {
        let tables = tables();
        let mut files = Vec::with_capacity(tables.len());
        for table in &tables {
            let mut writer = csv::Writer::from_writer(tempfile::tempfile()?);
            writer.write_record(table.columns.iter().map(|(name, _)| *name)).map_err(io::Error::other)?;
            files.push(writer);
        }
        let written = tables.iter().map(|_| HashSet::new()).collect();
        Ok(Self { tables, files, written })
    }

    /// Appends one hub's rows to every table.
    pub fn add(&mut self, hub: &HubExport) -> io::Result<()> {
        for ((table, file), written) in self.tables.iter().zip(&mut self.files).zip(&mut self.written) {
            for row in (table.rows)(hub) {
                if table.shared_rows && !written.insert(row.clone()) {
                    continue;
                }
                file.write_record(&row).map_err(io::Error::other)?;
            }
        }
        Ok(())
    }

    /// The ZIP archive of every table and the data dictionary, as a temporary file at its start.
    pub fn finish(self, licence: &Licence, generated_at: DateTime<Utc>) -> io::Result<File> {
        let mut archive = zip::ZipWriter::new(tempfile::tempfile()?);
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip_time(generated_at));
        let zip_error = |e: zip::result::ZipError| io::Error::other(e.to_string());
        archive.start_file("README.md", options).map_err(zip_error)?;
        archive.write_all(readme(&self.tables, licence, generated_at).as_bytes())?;
        for (table, file) in self.tables.iter().zip(self.files) {
            let mut file = file.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
            file.rewind()?;
            archive.start_file(format!("{}.csv", table.name), options).map_err(zip_error)?;
            io::copy(&mut file, &mut archive)?;
        }
        let mut done = archive.finish().map_err(zip_error)?;
        done.rewind()?;
        Ok(done)
    }
}

/// The archive's entries carry the export's time (ZIP keeps local time; UTC is written).
fn zip_time(at: DateTime<Utc>) -> zip::DateTime {
    use chrono::{Datelike as _, Timelike as _};
    zip::DateTime::from_date_and_time(
        u16::try_from(at.year()).unwrap_or(1980),
        u8::try_from(at.month()).unwrap_or(1),
        u8::try_from(at.day()).unwrap_or(1),
        u8::try_from(at.hour()).unwrap_or(0),
        u8::try_from(at.minute()).unwrap_or(0),
        u8::try_from(at.second()).unwrap_or(0),
    )
    .unwrap_or_default()
}

/// Reads `file` in chunks of `size` bytes, handing each to `send` until it answers `false`.
pub fn send_in_chunks(mut file: File, size: usize, send: impl Fn(Vec<u8>) -> bool) -> io::Result<()> {
    loop {
        let mut chunk = vec![0; size];
        let read = file.read(&mut chunk)?;
        if read == 0 {
            return Ok(());
        }
        chunk.truncate(read);
        if !send(chunk) {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_table_names_its_columns_once() {
        for table in super::tables() {
            let mut names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), table.columns.len(), "{}", table.name);
        }
    }
}
