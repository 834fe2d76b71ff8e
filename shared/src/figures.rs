//! Derived figures shared by the API, the web app and exports, each defined once.

use chrono::NaiveDate;

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
    fn an_empty_span_is_elapsed_once_its_day_has_come() {
        let day = date(2025, 1, 1);
        assert_eq!(elapsed_fraction(day, day, date(2024, 12, 31)), 0.0);
        assert_eq!(elapsed_fraction(day, day, day), 1.0);
    }
}
