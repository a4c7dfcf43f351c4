//! Escaping for Markdown: every string that comes from the results file (names, messages,
//! outputs, the environment, the claims' summaries, which quote names) passes through
//! [`text`] or [`code`], so that no data can start a line or a heading, split a table cell,
//! or reach the reader as HTML.

use std::fmt::{self, Display, Write};

/// A string from the results file as Markdown text, inline or in a table cell, that reads as
/// itself and as nothing else: `<`, `>` and `&` become HTML entities (no tag, comment or entity
/// of the data's reaches the reader); `\\`, `` ` ``, `*`, `[`, `]` and `|` are backslash-escaped
/// (no code span, emphasis, link or cell break), and line breaks and other control characters
/// become spaces (no new line, so no heading, list or block). `_` is left as it is: names are
/// full of it, and GFM does not emphasise inside a word.
pub fn text(s: &str) -> Text<'_> {
    Text(s)
}

/// See [`text`].
pub struct Text<'a>(&'a str);

impl Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '&' => f.write_str("&amp;")?,
                '\\' | '`' | '*' | '[' | ']' | '|' => {
                    f.write_char('\\')?;
                    f.write_char(c)?;
                }
                c if c.is_control() => f.write_char(' ')?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// A string from the results file as a code span in a table cell, verbatim: fenced by one more
/// backtick than its longest run of them (and padded with a space where it starts or ends with
/// a backtick or a space), with `|` escaped as GFM tables require even in code, and line breaks
/// and other control characters as spaces. A string where a backslash stands before a `|`
/// (which a table would read as an escaped backslash and a cell break) is written as [`text`]
/// instead, as is an empty one.
pub fn code(s: &str) -> String {
    if s.is_empty() || s.contains("\\|") {
        return text(s).to_string();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let body: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|");
    let pad = match body.starts_with(['`', ' ']) || body.ends_with(['`', ' ']) {
        true => " ",
        false => "",
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_inert_in_a_cell_and_inline() {
        let hostile = "a|b\n# heading <script>x</script> <img onerror=alert(1)> <!-- & `c` *d* [e](f) \\| g\r\th_i";
        let escaped = text(hostile).to_string();
        assert_eq!(
            escaped,
            "a\\|b # heading &lt;script&gt;x&lt;/script&gt; &lt;img onerror=alert(1)&gt; &lt;!-- &amp; \\`c\\` \\*d\\* \\[e\\](f) \\\\\\| g  h_i"
        );
        for raw in ['<', '>', '\n', '\r', '\t'] {
            assert!(!escaped.contains(raw), "{raw:?} in {escaped}");
        }
        // Every `|` left is escaped by an odd run of backslashes: none splits a cell.
        for (i, _) in escaped.match_indices('|') {
            let run = escaped[..i]
                .chars()
                .rev()
                .take_while(|c| *c == '\\')
                .count();
            assert_eq!(run % 2, 1, "{escaped}");
        }
    }

    #[test]
    fn code_spans_fence_their_backticks_and_escape_pipes() {
        assert_eq!(code("python3 -c pass"), "`python3 -c pass`");
        assert_eq!(code("echo `date` | wc -l"), "``echo `date` \\| wc -l``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code("a\nb"), "`a b`");
        // Inside code, `<` is shown as it is, not as HTML.
        assert_eq!(code("<b>"), "`<b>`");
        // A backslash before a pipe cannot be written in a table's code span.
        assert_eq!(code("a\\|b"), "a\\\\\\|b");
        assert_eq!(code(""), "");
    }
}
