//! Lenient date labels: finds the date a news line starts with ("[2025-03]",
//! "**05/19/2025**:", "Sept. 2025 -") and parses dates at the precision the
//! page gave.
//!
//! Homepages are written by hand, so the parser accepts typos in month names
//! ("Februray"), dots, slashes and dashes, and never panics: garbage yields
//! `None`. It knows nothing about the DOM; callers hand it visible text.

use crate::model::PartialDate;

/// A date label found at the start of an item's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLabel {
    /// Byte offset where the label starts (after bullets and brackets).
    pub start: usize,
    /// Byte offset one past the label's last character (before a closing bracket).
    pub end: usize,
    /// Byte offset where the item's own text starts (after brackets and separators).
    pub rest: usize,
    /// What the label says, to the precision it gives.
    pub date: PartialDate,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month names and their usual abbreviations in German, French, Spanish,
/// Portuguese, Italian, Dutch, Scandinavian, Finnish, Polish, Czech,
/// Russian and Ukrainian (nominative and genitive, as "март 2024" and
/// "15 марта 2024" write them), Greek, Turkish, Indonesian, Arabic and
/// Persian, where they differ from the English ones. Sorted by bytes, for
/// a binary search (a test keeps it so).
const FOREIGN_MONTHS: &[(&str, u32)] = &[
    ("abr", 4),
    ("abril", 4),
    ("ago", 8),
    ("agosto", 8),
    ("agustos", 8),
    ("agustus", 8),
    ("aout", 8),
    ("août", 8),
    ("aprile", 4),
    ("aralik", 12),
    ("aralık", 12),
    ("augusti", 8),
    ("augustus", 8),
    ("avr", 4),
    ("avril", 4),
    ("ağustos", 8),
    ("březen", 3),
    ("března", 3),
    ("czerwca", 6),
    ("czerwiec", 6),
    ("decembre", 12),
    ("desember", 12),
    ("dez", 12),
    ("dezember", 12),
    ("dezembro", 12),
    ("dic", 12),
    ("dicembre", 12),
    ("diciembre", 12),
    ("disember", 12),
    ("duben", 4),
    ("dubna", 4),
    ("déc", 12),
    ("décembre", 12),
    ("ekim", 10),
    ("elokuu", 8),
    ("ene", 1),
    ("enero", 1),
    ("eylul", 9),
    ("eylül", 9),
    ("febbraio", 2),
    ("febrero", 2),
    ("februar", 2),
    ("februari", 2),
    ("fev", 2),
    ("fevereiro", 2),
    ("fevr", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("février", 2),
    ("gennaio", 1),
    ("giugno", 6),
    ("grudnia", 12),
    ("grudzień", 12),
    ("haziran", 6),
    ("heinäkuu", 7),
    ("helmikuu", 2),
    ("huhtikuu", 4),
    ("janeiro", 1),
    ("januar", 1),
    ("januari", 1),
    ("janv", 1),
    ("janvier", 1),
    ("joulukuu", 12),
    ("juil", 7),
    ("juillet", 7),
    ("juin", 6),
    ("julai", 7),
    ("julho", 7),
    ("juli", 7),
    ("julio", 7),
    ("junho", 6),
    ("juni", 6),
    ("junio", 6),
    ("jänner", 1),
    ("kasim", 11),
    ("kasım", 11),
    ("kesäkuu", 6),
    ("květen", 5),
    ("května", 5),
    ("kwiecień", 4),
    ("kwietnia", 4),
    ("leden", 1),
    ("ledna", 1),
    ("lipca", 7),
    ("lipiec", 7),
    ("listopad", 11),
    ("listopada", 11),
    ("lokakuu", 10),
    ("luglio", 7),
    ("lutego", 2),
    ("luty", 2),
    ("maaliskuu", 3),
    ("maart", 3),
    ("maerz", 3),
    ("maggio", 5),
    ("mai", 5),
    ("maio", 5),
    ("maj", 5),
    ("maja", 5),
    ("marca", 3),
    ("marco", 3),
    ("maret", 3),
    ("marraskuu", 11),
    ("mars", 3),
    ("mart", 3),
    ("marts", 3),
    ("marzec", 3),
    ("marzo", 3),
    ("março", 3),
    ("mayis", 5),
    ("mayo", 5),
    ("mayıs", 5),
    ("mei", 5),
    ("mär", 3),
    ("märz", 3),
    ("nisan", 4),
    ("novembre", 11),
    ("novembro", 11),
    ("noviembre", 11),
    ("ocak", 1),
    ("octobre", 10),
    ("octubre", 10),
    ("ogos", 8),
    ("okt", 10),
    ("oktober", 10),
    ("ott", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("październik", 10),
    ("października", 10),
    ("prosince", 12),
    ("prosinec", 12),
    ("septembre", 9),
    ("septiembre", 9),
    ("setembro", 9),
    ("setiembre", 9),
    ("settembre", 9),
    ("sierpień", 8),
    ("sierpnia", 8),
    ("srpen", 8),
    ("srpna", 8),
    ("styczeń", 1),
    ("stycznia", 1),
    ("subat", 2),
    ("syyskuu", 9),
    ("tammikuu", 1),
    ("temmuz", 7),
    ("toukokuu", 5),
    ("wrzesień", 9),
    ("września", 9),
    ("září", 9),
    ("únor", 2),
    ("února", 2),
    ("červen", 6),
    ("července", 7),
    ("červenec", 7),
    ("června", 6),
    ("říjen", 10),
    ("října", 10),
    ("şubat", 2),
    ("απρίλιος", 4),
    ("απριλίου", 4),
    ("αυγούστου", 8),
    ("αύγουστος", 8),
    ("δεκέμβριος", 12),
    ("δεκεμβρίου", 12),
    ("ιανουάριος", 1),
    ("ιανουαρίου", 1),
    ("ιουλίου", 7),
    ("ιουνίου", 6),
    ("ιούλιος", 7),
    ("ιούνιος", 6),
    ("μάιος", 5),
    ("μάρτιος", 3),
    ("μαΐου", 5),
    ("μαρτίου", 3),
    ("νοέμβριος", 11),
    ("νοεμβρίου", 11),
    ("οκτωβρίου", 10),
    ("οκτώβριος", 10),
    ("σεπτέμβριος", 9),
    ("σεπτεμβρίου", 9),
    ("φεβρουάριος", 2),
    ("φεβρουαρίου", 2),
    ("авг", 8),
    ("август", 8),
    ("августа", 8),
    ("апр", 4),
    ("апрель", 4),
    ("апреля", 4),
    ("березень", 3),
    ("березня", 3),
    ("вересень", 9),
    ("вересня", 9),
    ("грудень", 12),
    ("грудня", 12),
    ("дек", 12),
    ("декабрь", 12),
    ("декабря", 12),
    ("жовтень", 10),
    ("жовтня", 10),
    ("июл", 7),
    ("июль", 7),
    ("июля", 7),
    ("июн", 6),
    ("июнь", 6),
    ("июня", 6),
    ("квітень", 4),
    ("квітня", 4),
    ("липень", 7),
    ("липня", 7),
    ("листопада", 11),
    ("лютий", 2),
    ("лютого", 2),
    ("май", 5),
    ("мар", 3),
    ("март", 3),
    ("марта", 3),
    ("мая", 5),
    ("ноя", 11),
    ("нояб", 11),
    ("ноябрь", 11),
    ("ноября", 11),
    ("окт", 10),
    ("октябрь", 10),
    ("октября", 10),
    ("сен", 9),
    ("сент", 9),
    ("сентябрь", 9),
    ("сентября", 9),
    ("серпень", 8),
    ("серпня", 8),
    ("січень", 1),
    ("січня", 1),
    ("травень", 5),
    ("травня", 5),
    ("фев", 2),
    ("февраль", 2),
    ("февраля", 2),
    ("червень", 6),
    ("червня", 6),
    ("янв", 1),
    ("январь", 1),
    ("января", 1),
    ("آوریل", 4),
    ("أبريل", 4),
    ("أغسطس", 8),
    ("أكتوبر", 10),
    ("إبريل", 4),
    ("ابريل", 4),
    ("اغسطس", 8),
    ("اكتوبر", 10),
    ("اوت", 8),
    ("اکتبر", 10),
    ("دسامبر", 12),
    ("ديسمبر", 12),
    ("سبتمبر", 9),
    ("سپتامبر", 9),
    ("فبراير", 2),
    ("فوریه", 2),
    ("مارس", 3),
    ("مايو", 5),
    ("مه", 5),
    ("نوامبر", 11),
    ("نوفمبر", 11),
    ("يناير", 1),
    ("يوليو", 7),
    ("يونيو", 6),
    ("ژانویه", 1),
    ("ژوئن", 6),
    ("ژوئیه", 7),
];

/// Maps a month word to 1..=12: full names, three- and four-letter
/// abbreviations ("Sept"), full names with one or two typos, and the
/// names of other languages ("Okt", "März", "juin", "марта").
pub fn month_from_word(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if let Ok(k) = FOREIGN_MONTHS.binary_search_by(|(name, _)| (*name).cmp(w.as_str())) {
        return Some(FOREIGN_MONTHS[k].1);
    }
    if w.len() < 3 || w.len() > 10 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    for (m, name) in (1..).zip(MONTHS) {
        if w == name || (w.len() <= 4 && name.starts_with(&w)) {
            return Some(m);
        }
    }
    // Typos ("Februray", "Septmber"): same first three letters and a small edit distance.
    if w.len() >= 5 {
        for (m, name) in (1..).zip(MONTHS) {
            if name.len() >= 5 && name[..3] == w[..3] && edit_distance(&w, name) <= 2 {
                return Some(m);
            }
        }
    }
    None
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn valid_year(y: i64) -> bool {
    (1900..=2100).contains(&y)
}

fn make(year: i64, month: Option<i64>, day: Option<i64>) -> Option<PartialDate> {
    if !valid_year(year) {
        return None;
    }
    let year = i32::try_from(year).ok()?;
    let month = match month {
        None => return Some(PartialDate::year(year)),
        Some(m) => u32::try_from(m).ok().filter(|m| (1..=12).contains(m))?,
    };
    let Some(day) = day else {
        return Some(PartialDate::month(year, month));
    };
    let day = u32::try_from(day).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    Some(PartialDate::day(year, month, day))
}

/// A token of a date: a run of digits, a run of letters, or one other character.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(&'a str),
    Word(&'a str),
    Sym(char),
    Space,
}

/// Tokenizes `s` into (token, byte start, byte end), stopping after `limit` tokens.
fn tokens(s: &str, limit: usize) -> Vec<(Tok<'_>, usize, usize)> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some(&(i, c)) = it.peek() {
        if out.len() >= limit {
            break;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            while let Some(&(k, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                j = k + d.len_utf8();
                it.next();
            }
            out.push((Tok::Num(&s[i..j]), i, j));
        } else if is_word_char(c) {
            let mut j = i;
            while let Some(&(k, d)) = it.peek() {
                if !is_word_char(d) {
                    break;
                }
                j = k + d.len_utf8();
                it.next();
            }
            out.push((Tok::Word(&s[i..j]), i, j));
        } else if c.is_whitespace() {
            let mut j = i;
            while let Some(&(k, d)) = it.peek() {
                if !d.is_whitespace() {
                    break;
                }
                j = k + d.len_utf8();
                it.next();
            }
            out.push((Tok::Space, i, j));
        } else {
            out.push((Tok::Sym(c), i, i + c.len_utf8()));
            it.next();
        }
    }
    out
}

/// Letters of a word in a date: Latin with its accents ("février",
/// "março") and Cyrillic ("марта"), not CJK ideographs and kana, whose
/// dates mark their parts with characters of their own (`年`, `月`).
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphabetic() || (c.is_alphabetic() && u32::from(c) < 0x2E80)
}

/// Whether the tokens from `k` are " de " or " del " (Spanish, Portuguese:
/// "15 de marzo de 2024"); returns the index after them.
fn skip_de(t: &[(Tok<'_>, usize, usize)], k: usize) -> usize {
    match (t.get(k), t.get(k + 1), t.get(k + 2)) {
        (Some((Tok::Space, _, _)), Some((Tok::Word(w), _, _)), Some((Tok::Space, _, _)))
            if w.eq_ignore_ascii_case("de") || w.eq_ignore_ascii_case("del") =>
        {
            k + 2
        }
        _ => k,
    }
}

fn num(t: Option<&(Tok<'_>, usize, usize)>, max_len: usize) -> Option<i64> {
    match t {
        Some((Tok::Num(n), _, _)) if n.len() <= max_len => n.parse().ok(),
        _ => None,
    }
}

fn is_sym(t: Option<&(Tok<'_>, usize, usize)>, set: &[char]) -> bool {
    matches!(t, Some((Tok::Sym(c), _, _)) if set.contains(c))
}

fn is_space(t: Option<&(Tok<'_>, usize, usize)>) -> bool {
    matches!(t, Some((Tok::Space, _, _)))
}

/// Matches a date at the very start of `s`; returns the date, the byte
/// length of the match, and whether it was a bare year (which needs
/// brackets or a separator around it to count as a label).
fn match_date(s: &str) -> Option<(PartialDate, usize, bool)> {
    if !s.is_ascii() && s.chars().take(40).any(|c| eastern_digit(c).is_some()) {
        return match_western(s);
    }
    let t = tokens(s, 12);
    let end = |k: usize| t[k].2;
    match t.first()? {
        (Tok::Num(a), _, _) if a.len() == 4 => {
            let year: i64 = a.parse().ok()?;
            if let Some(k) = cjk_year_mark(&t) {
                return match_cjk(&t, year, k);
            }
            // Korean: "2024. 3. 12.", "2024. 3." (a stop after each part).
            if is_sym(t.get(1), &['.'])
                && is_space(t.get(2))
                && let Some(m) = num(t.get(3), 2)
                && is_sym(t.get(4), &['.'])
            {
                if is_space(t.get(5))
                    && let Some(d) = num(t.get(6), 2)
                    && is_sym(t.get(7), &['.'])
                {
                    return make(year, Some(m), Some(d)).map(|p| (p, end(7), false));
                }
                return make(year, Some(m), None).map(|p| (p, end(4), false));
            }
            // 2024.09.20, 2024-09, 2026.01, 2024/09
            if is_sym(t.get(1), &['.', '-', '/'])
                && let Some(m) = num(t.get(2), 2)
            {
                let sep = t[1].0;
                if is_sym(t.get(3), &['.', '-', '/'])
                    && t.get(3).map(|x| x.0) == Some(sep)
                    && let Some(d) = num(t.get(4), 2)
                {
                    return make(year, Some(m), Some(d)).map(|p| (p, end(4), false));
                }
                return make(year, Some(m), None).map(|p| (p, end(2), false));
            }
            make(year, None, None).map(|p| (p, end(0), true))
        }
        (Tok::Num(a), _, _) if a.len() <= 2 => {
            let first: i64 = a.parse().ok()?;
            // 05/19/2025, 3/13/2024, 19.05.2025, 08/2019 (not "15. März 2024")
            let dotted_day = is_sym(t.get(1), &['.']) && is_space(t.get(2));
            if is_sym(t.get(1), &['/', '.', '-']) && !dotted_day {
                let sep = t[1].0;
                if let Some(second) = num(t.get(2), 4) {
                    if t[2].2 - t[2].1 == 4 {
                        return make(second, Some(first), None).map(|p| (p, end(2), false));
                    }
                    // 6/19/23: a two-digit year, with slashes only (US order).
                    if sep == Tok::Sym('/')
                        && is_sym(t.get(3), &['/'])
                        && let Some(yy) = num(t.get(4), 2).filter(|_| t[4].2 - t[4].1 == 2)
                        && !matches!(t.get(5), Some((Tok::Num(_), _, _)))
                    {
                        return make(2000 + yy, Some(first), Some(second))
                            .map(|p| (p, end(4), false));
                    }
                    if is_sym(t.get(3), &['/', '.', '-'])
                        && t.get(3).map(|x| x.0) == Some(sep)
                        && let Some(y) = num(t.get(4), 4).filter(|_| t[4].2 - t[4].1 == 4)
                    {
                        // Slashes are month-first (US) unless the first
                        // number cannot be a month (15/03/2024); dots and
                        // dashes day-first. (A list's other slash dates
                        // follow that one: see `day_first_slashes`.)
                        let (m, d) = if (sep == Tok::Sym('/') && first <= 12) || second > 12 {
                            (first, second)
                        } else {
                            (second, first)
                        };
                        return make(y, Some(m), Some(d)).map(|p| (p, end(4), false));
                    }
                }
                return None;
            }
            // 19 May 2025, 1st June 2024, 19. Mai 2025, 19 de mayo de 2025
            let mut k = if dotted_day { 2 } else { 1 };
            if matches!(t.get(k), Some((Tok::Word(w), _, _)) if ["st", "nd", "rd", "th", "er"].contains(&w.to_lowercase().as_str()))
            {
                k += 1;
            }
            let k = skip_de(&t, k);
            if !is_space(t.get(k)) {
                return None;
            }
            let Some((Tok::Word(w), _, _)) = t.get(k + 1) else {
                return None;
            };
            let m = month_from_word(w)?;
            let mut k = k + 2;
            if is_sym(t.get(k), &['.']) {
                k += 1;
            }
            if is_sym(t.get(k), &[',']) {
                k += 1;
            }
            let k = skip_de(&t, k);
            if !is_space(t.get(k)) {
                return None;
            }
            let y = num(t.get(k + 1), 4).filter(|_| t[k + 1].2 - t[k + 1].1 == 4)?;
            make(y, Some(i64::from(m)), Some(first)).map(|p| (p, end(k + 1), false))
        }
        (Tok::Word(w), _, _) if is_weekday(w) => {
            // "Sunday, 10 November 2024", "Mon, 2 Sep 2024": the date after it.
            let mut k = 1;
            if is_sym(t.get(k), &['.', ',', '،']) {
                k += 1;
            }
            if !is_space(t.get(k)) {
                return None;
            }
            let from = t.get(k + 1)?.1;
            if matches!(t.get(k + 1), Some((Tok::Word(w), _, _)) if is_weekday(w)) {
                return None;
            }
            let (date, len, bare) = match_date(&s[from..])?;
            Some((date, from + len, bare))
        }
        (Tok::Word(w), _, _) if is_vietnamese_date_word(w) => match_vietnamese(&t),
        // "Spring 2024", "Herbst 2023", "Wintersemester 2023/24": the
        // year, as precise as a season says it (terms and seasons straddle
        // months, and northern and southern seasons differ).
        (Tok::Word(w), _, _) if is_season(w) => {
            if !is_space(t.get(1)) {
                return None;
            }
            let y = num(t.get(2), 4).filter(|_| t[2].2 - t[2].1 == 4)?;
            make(y, None, None).map(|p| (p, end(2), false))
        }
        (Tok::Word(w), _, _) => {
            let m = i64::from(month_from_word(w)?);
            let mut k = 1;
            if is_sym(t.get(k), &['.']) {
                k += 1;
            }
            if is_sym(t.get(k), &[',']) {
                k += 1;
            }
            let mut k = skip_de(&t, k);
            if is_space(t.get(k)) {
                k += 1;
            }
            let n = match t.get(k) {
                Some((Tok::Num(n), _, _)) => *n,
                _ => return None,
            };
            if n.len() == 4 {
                let y: i64 = n.parse().ok()?;
                return make(y, Some(m), None).map(|p| (p, end(k), false));
            }
            if n.len() > 2 {
                return None;
            }
            let d: i64 = n.parse().ok()?;
            let mut j = k + 1;
            if matches!(t.get(j), Some((Tok::Word(w), _, _)) if ["st", "nd", "rd", "th", "er"].contains(&w.to_lowercase().as_str()))
            {
                j += 1;
            }
            if is_sym(t.get(j), &[',']) {
                j += 1;
            }
            let year = is_space(t.get(j))
                .then(|| num(t.get(j + 1), 4).filter(|_| t[j + 1].2 - t[j + 1].1 == 4))
                .flatten();
            match year {
                Some(y) => make(y, Some(m), Some(d)).map(|p| (p, end(j + 1), false)),
                // "Mar 24", "Okt 24" with no year after: month and a
                // two-digit year, as compact news lists write them.
                None if n.len() == 2 && j == k + 1 => {
                    make(2000 + d, Some(m), None).map(|p| (p, end(k), false))
                }
                None => None,
            }
        }
        _ => None,
    }
}

/// Seasons and academic terms, in the languages of [`FOREIGN_MONTHS`]
/// and English.
fn is_season(word: &str) -> bool {
    const SEASONS: &[&str] = &[
        "spring",
        "summer",
        "fall",
        "autumn",
        "winter",
        "frühjahr",
        "frühling",
        "sommer",
        "herbst",
        "sommersemester",
        "wintersemester",
        "printemps",
        "été",
        "automne",
        "hiver",
        "primavera",
        "verano",
        "otoño",
        "invierno",
        "estate",
        "autunno",
        "inverno",
        "verão",
        "outono",
    ];
    if word.len() > 14 {
        return false;
    }
    if word.is_ascii() {
        return SEASONS.iter().any(|s| word.eq_ignore_ascii_case(s));
    }
    let w = word.to_lowercase();
    SEASONS.contains(&w.as_str())
}

/// Names of the days of the week that dates may begin with, in the
/// languages of [`FOREIGN_MONTHS`] and English (full and abbreviated).
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "pazartesi",
    "salı",
    "çarşamba",
    "perşembe",
    "cuma",
    "cumartesi",
    "pazar",
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
    "الاثنين",
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الأحد",
];

fn is_weekday(word: &str) -> bool {
    // Asked of the first word of every line that may open with a date:
    // nothing is allocated for ASCII words, and the length settles most.
    if !(3..=24).contains(&word.len()) {
        return false;
    }
    if word.is_ascii() {
        return WEEKDAYS
            .iter()
            .any(|d| d.len() == word.len() && d.eq_ignore_ascii_case(word));
    }
    let w = word.to_lowercase();
    WEEKDAYS.contains(&w.as_str())
}

fn is_vietnamese_date_word(word: &str) -> bool {
    matches!(word, "ngày" | "Ngày" | "tháng" | "Tháng")
}

/// A Vietnamese date: "Ngày 2 tháng 9 năm 2023", "tháng 9 năm 2023",
/// "tháng 9/2023", "Tháng 9, 2023".
fn match_vietnamese(t: &[(Tok<'_>, usize, usize)]) -> Option<(PartialDate, usize, bool)> {
    let word_at = |k: usize, want: &str| matches!(t.get(k), Some((Tok::Word(w), _, _)) if w.to_lowercase() == want);
    let mut k = 0;
    let mut day = None;
    if word_at(0, "ngày") {
        day = Some(num(t.get(2), 2).filter(|_| is_space(t.get(1)))?);
        k = 3;
        if is_sym(t.get(k), &[',']) {
            k += 1;
        }
        if !is_space(t.get(k)) {
            return None;
        }
        k += 1;
    }
    if !word_at(k, "tháng") || !is_space(t.get(k + 1)) {
        return None;
    }
    let month = num(t.get(k + 2), 2)?;
    let mut j = k + 3;
    if is_sym(t.get(j), &['/', ',']) {
        j += 1;
    }
    if is_space(t.get(j)) {
        j += 1;
    }
    if word_at(j, "năm") && is_space(t.get(j + 1)) {
        j += 2;
    }
    let year = num(t.get(j), 4).filter(|_| t[j].2 - t[j].1 == 4)?;
    make(year, Some(month), day).map(|p| (p, t[j].2, false))
}

/// The value of an Arabic-Indic or Persian digit.
fn eastern_digit(c: char) -> Option<u8> {
    let base = match c {
        '\u{660}'..='\u{669}' => 0x660,
        '\u{6F0}'..='\u{6F9}' => 0x6F0,
        _ => return None,
    };
    u8::try_from(u32::from(c) - base).ok()
}

/// [`match_date`] on a text written with Arabic-Indic or Persian digits
/// ("١٥ يناير ٢٠٢٤"): read with Western digits, the length mapped back.
fn match_western(s: &str) -> Option<(PartialDate, usize, bool)> {
    let mut western = String::with_capacity(s.len());
    // The byte offset in `s` of the character each byte of `western` came from.
    let mut from = Vec::with_capacity(s.len());
    for (i, c) in s.char_indices().take(60) {
        let c = eastern_digit(c).map_or(c, |d| char::from(b'0' + d));
        from.extend(std::iter::repeat_n(i, c.len_utf8()));
        western.push(c);
    }
    let (date, len, bare) = match_date(&western)?;
    let end = match len.checked_sub(1) {
        Some(last) => {
            let i = from[last];
            i + s[i..].chars().next().map_or(0, char::len_utf8)
        }
        None => 0,
    };
    Some((date, end, bare))
}

/// Where the `年` after a leading year is, if there is one ("2025年",
/// "2025 年"): the date is then written the Chinese/Japanese way.
fn cjk_year_mark(t: &[(Tok<'_>, usize, usize)]) -> Option<usize> {
    let k = if is_space(t.get(1)) { 2 } else { 1 };
    is_sym(t.get(k), &['年']).then_some(k)
}

/// A date written the Chinese/Japanese way, from its tokens: "2025年7月",
/// "2025 年 7 月 15 日", "2025年"; `year_mark` is the index of `年`.
fn match_cjk(
    t: &[(Tok<'_>, usize, usize)],
    year: i64,
    year_mark: usize,
) -> Option<(PartialDate, usize, bool)> {
    // Skips optional spaces, then expects `mark` after a number of up to two digits.
    let unit = |k: usize, mark: &[char]| -> Option<(i64, usize)> {
        let k = if is_space(t.get(k)) { k + 1 } else { k };
        let n = num(t.get(k), 2)?;
        let k = if is_space(t.get(k + 1)) { k + 2 } else { k + 1 };
        is_sym(t.get(k), mark).then_some((n, k))
    };
    let Some((month, k)) = unit(year_mark + 1, &['月']) else {
        return make(year, None, None).map(|p| (p, t[year_mark].2, false));
    };
    if let Some((day, j)) = unit(k + 1, &['日', '号']) {
        return make(year, Some(month), Some(day)).map(|p| (p, t[j].2, false));
    }
    make(year, Some(month), None).map(|p| (p, t[k].2, false))
}

/// A slash date label's numbers, day first ("15/03/2024" -> 2024-03-15),
/// when it is `a/b/yyyy`; for a list whose dates one label showed to be
/// day-first (its first number above 12), the US reading of its other
/// labels ("03/04/2024" as March 4) is the wrong one.
pub fn day_first_slash(label: &str) -> Option<(PartialDate, bool)> {
    let mut parts = label.trim().split('/');
    let (Some(a), Some(b), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    let (a, b, y) = (num(a)?, num(b)?, num(y)?);
    if !(1000..=9999).contains(&y) {
        return None;
    }
    make(y, Some(b), Some(a)).map(|d| (d, a > 12))
}

/// A day and month with no year at the start of `text` ("13 Jun", "Jun 13",
/// "3. März"), as timelines write them under a year label: the month, the
/// day and the byte offset where the label ends. `None` when a year
/// follows (a whole date, which [`leading_date`] reads).
pub fn leading_day_month(text: &str) -> Option<(u32, u32, usize)> {
    let start = text.find(|c: char| !is_lead(c))?;
    let t = tokens(&text[start..], 8);
    let (month, day, k) = match (t.first()?, t.get(1), t.get(2)) {
        ((Tok::Num(d), _, _), _, _) => {
            let k = if is_sym(t.get(1), &['.']) { 2 } else { 1 };
            let Some((Tok::Word(w), _, _)) = t.get(k + 1).filter(|_| is_space(t.get(k))) else {
                return None;
            };
            (
                month_from_word(w)?,
                d.parse::<u32>().ok().filter(|_| d.len() <= 2)?,
                k + 1,
            )
        }
        ((Tok::Word(w), _, _), Some((Tok::Space, _, _)), Some((Tok::Num(d), _, _))) => (
            month_from_word(w)?,
            d.parse::<u32>().ok().filter(|_| d.len() <= 2)?,
            2,
        ),
        _ => return None,
    };
    // A year after it makes a whole date: not this.
    let mut j = k + 1;
    if is_sym(t.get(j), &[',', '.']) {
        j += 1;
    }
    if is_space(t.get(j)) && matches!(t.get(j + 1), Some((Tok::Num(n), _, _)) if n.len() == 4) {
        return None;
    }
    if matches!(t.get(k + 1), Some((Tok::Num(_) | Tok::Word(_), _, _))) {
        return None;
    }
    (1..=31)
        .contains(&day)
        .then_some((month, day, start + t[k].2))
}

/// A sentence that opens with when it happened: "In March 2024, I
/// joined…", "Im März 2024 …", "En mars 2024, …" — a month and year (or
/// a whole date) after the preposition, then a comma or the sentence.
pub fn opening_date(text: &str) -> Option<DateLabel> {
    let head = text.trim_start();
    let offset = text.len() - head.len();
    let rest = ["In ", "Im ", "En ", "Em ", "Nel "]
        .iter()
        .find_map(|p| head.strip_prefix(p))?;
    let at = offset + (head.len() - rest.len());
    let l = leading_date(rest).filter(|l| l.start == 0 && l.date.month.is_some())?;
    Some(DateLabel {
        start: offset,
        end: at + l.end,
        rest: 0,
        date: l.date,
    })
}

/// A month name alone at the start of `text`, as a label ("June: Our
/// paper…", "**March** – talk at…"), as timelines write them under a year
/// heading: the month and the byte offset where the label ends. `None`
/// when a number follows the name (a day or a year: a whole date).
pub fn leading_month(text: &str) -> Option<(u32, usize)> {
    let start = text.find(|c: char| !is_lead(c))?;
    let rest = &text[start..];
    let word_end = rest
        .find(|c: char| !c.is_alphabetic() && c != '.')
        .unwrap_or(rest.len());
    let month = month_from_word(rest[..word_end].trim_end_matches('.'))?;
    let after = &rest[word_end..];
    let sep = after.trim_start_matches(['*', '_']).trim_start();
    let mark = sep
        .chars()
        .next()
        .filter(|c| [':', '–', '—', '-', '|'].contains(c))?;
    let label_end = start + word_end + (after.len() - sep.len()) + mark.len_utf8();
    (!text[label_end..]
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit()))
    .then_some((month, label_end))
}

/// Parses a whole string as a date ("July 2024", "2024.09.20", "[2025-03]").
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let t = s
        .trim()
        .trim_matches(|c: char| "[]()*:".contains(c) || c.is_whitespace());
    let (date, len, _) = match_date(t)?;
    t[len..].trim().is_empty().then_some(date)
}

/// Characters that may precede a date label: bullets, brackets, emphasis.
fn is_lead(c: char) -> bool {
    !c.is_alphanumeric()
}

const OPENERS: &[char] = &['[', '(', '【', '*', '_'];
const CLOSERS: &[char] = &[']', ')', '】', '*', '_'];
const SEPARATORS: &[char] = &[':', '-', '–', '—', '|', '：', ',', '~'];

/// Finds a date label at the start of `text`, the way news lines begin.
/// A "New" badge before the label ("NEW [2025-09] …", "New! Sep 2025: …") is
/// passed over.
pub fn leading_date(text: &str) -> Option<DateLabel> {
    label_at_start(text).or_else(|| {
        let start = text.find(|c: char| !is_lead(c))?;
        let word_end = start + text[start..].find(|c: char| !c.is_ascii_alphabetic())?;
        if !text[start..word_end].eq_ignore_ascii_case("new") {
            return None;
        }
        let after = word_end
            + text[word_end..].find(|c: char| c.is_alphanumeric() || OPENERS.contains(&c))?;
        let l = label_at_start(&text[after..])?;
        Some(DateLabel {
            start: after + l.start,
            end: after + l.end,
            rest: after + l.rest,
            date: l.date,
        })
    })
}

fn label_at_start(text: &str) -> Option<DateLabel> {
    let start = text.find(|c: char| !is_lead(c))?;
    // Only a few leading characters (a bullet, a bracket, an emoji) may precede the label.
    if text[..start].chars().count() > 6 {
        return None;
    }
    let lead = &text[..start];
    let (date, len, bare_year) = match_date(&text[start..])?;
    let end = start + len;
    let after = &text[end..];
    // A date followed directly by a letter or digit is part of a word ("2024abc").
    if after.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let closed = after.trim_start().starts_with(CLOSERS);
    let opened = lead.trim_end().ends_with(OPENERS);
    let mut rest = end;
    let mut chars = after.char_indices().peekable();
    let mut saw_separator = false;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() || CLOSERS.contains(&c) || c == '\u{a0}' {
            rest = end + i + c.len_utf8();
            chars.next();
        } else if SEPARATORS.contains(&c) && !saw_separator {
            saw_separator = true;
            rest = end + i + c.len_utf8();
            chars.next();
        } else {
            break;
        }
    }
    if bare_year && !(closed || opened || saw_separator) {
        return None;
    }
    Some(DateLabel {
        start,
        end,
        rest,
        date,
    })
}

/// Pairs of brackets a trailing date may sit in.
const TRAILING_BRACKETS: &[(char, char)] = &[('(', ')'), ('[', ']'), ('【', '】'), ('（', '）')];

/// Separators a trailing date may follow; a hyphen needs a space before it,
/// so that "state-of-the-art" does not count.
const TRAILING_SEPARATORS: &[char] = &['—', '–', '-', '|', ',', '·', '，'];

/// Finds a date label at the end of `text`, the way some pages date their
/// news: "Gave a talk at MIT (Sep 2025)", "… — Aug. 2025", "… [June 2025]".
/// Stricter than [`leading_date`], since the end of a line is where venues
/// are named ("accepted to NeurIPS 2025"): the date needs a month, and
/// brackets around it or a separator before it. `rest` is 0: the item's
/// own text is what comes before the label.
pub fn trailing_date(text: &str) -> Option<DateLabel> {
    let body = text.trim_end_matches(|c: char| c.is_whitespace() || c == '.' || c == '。');
    let last = body.chars().last()?;
    // A label with its span trimmed, if `start..end` holds a date with a
    // month and a year written in full: at the end of a sentence "(May 13)"
    // is a day in May, not May 2013 as a news list's "Mar 24" label is.
    let dated = |start: usize, end: usize| {
        let label = &text[start..end];
        let start = start + (label.len() - label.trim_start().len());
        let end = start + label.trim().len();
        let full_year = text[start..end]
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() == 4);
        parse_date(&text[start..end])
            .filter(|d| d.month.is_some() && full_year)
            .map(|d| (start, end, d))
    };
    let (start, end, date) =
        if let Some(&(open, _)) = TRAILING_BRACKETS.iter().find(|(_, close)| *close == last) {
            let inner_end = body.len() - last.len_utf8();
            let open_at = body[..inner_end].rfind(open)?;
            dated(open_at + open.len_utf8(), inner_end)?
        } else {
            // The nearest separator may be inside the date ("May 30, 2024"):
            // try each, right to left, within a date's length of the end.
            body.char_indices()
                .rev()
                .take_while(|&(i, _)| body.len() - i <= 32)
                .filter(|&(i, c)| match c {
                    '-' => body[..i].ends_with(char::is_whitespace),
                    // A sentence ends and the date follows, as when the date
                    // is an element of its own after the text.
                    '.' => body[i + 1..].starts_with(char::is_whitespace),
                    '。' => true,
                    _ => TRAILING_SEPARATORS.contains(&c),
                })
                .find_map(|(i, c)| dated(i + c.len_utf8(), body.len()))?
        };
    let before = text[..start].trim_end_matches(|c: char| {
        c.is_whitespace()
            || TRAILING_SEPARATORS.contains(&c)
            || TRAILING_BRACKETS.iter().any(|&(open, _)| open == c)
    });
    let words = before.split_whitespace().count();
    (words >= 2).then_some(DateLabel {
        start,
        end,
        rest: 0,
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasons_and_terms_give_the_year() {
        for (label, year) in [
            ("Spring 2024", 2024),
            ("fall 2023:", 2023),
            ("Wintersemester 2023/24", 2023),
            ("Été 2022", 2022),
        ] {
            let d = leading_date(label).map(|l| l.date);
            assert_eq!(d, Some(PartialDate::year(year)), "{label}");
        }
        // A season is no month, and a season alone is no date.
        assert!(parse_date("Spring").is_none());
        assert!(parse_date("Spring 24").is_none());
    }

    fn label(s: &str) -> Option<(String, String)> {
        leading_date(s).map(|l| (s[l.start..l.end].to_string(), l.date.to_string()))
    }

    #[test]
    fn foreign_months_are_sorted_for_the_binary_search() {
        assert!(FOREIGN_MONTHS.windows(2).all(|w| w[0].0 < w[1].0));
        // English names are found by `MONTHS`, with their typos and abbreviations.
        assert!(FOREIGN_MONTHS.iter().all(|(n, _)| !MONTHS.contains(n)));
    }

    #[test]
    fn parses_every_documented_format() {
        let cases = [
            ("05/19/2025", "2025-05-19"),
            ("3/13/2024", "2024-03-13"),
            ("2026.01", "2026-01"),
            ("2024.09.20", "2024-09-20"),
            ("July 2024", "2024-07"),
            ("Sept. 2025", "2025-09"),
            ("Februray 2025", "2025-02"),
            ("[2025-03]", "2025-03"),
            ("May 30, 2024", "2024-05-30"),
            ("Jan 14, 2025", "2025-01-14"),
            ("2023", "2023"),
            ("[Sept. 2024]", "2024-09"),
            ("19 May 2025", "2025-05-19"),
            ("08/2019", "2019-08"),
            ("September 2024", "2024-09"),
            ("Mar 2026", "2026-03"),
        ];
        for (s, want) in cases {
            assert_eq!(
                parse_date(s).map(|d| d.to_string()),
                Some(want.to_string()),
                "{s}"
            );
        }
    }

    #[test]
    fn month_names_of_other_languages_and_their_connectives() {
        for (s, want) in [
            ("15 de marzo de 2024", "2024-03-15"),
            ("octubre de 2023", "2023-10"),
            ("2 de fevereiro de 2024", "2024-02-02"),
            ("15. März 2024", "2024-03-15"),
            ("3 février 2024", "2024-02-03"),
            ("décembre 2023", "2023-12"),
            ("январь 2024", "2024-01"),
            ("15 марта 2024", "2024-03-15"),
            ("май 2023", "2023-05"),
            ("12 maggio 2024", "2024-05-12"),
            ("maart 2024", "2024-03"),
        ] {
            assert_eq!(
                parse_date(s).map(|d| d.to_string()),
                Some(want.to_string()),
                "{s}"
            );
        }
        for (s, want) in [
            ("2024. 3. 12.", "2024-03-12"),
            ("2024. 11.", "2024-11"),
            ("12 Mart 2024", "2024-03-12"),
            ("Ekim 2023", "2023-10"),
            ("3 Ağustos 2024", "2024-08-03"),
            ("12 Maret 2024", "2024-03-12"),
            ("15 stycznia 2024", "2024-01-15"),
            ("2 září 2023", "2023-09-02"),
            ("15 березня 2024", "2024-03-15"),
            ("10 نوفمبر 2024", "2024-11-10"),
            ("١٥ يناير ٢٠٢٤", "2024-01-15"),
            ("۱۴۰۲", "none"),
            ("12 Μαΐου 2024", "2024-05-12"),
            ("Ngày 2 tháng 9 năm 2023", "2023-09-02"),
            ("tháng 9 năm 2023", "2023-09"),
            ("Tháng 9/2023", "2023-09"),
            ("Sunday, 10 November 2024", "2024-11-10"),
            ("Mon, 2 Sep 2024", "2024-09-02"),
            ("Tuesday 4 June 2024", "2024-06-04"),
            ("Pazartesi, 4 Mart 2024", "2024-03-04"),
            ("الأحد, 10 نوفمبر 2024", "2024-11-10"),
        ] {
            let got = parse_date(s).map_or_else(|| "none".to_string(), |d| d.to_string());
            assert_eq!(got, want, "{s}");
        }
        // The label's end is in the text's own bytes, whatever its digits.
        let l = leading_date("الاثنين, ١٥ يناير ٢٠٢٤ - ١١:٠٠ ندوة").unwrap();
        assert_eq!(l.date.to_string(), "2024-01-15");
        assert!("الاثنين, ١٥ يناير ٢٠٢٤ - ١١:٠٠ ندوة"[..l.end].ends_with('٤'));
        // A weekday alone, or two in a row, is no date.
        assert_eq!(parse_date("Sunday"), None);
        assert_eq!(parse_date("Monday Tuesday 2024"), None);
        // CJK dates keep their own marks.
        assert_eq!(
            parse_date("2025年7月15日")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2025-07-15")
        );
        // "de" joins only a day or month to what follows.
        assert_eq!(parse_date("de 2024"), None);
    }

    #[test]
    fn garbage_is_none() {
        for s in [
            "",
            "hello",
            "2024abc",
            "13/45/2024",
            "2024.13",
            "Mayor 2024",
            "Foo 12, 2024",
            "99999",
            "0000",
            "2/30/2024",
            "Junk. 2024",
            "🎉",
            "[",
            "-",
            "May",
            "May 2024 and more",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn compact_and_foreign_labels() {
        assert_eq!(
            label("6/19/23: Starting an internship"),
            Some(("6/19/23".into(), "2023-06-19".into()))
        );
        assert_eq!(
            label("Mar 24 Two oral presentations"),
            Some(("Mar 24".into(), "2024-03".into()))
        );
        assert_eq!(
            label("Okt 24 Invited talk"),
            Some(("Okt 24".into(), "2024-10".into()))
        );
        assert_eq!(
            label("juin 2025 : article accepté"),
            Some(("juin 2025".into(), "2025-06".into()))
        );
        // A day and month with its year stays a day.
        assert_eq!(
            label("May 24, 2025: talk"),
            Some(("May 24, 2025".into(), "2025-05-24".into()))
        );
        // Two-digit years only with slashes: 6.19.23 is no date.
        assert_eq!(label("6.19.23 was a version"), None);
    }

    #[test]
    fn finds_labels_at_the_start_of_news_lines() {
        assert_eq!(
            label("**05/19/2025**: I will join"),
            Some(("05/19/2025".into(), "2025-05-19".into()))
        );
        assert_eq!(
            label("∙ [2026-05] Selected as"),
            Some(("2026-05".into(), "2026-05".into()))
        );
        assert_eq!(
            label("2026.01: 🎉 Paper"),
            Some(("2026.01".into(), "2026-01".into()))
        );
        assert_eq!(
            label("September 2024 - Our paper"),
            Some(("September 2024".into(), "2024-09".into()))
        );
        assert_eq!(
            label("[Feb 2025] We released"),
            Some(("Feb 2025".into(), "2025-02".into()))
        );
        assert_eq!(
            label("Jan 14, 2025 The paper"),
            Some(("Jan 14, 2025".into(), "2025-01-14".into()))
        );
        assert_eq!(label("[2023] Joined"), Some(("2023".into(), "2023".into())));
        assert_eq!(
            label("NEW [2025-09] Paper accepted"),
            Some(("2025-09".into(), "2025-09".into()))
        );
        assert_eq!(
            label("New! Sep 2025: Joined"),
            Some(("Sep 2025".into(), "2025-09".into()))
        );
        assert_eq!(label("New paper in 2025 on"), None);
        assert_eq!(label("Newton 2025: x"), None);
        assert_eq!(label("2023: Joined"), Some(("2023".into(), "2023".into())));
    }

    #[test]
    fn rest_skips_brackets_and_separators() {
        let s = "[2025-03]: Paper accepted";
        let l = leading_date(s).unwrap();
        assert_eq!(&s[l.rest..], "Paper accepted");
        let s = "**2024.09**: &x";
        let l = leading_date(s).unwrap();
        assert_eq!(&s[l.rest..], "&x");
    }

    #[test]
    fn text_that_merely_mentions_a_date_has_no_label() {
        assert_eq!(label("On February 9, 2026, the president"), None);
        assert_eq!(label("2025 World Internet Conference award"), None);
        assert_eq!(label("Three papers accepted to CVPR 2026."), None);
        assert_eq!(label("Mayor 2024 visited"), None);
    }

    #[test]
    fn reads_chinese_and_japanese_dates() {
        let cases = [
            ("2025年7月", "2025-07"),
            ("2025年7月15日", "2025-07-15"),
            ("2025 年 7 月 15 日", "2025-07-15"),
            ("2024年12月", "2024-12"),
            ("2023年", "2023"),
        ];
        for (s, want) in cases {
            assert_eq!(
                parse_date(s).map(|d| d.to_string()),
                Some(want.to_string()),
                "{s}"
            );
        }
        assert_eq!(
            label("2025年7月：论文被 ICML 2025 接收"),
            Some(("2025年7月".into(), "2025-07".into()))
        );
        assert_eq!(parse_date("2025年13月"), None);
        assert_eq!(parse_date("2025年2月30日"), None);
    }

    fn trailing(s: &str) -> Option<(String, String)> {
        trailing_date(s).map(|l| (s[l.start..l.end].to_string(), l.date.to_string()))
    }

    #[test]
    fn finds_dates_at_the_end_of_news_lines() {
        let cases = [
            (
                "Our paper was accepted to NeurIPS 2025. (Sep 2025)",
                "Sep 2025",
                "2025-09",
            ),
            (
                "Gave a talk at MIT on inference — Aug. 2025",
                "Aug. 2025",
                "2025-08",
            ),
            (
                "Joined Google DeepMind as an intern [June 2025]",
                "June 2025",
                "2025-06",
            ),
            (
                "Gave a talk at MIT, May 30, 2024.",
                "May 30, 2024",
                "2024-05-30",
            ),
            ("Won the best paper award - 2024.09", "2024.09", "2024-09"),
            ("Paper accepted to NeurIPS. Sep 2025", "Sep 2025", "2025-09"),
            ("论文被 ICML 接收（2025年7月）", "2025年7月", "2025-07"),
        ];
        for (s, label, date) in cases {
            assert_eq!(trailing(s), Some((label.into(), date.into())), "{s}");
        }
    }

    #[test]
    fn a_venue_or_year_at_the_end_is_not_a_date_label() {
        for s in [
            "Three papers accepted to CVPR 2026.",
            "One paper accepted to ICML (2025)",
            "Paper accepted - 2025",
            "Released the state-of-the-art model May 2025",
            "(Sep 2025)",
            "Talk — Sep 2025",
            "Joined the lab in July 2025",
            "Joined the lab in Sep. 2025",
            "Moved to the U.S. 2025",
        ] {
            assert_eq!(trailing(s), None, "{s}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "\u{0}",
            "2024.",
            "2024.1.",
            "1/",
            "1/2/",
            "May 3",
            "May 3,",
            "3rd",
            "٣/٣/٢٠٢٤",
            "2024-02-30",
            "[[[[",
            "** **",
        ] {
            let _ = parse_date(s);
            let _ = leading_date(s);
            let _ = trailing_date(s);
        }
    }

    #[test]
    fn month_words_tolerate_typos_but_not_words() {
        assert_eq!(month_from_word("Februray"), Some(2));
        assert_eq!(month_from_word("Sept."), Some(9));
        assert_eq!(month_from_word("Septmber"), Some(9));
        assert_eq!(month_from_word("Mayor"), None);
        assert_eq!(month_from_word("Junior"), None);
        assert_eq!(month_from_word("decade"), None);
    }

    #[test]
    fn month_labels_alone() {
        assert_eq!(leading_month("June: Our paper"), Some((6, 5)));
        assert_eq!(
            leading_month("December – Two papers").map(|m| m.0),
            Some(12)
        );
        assert_eq!(leading_month("**März** — Vortrag").map(|m| m.0), Some(3));
        assert_eq!(leading_month("June 2024: paper"), None);
        assert_eq!(leading_month("May – 12 people came"), None);
        assert_eq!(leading_month("Mayor of the town: x"), None);
        assert_eq!(leading_month("June"), None);
    }
}
