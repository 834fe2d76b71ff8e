//! Countries by ISO 3166-1 alpha-2 code, and the lookup the validation rules use.

mod list {
    include!("country_list.rs");
}

pub use list::{COUNTRIES, Country};

use crate::sdg::Lang;

/// Finds a country by its alpha-2 code, ignoring case.
pub fn find(code: &str) -> Option<&'static Country> {
    let code = code.trim().to_ascii_uppercase();
    COUNTRIES.binary_search_by(|country| country.code.cmp(code.as_str())).ok().map(|index| &COUNTRIES[index])
}

impl Country {
    /// The country's name in the given language.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Fr => self.fr,
            Lang::Es => self.es,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_so_binary_search_finds_every_code() {
        assert!(COUNTRIES.windows(2).all(|pair| pair[0].code < pair[1].code));
        for country in COUNTRIES {
            assert_eq!(find(country.code), Some(country));
        }
    }

    #[test]
    fn codes_are_found_in_any_case_and_unknown_ones_are_not() {
        assert_eq!(find("tr").map(|c| c.en), Some("Türkiye"));
        assert_eq!(find("FR").map(|c| c.name(Lang::Es)), Some("Francia"));
        assert!(find("XX").is_none());
        assert!(find("FRA").is_none());
        assert!(find("").is_none());
    }

    #[test]
    fn every_assigned_code_is_listed() {
        assert_eq!(COUNTRIES.len(), 249);
    }
}
