//! Derived figures shared by the API, the web app and exports, each defined once.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

wire_enum!(
    /// Whether a hub keeps its record current, as the UN's registry of SDG commitments rates its
    /// initiatives: `green` when its last report is less than 12 months old, `yellow` within 24,
    /// `red` beyond. Once a hub has an approved progress report, the end of the period of its
    /// latest approved report is what counts, whatever was recorded since; before its first, the
    /// last measurement or deliverable change counts. A submitted report counts only once approved.
    ReportingStatus {
        /// Recorded in the last 12 months.
        Green => "green",
        /// Last recorded 12 to 24 months ago.
        Yellow => "yellow",
        /// Nothing recorded for more than 24 months.
        Red => "red",
    }
);

/// The reporting status on `today` of a hub whose record last changed on `last_update`.
pub fn reporting_status(last_update: NaiveDate, today: NaiveDate) -> ReportingStatus {
    let months_ago = |months| today.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN);
    if last_update >= months_ago(12) {
        ReportingStatus::Green
    } else if last_update >= months_ago(24) {
        ReportingStatus::Yellow
    } else {
        ReportingStatus::Red
    }
}

/// The reporting status on `today` of a hub whose record last changed on `last_update`, and
/// whose latest approved progress report, if it has one, ended on `last_report_end`. Once a hub
/// has an approved report, that report's end is what counts, whatever was recorded since; before
/// its first, its last record does. A submitted report that is not yet approved changes nothing.
pub fn reporting_status_with_reports(
    last_update: NaiveDate,
    last_report_end: Option<NaiveDate>,
    today: NaiveDate,
) -> ReportingStatus {
    reporting_status(last_report_end.unwrap_or(last_update), today)
}

/// A hub's derived figures, returned with the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubFigures {
    /// How many deliverables it announced.
    pub deliverables_total: u32,
    /// How many are delivered.
    pub deliverables_delivered: u32,
    /// How many are late (open after their due date).
    pub deliverables_late: u32,
    /// How many impact indicators it follows.
    pub indicators_total: u32,
    /// How many of them are on track.
    pub indicators_on_track: u32,
    /// How many distinct hubs it is connected to.
    pub synchronization_degree: u32,
    /// Whether it keeps its record current: from its latest approved progress report, or before
    /// its first one from its last recorded change (see `ReportingStatus`).
    pub reporting_status: ReportingStatus,
}

/// The fraction of the time from `start` to `end` that has elapsed on `date`, clamped to [0, 1].
/// An empty or reversed span counts as fully elapsed once `date` reaches its end.
pub fn elapsed_fraction(start: NaiveDate, end: NaiveDate, date: NaiveDate) -> f64 {
    let span = (end - start).num_days();
    if span <= 0 {
        return if date >= end { 1.0 } else { 0.0 };
    }
    let elapsed = (date - start).num_days();
    // Day counts stay far below 2^52, so the conversions are exact.
    #[expect(clippy::cast_precision_loss, reason = "day counts are small")]
    let fraction = elapsed as f64 / span as f64;
    fraction.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn the_elapsed_fraction_runs_from_0_to_1_across_the_span_and_is_clamped_outside() {
        let (start, end) = (date(2025, 1, 1), date(2025, 1, 11));
        assert_eq!(elapsed_fraction(start, end, start), 0.0);
        assert_eq!(elapsed_fraction(start, end, date(2025, 1, 6)), 0.5);
        assert_eq!(elapsed_fraction(start, end, end), 1.0);
        assert_eq!(elapsed_fraction(start, end, date(2024, 12, 1)), 0.0, "before the start");
        assert_eq!(elapsed_fraction(start, end, date(2026, 1, 1)), 1.0, "after the end");
    }

    #[test]
    fn the_reporting_status_turns_yellow_after_12_months_and_red_after_24() {
        let today = date(2026, 6, 15);
        assert_eq!(reporting_status(today, today), ReportingStatus::Green);
        assert_eq!(reporting_status(date(2025, 6, 15), today), ReportingStatus::Green, "exactly 12 months");
        assert_eq!(reporting_status(date(2025, 6, 14), today), ReportingStatus::Yellow);
        assert_eq!(reporting_status(date(2024, 6, 15), today), ReportingStatus::Yellow, "exactly 24 months");
        assert_eq!(reporting_status(date(2024, 6, 14), today), ReportingStatus::Red);
    }

    #[test]
    fn an_empty_span_is_elapsed_once_its_day_has_come() {
        let day = date(2025, 1, 1);
        assert_eq!(elapsed_fraction(day, day, date(2024, 12, 31)), 0.0);
        assert_eq!(elapsed_fraction(day, day, day), 1.0);
    }
}
