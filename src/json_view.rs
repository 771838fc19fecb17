//! Pretty-prints and highlights JSON exactly as the API sent it: key order kept, numbers as
//! written. A tokenizer, not a parser: invalid input still comes out readable.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Key,
    String,
    Number,
    Literal,
    Punctuation,
    Whitespace,
}

impl TokenKind {
    /// The CSS class of the token.
    pub fn class(self) -> &'static str {
        match self {
            Self::Key => "rrc-json-key",
            Self::String => "rrc-json-string",
            Self::Number => "rrc-json-number",
            Self::Literal => "rrc-json-literal",
            Self::Punctuation => "rrc-json-punct",
            Self::Whitespace => "",
        }
    }
}

/// The pretty-printed JSON as (kind, text) tokens, indented by two spaces.
pub fn pretty_tokens(raw: &str) -> Vec<(TokenKind, String)> {
    let mut out: Vec<(TokenKind, String)> = Vec::new();
    let mut depth = 0usize;
    let chars: Vec<char> = raw.chars().collect();
    let mut i = 0;
    let newline = |out: &mut Vec<(TokenKind, String)>, depth: usize| {
        out.push((TokenKind::Whitespace, format!("\n{}", "  ".repeat(depth))));
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(chars.len());
                let text: String = chars[start..i].iter().collect();
                let next = chars[i..].iter().find(|c| !c.is_whitespace());
                let kind = if next == Some(&':') {
                    TokenKind::Key
                } else {
                    TokenKind::String
                };
                out.push((kind, text));
                continue;
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                let empty = chars[i + 1..].iter().find(|c| !c.is_whitespace()) == Some(&close);
                out.push((TokenKind::Punctuation, c.to_string()));
                if !empty {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                let previous_open = matches!(
                    out.iter().rev().find(|(kind, _)| *kind != TokenKind::Whitespace),
                    Some((TokenKind::Punctuation, text)) if text == "{" || text == "["
                );
                if !previous_open {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push((TokenKind::Punctuation, c.to_string()));
            }
            ',' => {
                out.push((TokenKind::Punctuation, ",".into()));
                newline(&mut out, depth);
            }
            ':' => out.push((TokenKind::Punctuation, ": ".into())),
            c if c.is_whitespace() => {}
            _ => {
                let start = i;
                while i < chars.len()
                    && !matches!(chars[i], ',' | '}' | ']' | ':' | '"')
                    && !chars[i].is_whitespace()
                {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let kind = if matches!(text.as_str(), "true" | "false" | "null") {
                    TokenKind::Literal
                } else {
                    TokenKind::Number
                };
                out.push((kind, text));
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The pretty-printed text (what "copy" and "download" give).
pub fn pretty(raw: &str) -> String {
    pretty_tokens(raw)
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_indents() {
        let raw = r#"{"instance":{"id":"b0","status":"BUILD","volume":{"size":100},"dataStoreInfo":null,"jobs":[],"ok":true}}"#;
        let text = pretty(raw);
        assert_eq!(
            text,
            "{\n  \"instance\": {\n    \"id\": \"b0\",\n    \"status\": \"BUILD\",\n    \"volume\": {\n      \"size\": 100\n    },\n    \"dataStoreInfo\": null,\n    \"jobs\": [],\n    \"ok\": true\n  }\n}"
        );
        let reparsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            reparsed,
            serde_json::from_str::<serde_json::Value>(raw).unwrap()
        );
    }

    #[test]
    fn classifies_tokens() {
        let tokens = pretty_tokens(r#"{"a": "x\"y", "n": -1.5e3, "b": false}"#);
        let kinds: Vec<TokenKind> = tokens
            .iter()
            .filter(|(kind, _)| !matches!(kind, TokenKind::Whitespace | TokenKind::Punctuation))
            .map(|(kind, _)| *kind)
            .collect();
        use TokenKind::*;
        assert_eq!(kinds, [Key, String, Key, Number, Key, Literal]);
        assert!(tokens.iter().any(|(_, text)| text == r#""x\"y""#));
    }

    #[test]
    fn survives_invalid_input() {
        let text = pretty(r#"{"instances": ["#);
        assert!(text.contains("\"instances\""));
        assert_eq!(pretty(""), "");
        pretty(r#""unterminated"#);
        pretty("]]]}}}");
    }
}
