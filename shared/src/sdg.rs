//! The 2030 Agenda's taxonomy: 17 goals and 169 targets, titled in the platform's three languages.

use serde::{Deserialize, Serialize};

/// The interface languages of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
}

impl Lang {
    /// Every language, in the order the interface lists them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Es];

    /// The language of a BCP 47 code (`en`, `fr`, `es`), if it is one of the platform's.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }
}

/// A text in the platform's three languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// English.
    pub en: String,
    /// French.
    pub fr: String,
    /// Spanish.
    pub es: String,
}

impl Localized {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::Es => &self.es,
        }
    }
}

/// One SDG target, e.g. `11.3`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SdgTarget {
    /// The official code, `goal.target` (`11.3`, `11.a`).
    pub code: String,
    /// The target's official text.
    pub title: Localized,
}

/// One of the 17 Sustainable Development Goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SdgGoal {
    /// The goal's number, 1 to 17.
    pub number: u8,
    /// The goal's official colour, `#RRGGBB`.
    pub colour: String,
    /// The goal's short name ("Sustainable cities and communities").
    pub short: Localized,
    /// The goal's full official title.
    pub title: Localized,
    /// The goal's targets, in official order.
    pub targets: Vec<SdgTarget>,
}

/// The whole taxonomy, with the source it was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SdgTaxonomy {
    /// Where the texts come from.
    pub source: String,
    /// Under which licence.
    pub licence: String,
    /// The 17 goals, in order.
    pub goals: Vec<SdgGoal>,
}

impl SdgTaxonomy {
    /// Finds a target by its code (`11.3`).
    pub fn target(&self, code: &str) -> Option<&SdgTarget> {
        let goal: u8 = code.split('.').next()?.parse().ok()?;
        self.goal(goal)?.targets.iter().find(|target| target.code == code)
    }

    /// Finds a goal by its number.
    pub fn goal(&self, number: u8) -> Option<&SdgGoal> {
        self.goals.iter().find(|goal| goal.number == number)
    }
}

/// The official colours of the 17 goals, indexed by goal number − 1; the SPA's badges use
/// them without waiting for the taxonomy to load.
pub const SDG_COLOURS: [&str; 17] = [
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942", "#FD6925", "#DD1367",
    "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D", "#19486A",
];

/// The colour of goal `number`, grey for a number outside 1 to 17.
pub fn sdg_colour(number: u8) -> &'static str {
    usize::from(number).checked_sub(1).and_then(|i| SDG_COLOURS.get(i)).copied().unwrap_or("#6B7280")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taxonomy() -> SdgTaxonomy {
        serde_json::from_str(include_str!("../data/sdgs.json")).unwrap_or_else(|e| panic!("sdgs.json: {e}"))
    }

    #[test]
    fn the_data_file_has_17_goals_and_169_targets_in_each_language() {
        let taxonomy = taxonomy();
        assert_eq!(taxonomy.goals.len(), 17);
        for lang in Lang::ALL {
            let goals =
                taxonomy.goals.iter().filter(|g| !g.short.get(lang).is_empty() && !g.title.get(lang).is_empty());
            assert_eq!(goals.count(), 17, "goals titled in {lang:?}");
            let targets =
                taxonomy.goals.iter().flat_map(|g| &g.targets).filter(|t| !t.title.get(lang).trim().is_empty());
            assert_eq!(targets.count(), 169, "targets titled in {lang:?}");
        }
    }

    #[test]
    fn goals_are_numbered_in_order_with_their_official_colours_and_targets() {
        let taxonomy = taxonomy();
        for (index, goal) in taxonomy.goals.iter().enumerate() {
            assert_eq!(usize::from(goal.number), index + 1);
            assert_eq!(goal.colour, sdg_colour(goal.number));
            assert!(goal.targets.iter().all(|t| t.code.starts_with(&format!("{}.", goal.number))));
        }
        assert_eq!(taxonomy.target("11.a").map(|t| t.code.as_str()), Some("11.a"));
        assert!(taxonomy.target("11.z").is_none());
        assert!(taxonomy.target("18.1").is_none());
    }

    #[test]
    fn the_source_defects_are_corrected() {
        let taxonomy = taxonomy();
        let short = |n: u8, lang: Lang| taxonomy.goal(n).map(|g| g.short.get(lang).to_owned()).unwrap_or_default();
        assert_eq!(short(7, Lang::Fr), "Énergie propre et d'un coût abordable");
        assert_eq!(short(8, Lang::Fr), "Travail décent et croissance économique");
        assert_eq!(short(11, Lang::Es), "Ciudades y comunidades sostenibles");
        let all_text = serde_json::to_string(&taxonomy).unwrap_or_default();
        assert!(!all_text.contains("Cuidades"));
        assert!(!all_text.contains("  "), "no runs of spaces");
    }
}
