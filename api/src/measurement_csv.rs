//! Measurements sent as CSV: a header naming the columns `value` and `measured_on` (required),
//! `source`, `note` and `disaggregation` (optional, `sex=female;area=urban`), then one row each.
//! Every bad cell is reported by row index and column, as a batch sent as JSON would be.

use chrono::NaiveDate;
use l4a_shared::indicator::{NewMeasurement, parse_breakdown};
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};

const COLUMNS: [&str; 5] = ["value", "measured_on", "source", "note", "disaggregation"];

/// Parses CSV rows into measurements, or every cell that cannot be read.
pub fn parse(text: &[u8]) -> Result<Vec<NewMeasurement>, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text);
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(str::to_ascii_lowercase).collect(),
        Err(e) => {
            errors.push("header", Invalid::new(Rule::Format, format!("the CSV header cannot be read: {e}")));
            return Err(errors);
        }
    };
    for (index, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            let message = format!("{name:?} is not a column; the columns are {}", COLUMNS.join(", "));
            errors.push(format!("header[{index}]"), Invalid::new(Rule::UnknownField, message));
        }
    }
    for required in ["value", "measured_on"] {
        if !header.iter().any(|h| h == required) {
            errors.push("header", Invalid::new(Rule::Required, format!("the header names no {required} column")));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let column = |name: &str| header.iter().position(|h| h == name);
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                errors
                    .push(format!("rows[{index}]"), Invalid::new(Rule::Format, format!("the row cannot be read: {e}")));
                continue;
            }
        };
        let cell = |name: &str| column(name).and_then(|i| record.get(i)).unwrap_or("");
        let field = |name: &str| format!("rows[{index}].{name}");
        let value = cell("value")
            .parse::<f64>()
            .map_err(|_| Invalid::new(Rule::Type, format!("{:?} is not a number", cell("value"))));
        let measured_on = NaiveDate::parse_from_str(cell("measured_on"), "%Y-%m-%d")
            .map_err(|_| Invalid::new(Rule::Format, format!("{:?} is not a date (YYYY-MM-DD)", cell("measured_on"))));
        let disaggregation = parse_breakdown(cell("disaggregation"));
        let value = errors.check(&field("value"), value);
        let measured_on = errors.check(&field("measured_on"), measured_on);
        let disaggregation = errors.check(&field("disaggregation"), disaggregation);
        if let (Some(value), Some(measured_on), Some(disaggregation)) = (value, measured_on, disaggregation) {
            rows.push(NewMeasurement {
                value,
                measured_on,
                source: cell("source").to_owned(),
                note: cell("note").to_owned(),
                disaggregation,
            });
        }
    }
    errors.finish(|| Some(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_by_their_header_in_any_order() {
        let text = b"measured_on,value,disaggregation,source\n2025-01-31,12.5,,Register\n2025-02-28,7,sex=female; area=urban,Register\n";
        let rows = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].value, 12.5);
        assert_eq!(rows[0].disaggregation, None);
        let breakdown = rows[1].disaggregation.clone().unwrap_or_default();
        assert_eq!(breakdown.get("area").map(String::as_str), Some("urban"));
        assert_eq!(rows[1].source, "Register");
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column() {
        let text = b"value,measured_on,disaggregation\nten,2025-01-31,\n3,31/01/2025,\n4,2025-01-31,sex\n";
        let errors = parse(text).err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["rows[0].value", "rows[1].measured_on", "rows[2].disaggregation"]);
    }

    #[test]
    fn an_unknown_or_missing_column_is_refused_before_any_row() {
        let errors = parse(b"value,when\n1,2025-01-01\n").err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["header[1]", "header"]);
    }
}
