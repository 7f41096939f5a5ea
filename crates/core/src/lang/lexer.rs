//! Splitting one line into words, the way a POSIX shell would for the commands people paste.
//!
//! Written by hand because the rules are few and every word must carry the column (in chars) where
//! it starts, so errors can point at it.
//!
//! - Words are separated by whitespace.
//! - `"..."` quotes a run of characters; inside it, `\"` is a quote and `\\` a backslash, and any
//!   other backslash is kept as is (as bash does).
//! - `'...'` quotes literally.
//! - Quoted and unquoted runs touching each other form one word (`--name="my vm"`).
//! - A `#` outside quotes starts a comment that runs to the end of the line, even in mid-word.

use super::ParseError;

/// One word of a line, after removing quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The word with its quotes removed and escapes applied.
    pub text: String,
    /// Column (1-based, in chars) of the word's first character, quote included.
    pub col: usize,
    /// Column just past the word's last character.
    pub end: usize,
    /// Whether the word began inside quotes. A quoted word is always a value, never a flag or an
    /// `@N` ordinal, which is how the printer protects values such as `-x` or `@3`.
    pub quoted: bool,
    /// The first `=` outside quotes, to split `--flag=value`.
    pub eq: Option<Equals>,
}

/// Where a word's first unquoted `=` is, and what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Equals {
    /// Byte offset of the `=` in [`Token::text`].
    pub at: usize,
    /// Column of the character after the `=`, where the value starts.
    pub col: usize,
    /// Whether the value after the `=` begins with a quote (see [`Token::quoted`]).
    pub quoted: bool,
}

impl Token {
    /// A flag is an unquoted word starting with `-` that is more than a lone `-`.
    pub fn is_flag(&self) -> bool {
        !self.quoted && self.text.starts_with('-') && self.text.len() > 1
    }
}

/// Splits `line` into tokens, dropping any comment. An unterminated quote is an error at the
/// quote's column.
pub(crate) fn lex(line: &str) -> Result<Vec<Token>, ParseError> {
    let mut tokens = Vec::new();
    // Columns are 1-based char positions.
    let mut chars = line.chars().zip(1..).peekable();

    loop {
        // Skip the gap between words.
        while chars.next_if(|&(c, _)| c.is_whitespace()).is_some() {}
        let Some(&(first, col)) = chars.peek() else {
            break;
        };
        if first == '#' {
            break;
        }

        let mut token = Token {
            text: String::new(),
            col,
            end: col,
            quoted: first == '"' || first == '\'',
            eq: None,
        };
        let mut comment = false;
        while let Some(&(c, at)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            if c == '#' {
                comment = true;
                break;
            }
            chars.next();
            token.end = at + 1;
            match c {
                '"' => {
                    let mut closed = false;
                    while let Some((c, at)) = chars.next() {
                        token.end = at + 1;
                        match c {
                            '"' => {
                                closed = true;
                                break;
                            }
                            '\\' => match chars.next_if(|&(n, _)| n == '"' || n == '\\') {
                                Some((escaped, at)) => {
                                    token.text.push(escaped);
                                    token.end = at + 1;
                                }
                                None => token.text.push('\\'),
                            },
                            c => token.text.push(c),
                        }
                    }
                    if !closed {
                        return Err(unterminated(at));
                    }
                }
                '\'' => {
                    let mut closed = false;
                    for (c, at) in chars.by_ref() {
                        token.end = at + 1;
                        if c == '\'' {
                            closed = true;
                            break;
                        }
                        token.text.push(c);
                    }
                    if !closed {
                        return Err(unterminated(at));
                    }
                }
                '=' if token.eq.is_none() => {
                    token.eq = Some(Equals {
                        at: token.text.len(),
                        col: at + 1,
                        quoted: chars.peek().is_some_and(|&(n, _)| n == '"' || n == '\''),
                    });
                    token.text.push('=');
                }
                c => token.text.push(c),
            }
        }
        tokens.push(token);
        if comment {
            break;
        }
    }
    Ok(tokens)
}

fn unterminated(col: usize) -> ParseError {
    ParseError {
        line: 1,
        column: col,
        message: "unterminated quote".to_owned(),
        suggestion: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<(String, usize)> {
        lex(line)
            .expect("lexes")
            .into_iter()
            .map(|t| (t.text, t.col))
            .collect()
    }

    #[test]
    fn splits_on_whitespace_and_keeps_columns() {
        assert_eq!(
            words("  az\tvm  start"),
            vec![("az".into(), 3), ("vm".into(), 6), ("start".into(), 10)]
        );
    }

    #[test]
    fn quotes_join_and_escape() {
        assert_eq!(
            words(r#"--name="my vm" 'a "b"' "x\"y\\z\n""#),
            vec![
                ("--name=my vm".into(), 1),
                ("a \"b\"".into(), 16),
                ("x\"y\\z\\n".into(), 24),
            ]
        );
    }

    #[test]
    fn comments_start_anywhere_outside_quotes() {
        assert_eq!(words("# all comment"), vec![]);
        assert_eq!(words("a b#c d"), vec![("a".into(), 1), ("b".into(), 3)]);
        assert_eq!(
            words(r#""a#b" c"#),
            vec![("a#b".into(), 1), ("c".into(), 7)]
        );
    }

    #[test]
    fn columns_count_chars_not_bytes() {
        assert_eq!(
            words("é \"ü ß\" x"),
            vec![("é".into(), 1), ("ü ß".into(), 3), ("x".into(), 9)]
        );
    }

    #[test]
    fn equals_sign_position_is_recorded_outside_quotes() {
        let t = &lex("--name=vm").expect("lexes")[0];
        assert_eq!(
            t.eq,
            Some(Equals {
                at: 6,
                col: 8,
                quoted: false
            })
        );
        let t = &lex("--version='@3'").expect("lexes")[0];
        assert_eq!(
            t.eq,
            Some(Equals {
                at: 9,
                col: 11,
                quoted: true
            })
        );
        let t = &lex("\"--name=vm\"").expect("lexes")[0];
        assert_eq!(t.eq, None);
        assert!(!t.is_flag());
    }

    #[test]
    fn unterminated_quotes_point_at_the_quote() {
        let e = lex("az vm start --name \"vm1").expect_err("unterminated");
        assert_eq!((e.column, e.message.as_str()), (20, "unterminated quote"));
        let e = lex("a 'b").expect_err("unterminated");
        assert_eq!(e.column, 3);
    }
}
