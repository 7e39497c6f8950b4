//! Turning what a user typed into a safe FTS5 query.
//!
//! Every whitespace-separated word becomes a quoted FTS5 string (so `AND`,
//! `NEAR`, `-`, `:`, `*`, `(` and `"` are plain text, never syntax); the words
//! are ANDed; the last word is a prefix match unless the text ends in a space
//! (the user finished typing it). Words with no letter or digit are dropped,
//! since the tokenizer would find nothing in them.

/// At most this many words are used; the rest are ignored.
const MAX_TERMS: usize = 16;
/// Each word is cut to this many characters.
const MAX_TERM_CHARS: usize = 64;

/// The FTS5 MATCH expression for `text`, or `None` if it holds nothing searchable.
pub(crate) fn match_expr(text: &str) -> Option<String> {
    let mut terms: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(MAX_TERMS + 1)
        .map(|w| w.chars().take(MAX_TERM_CHARS).collect())
        .collect();
    if terms.is_empty() {
        return None;
    }
    // Only the word being typed is a prefix: not if the user ended it with a
    // space, nor if it was cut off by MAX_TERMS.
    let mut prefix_last = !text.ends_with(|c: char| c.is_whitespace() || c.is_control());
    if terms.len() > MAX_TERMS {
        terms.truncate(MAX_TERMS);
        prefix_last = false;
    }
    let mut out = String::new();
    for (i, term) in terms.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('"');
        out.push_str(&term.replace('"', "\"\""));
        out.push('"');
        if prefix_last && i == terms.len() - 1 {
            out.push('*');
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::match_expr;

    #[test]
    fn quotes_every_word_and_prefixes_the_last() {
        assert_eq!(
            match_expr("tícket  urgente").unwrap(),
            r#""tícket" "urgente"*"#
        );
        assert_eq!(
            match_expr("tícket urgente ").unwrap(),
            r#""tícket" "urgente""#
        );
        assert_eq!(match_expr(r#"a"b OR c*"#).unwrap(), r#""a""b" "OR" "c*"*"#);
    }

    #[test]
    fn nothing_searchable_is_none() {
        for t in ["", "   ", "\"", "*", "-", ":", "( ) \" *", "\0"] {
            assert_eq!(match_expr(t), None, "{t:?}");
        }
    }
}
