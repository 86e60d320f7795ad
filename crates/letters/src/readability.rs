//! How easy a letter is to read: the Flesch reading ease, the words per sentence on average and
//! the longest sentence, on the letter's running text, shown to the handler before it is sent.
//!
//! Running text is the document's paragraphs and list items; headings, facts, tables, the
//! letterhead and the address are not sentences and are left out. How things are counted:
//!
//! - **Sentences** end at `.`, `!` or `?` followed by a space or the end of the text, and at the
//!   end of every paragraph and list item (an item without a full stop is still one). A full
//!   stop inside a token, as in "£150.00" or "www.example.org", ends nothing.
//! - **Words** are the space-separated tokens that have a letter or a digit in them.
//! - **Syllables** of a word are its groups of vowels (a, e, i, o, u and y), less a silent final
//!   "e" ("make", but not "table" or "agree"), and at least one. A token without letters (a
//!   number, a date's digits) counts as one syllable.
//!
//! Flesch reading ease is 206.835 − 1.015 × (words ÷ sentences) − 84.6 × (syllables ÷ words):
//! 60 to 70 is plain English, higher is easier.

use serde::Serialize;

use redress_documents::{Block, Document, Inline};

/// A letter's readability figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readability {
    /// Flesch reading ease, to one decimal place (higher is easier; 60 and above is plain
    /// English).
    pub reading_ease: f64,
    /// Words per sentence on average, to one decimal place.
    pub words_per_sentence: f64,
    /// The words in the longest sentence.
    pub longest_sentence_words: usize,
    /// The longest sentence, so that the handler can find it.
    pub longest_sentence: String,
    /// The sentences counted.
    pub sentences: usize,
    /// The words counted.
    pub words: usize,
}

impl Readability {
    /// The figures for a document's running text.
    pub fn of(document: &Document) -> Readability {
        let sentences: Vec<String> = running_text(document).iter().flat_map(|unit| sentences(unit)).collect();
        let mut words = 0usize;
        let mut syllables = 0usize;
        let mut longest: (usize, &str) = (0, "");
        for sentence in &sentences {
            let counted: Vec<&str> = words_of(sentence).collect();
            words += counted.len();
            syllables += counted.iter().map(|word| syllables_of(word)).sum::<usize>();
            if counted.len() > longest.0 {
                longest = (counted.len(), sentence);
            }
        }
        let sentence_count = sentences.len().max(1);
        let word_count = words.max(1);
        let per_sentence = words as f64 / sentence_count as f64;
        let ease = 206.835 - 1.015 * per_sentence - 84.6 * (syllables as f64 / word_count as f64);
        Readability {
            reading_ease: tenths(ease),
            words_per_sentence: tenths(per_sentence),
            longest_sentence_words: longest.0,
            longest_sentence: longest.1.to_owned(),
            sentences: sentences.len(),
            words,
        }
    }
}

fn tenths(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Each paragraph and list item as one line of text.
fn running_text(document: &Document) -> Vec<String> {
    let joined = |pieces: &[Inline]| pieces.iter().map(Inline::plain).collect::<String>();
    let mut units = Vec::new();
    for block in &document.blocks {
        match block {
            Block::Paragraph { text } => units.push(joined(text)),
            Block::List { items, .. } => units.extend(items.iter().map(|item| joined(item))),
            Block::Heading { .. } | Block::Facts { .. } | Block::Table { .. } | Block::Image(_) | Block::PageBreak => {}
        }
    }
    units
}

/// The sentences of one paragraph or item.
fn sentences(unit: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = unit.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let ends = matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|next| next.is_whitespace());
        if ends {
            push_sentence(&mut out, &mut current);
        }
    }
    push_sentence(&mut out, &mut current);
    out
}

fn push_sentence(out: &mut Vec<String>, current: &mut String) {
    let sentence = std::mem::take(current);
    if words_of(&sentence).next().is_some() {
        out.push(sentence.trim().to_owned());
    }
}

fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().filter(|token| token.chars().any(char::is_alphanumeric))
}

/// The syllables of one word, as the module counts them.
fn syllables_of(word: &str) -> usize {
    let letters: Vec<char> = word.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect();
    if letters.is_empty() {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0usize;
    let mut previous_vowel = false;
    for &c in &letters {
        let is_vowel = vowel(c);
        if is_vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = is_vowel;
    }
    let n = letters.len();
    if n < 3 {
        return groups.max(1);
    }
    // A final "e" after a consonant is silent, except in a consonant-"le" ending ("table").
    let consonant_le = letters[n - 2] == 'l' && !vowel(letters[n - 3]);
    let silent_e = letters[n - 1] == 'e' && !vowel(letters[n - 2]) && !consonant_le;
    if silent_e {
        groups = groups.saturating_sub(1);
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> Block {
        Block::Paragraph { text: vec![Inline::Text { text: text.into() }] }
    }

    fn document(blocks: Vec<Block>) -> Document {
        Document {
            title: "t".into(),
            language: "en-GB".into(),
            letterhead: None,
            addressing: None,
            large_print: false,
            blocks,
        }
    }

    #[test]
    fn syllables_are_vowel_groups_less_a_silent_e() {
        for (word, expected) in [
            ("cat", 1),
            ("make", 1),
            ("table", 2),
            ("agree", 2),
            ("complaint", 2),
            ("ombudsman", 3),
            ("responsibility", 6),
            ("you", 1),
            ("2026", 1),
            ("the", 1),
        ] {
            assert_eq!(syllables_of(word), expected, "{word}");
        }
    }

    #[test]
    fn sentences_end_at_stops_and_at_each_paragraph_and_item_but_not_inside_a_token() {
        let doc = document(vec![
            Block::Heading { level: 1, text: "A heading is not a sentence".into() },
            paragraph("We will pay £150.00 by Friday. See www.example.org now! Is that clear?"),
            Block::List {
                ordered: false,
                items: vec![
                    vec![Inline::Text { text: "an item".into() }],
                    vec![Inline::Text { text: "another item.".into() }],
                ],
            },
        ]);
        let figures = Readability::of(&doc);
        assert_eq!(figures.sentences, 5);
        assert_eq!(figures.words, 6 + 3 + 3 + 2 + 2);
        assert_eq!(figures.longest_sentence_words, 6);
        assert_eq!(figures.longest_sentence, "We will pay £150.00 by Friday.");
    }

    #[test]
    fn reading_ease_follows_the_flesch_formula() {
        // 2 sentences, 8 words, 9 syllables ("complaint" has two).
        let doc = document(vec![paragraph("We got your complaint. We will call you.")]);
        let figures = Readability::of(&doc);
        let expected = 206.835 - 1.015 * 4.0 - 84.6 * (9.0 / 8.0);
        assert_eq!(figures.reading_ease, (expected * 10.0_f64).round() / 10.0);
        assert_eq!(figures.words_per_sentence, 4.0);
        let hard = document(vec![paragraph(
            "Notwithstanding the aforementioned considerations, organisational responsibilities necessitate comprehensive investigation.",
        )]);
        assert!(Readability::of(&hard).reading_ease < 0.0);
    }
}
