//! Text folding shared by slugs and search: lower case without diacritics, so that
//! "Avcılar", "AVCILAR" and "avcilar" compare equal on every database backend.

/// Lower-cases `text` and strips the diacritics of Latin letters (é → e, ß → ss, ı → i).
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă'
            | 'Ą' => folded.push('a'),
            'æ' | 'Æ' => folded.push_str("ae"),
            'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' | 'Ç' | 'Ć' | 'Č' | 'Ĉ' | 'Ċ' => folded.push('c'),
            'ď' | 'đ' | 'Ď' | 'Đ' | 'ð' | 'Ð' => folded.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę'
            | 'Ě' => folded.push('e'),
            'ğ' | 'ĝ' | 'ġ' | 'ģ' | 'Ğ' | 'Ĝ' | 'Ġ' | 'Ģ' => folded.push('g'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ĭ' | 'į' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Ĭ' | 'Į' => {
                folded.push('i')
            }
            'ł' | 'ľ' | 'ĺ' | 'ļ' | 'Ł' | 'Ľ' | 'Ĺ' | 'Ļ' => folded.push('l'),
            'ñ' | 'ń' | 'ň' | 'ņ' | 'Ñ' | 'Ń' | 'Ň' | 'Ņ' => folded.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => {
                folded.push('o')
            }
            'œ' | 'Œ' => folded.push_str("oe"),
            'ř' | 'ŕ' | 'Ř' | 'Ŕ' => folded.push('r'),
            'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => folded.push('s'),
            'ß' => folded.push_str("ss"),
            'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => folded.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű'
            | 'Ų' => folded.push('u'),
            'ý' | 'ÿ' | 'Ý' | 'Ÿ' => folded.push('y'),
            'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => folded.push('z'),
            'þ' | 'Þ' => folded.push_str("th"),
            '’' | '‘' => folded.push('\''),
            other => folded.extend(other.to_lowercase()),
        }
    }
    folded
}

/// A URL slug for `name`: folded, with every run of other characters turned into one hyphen.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for ch in fold(name).chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_diacritics() {
        assert_eq!(fold("Avcılar"), fold("AVCILAR"));
        assert_eq!(fold("Xi’an São Paulo Ñuñoa Œuvre Straße"), "xi'an sao paulo nunoa oeuvre strasse");
    }

    #[test]
    fn slugs_keep_letters_and_digits_joined_by_single_hyphens() {
        assert_eq!(slugify("  Eko-Bil: Avcılar, İstanbul!  "), "eko-bil-avcilar-istanbul");
        assert_eq!(slugify("Venice City Solutions 2030"), "venice-city-solutions-2030");
        assert_eq!(slugify("西安 youth hub"), "youth-hub");
        assert_eq!(slugify("!!!"), "");
    }
}
