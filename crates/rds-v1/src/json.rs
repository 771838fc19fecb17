//! Reading API bodies: a small JSON parser and the [`FromJson`] decoders of the response types.
//!
//! Why not `serde_json` here: the console ships as WebAssembly, and serde's derived decoders plus
//! serde_json's parser were a third of its code. This reader keeps numbers as the text they were
//! written in (no float parser), builds one small tree, and each response type reads its fields
//! from it by hand. Serialising (requests, the emulator's answers) still goes through serde.
//!
//! ```
//! let body = r#"{"flavors": [{"id": "f1", "ram": 8192, "specCode": "rds.mysql.c2.large.rr"}]}"#;
//! let flavors: rds_v1::Flavors = rds_v1::json::decode(body).unwrap();
//! assert!(flavors.flavors[0].is_read_replica());
//! ```

use std::fmt;

/// A parsed JSON value. Object members keep their order; numbers keep their text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object (the first, if a body repeats a key).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Self::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Self::Object(members) => Some(members),
            _ => None,
        }
    }

    /// What the value is, for error messages.
    fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }
}

impl Json {
    /// A string value.
    pub fn text(text: &str) -> Json {
        Json::String(text.to_owned())
    }

    /// An object from `(key, value)` pairs, in that order.
    pub fn object<const N: usize>(members: [(&str, Json); N]) -> Json {
        Json::Object(members.map(|(k, v)| (k.to_owned(), v)).into())
    }
}

/// Compact JSON text (`{"a":1}`); object members in their order, numbers as written.
impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Null => f.write_str("null"),
            Self::Bool(flag) => f.write_str(if *flag { "true" } else { "false" }),
            Self::Number(text) => f.write_str(text),
            Self::String(text) => write_string(f, text),
            Self::Array(items) => {
                f.write_str("[")?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    item.fmt(f)?;
                }
                f.write_str("]")
            }
            Self::Object(members) => {
                f.write_str("{")?;
                for (index, (key, value)) in members.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    write_string(f, key)?;
                    f.write_str(":")?;
                    value.fmt(f)?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_str("\"")?;
    let mut run = 0;
    for (index, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        f.write_str(&text[run..index])?;
        if escape.is_empty() {
            write!(f, "\\u{byte:04x}")?;
        } else {
            f.write_str(escape)?;
        }
        run = index + 1;
    }
    f.write_str(&text[run..])?;
    f.write_str("\"")
}

/// Why a text is not JSON: what was expected at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub expected: &'static str,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not JSON: expected {} at byte {}",
            self.expected, self.offset
        )
    }
}

/// Deeper nesting than any API body has; the limit keeps hostile input off the stack.
const MAX_DEPTH: usize = 128;

/// Parses one JSON value (RFC 8259) with nothing but whitespace after it.
pub fn parse(text: &str) -> Result<Json, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("the end of the text"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &'static str) -> SyntaxError {
        SyntaxError {
            offset: self.pos,
            expected,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Consumes `byte` (after whitespace) if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn value(&mut self) -> Result<Json, SyntaxError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("a value")),
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Json, SyntaxError>,
    ) -> Result<Json, SyntaxError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error("less nesting"));
        }
        self.depth += 1;
        self.pos += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn object(&mut self) -> Result<Json, SyntaxError> {
        let mut members = Vec::new();
        if self.eat(b'}') {
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("a member name"));
            }
            let key = self.string()?;
            if !self.eat(b':') {
                return Err(self.error("`:`"));
            }
            members.push((key, self.value()?));
            if self.eat(b'}') {
                return Ok(Json::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.error("`,` or `}`"));
            }
        }
    }

    fn array(&mut self) -> Result<Json, SyntaxError> {
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            if self.eat(b']') {
                return Ok(Json::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("`,` or `]`"));
            }
        }
    }

    fn literal(&mut self, word: &'static str, value: Json) -> Result<Json, SyntaxError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("a value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        // A leading zero stands alone: `01` is not a number.
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if self.digits() == 0 {
            return Err(self.error("a digit"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("a digit"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("a digit"));
            }
        }
        Ok(Json::Number(self.text[start..self.pos].to_owned()))
    }

    /// A string at `"`. Quotes and backslashes are ASCII, so the runs between them are whole
    /// UTF-8 sequences of the (valid) input text.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.error("`\"`")),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    out.push(self.escape()?);
                    run = self.pos;
                }
                Some(0..=0x1f) => return Err(self.error("no control character")),
                Some(_) => self.pos += 1,
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let byte = self.peek().ok_or_else(|| self.error("an escape"))?;
        self.pos += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if !(0xD800..0xDC00).contains(&high) {
                    return char::from_u32(high).ok_or_else(|| self.error("a character"));
                }
                if !self.bytes[self.pos..].starts_with(b"\\u") {
                    return Err(self.error("a low surrogate"));
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xDC00..0xE000).contains(&low) {
                    return Err(self.error("a low surrogate"));
                }
                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                    .ok_or_else(|| self.error("a character"))?
            }
            _ => {
                self.pos -= 1;
                return Err(self.error("an escape"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| self.error("a hex digit"))?;
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }
}

/// A body that is JSON but not the expected shape: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// `instances[2].volume.size`; empty for the body itself.
    pub path: String,
    pub problem: String,
}

impl ShapeError {
    pub fn new(problem: impl Into<String>) -> Self {
        Self {
            path: String::new(),
            problem: problem.into(),
        }
    }

    fn expected(what: &str, found: &Json) -> Self {
        Self::new(format!("expected {what}, found {}", found.kind()))
    }

    /// The same error seen from the enclosing value: `key` goes in front of the path.
    pub fn within(mut self, key: &str) -> Self {
        if !self.path.is_empty() && !self.path.starts_with('[') {
            self.path.insert(0, '.');
        }
        self.path.insert_str(0, key);
        self
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

/// Why a body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Syntax(SyntaxError),
    Shape(ShapeError),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(error) => error.fmt(f),
            Self::Shape(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A type read from a JSON value.
pub trait FromJson: Sized {
    fn from_json(value: &Json) -> Result<Self, ShapeError>;
}

/// Parses `text` and decodes it as `T`.
pub fn decode<T: FromJson>(text: &str) -> Result<T, DecodeError> {
    let value = parse(text).map_err(DecodeError::Syntax)?;
    T::from_json(&value).map_err(DecodeError::Shape)
}

impl FromJson for String {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| ShapeError::expected("a string", value))
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        let Json::Array(items) = value else {
            return Err(ShapeError::expected("an array", value));
        };
        let mut list = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            list.push(T::from_json(item).map_err(|e| e.within(&format!("[{index}]")))?);
        }
        Ok(list)
    }
}

/// The members of an object, read by name. Absent and `null` members read as "not there", so
/// fields the vendor leaves out or nulls (`dataStoreInfo` while building) take their defaults;
/// a member of the wrong type is an error naming it.
#[derive(Clone, Copy)]
pub struct Fields<'a>(&'a [(String, Json)]);

impl<'a> Fields<'a> {
    pub fn of(value: &'a Json) -> Result<Self, ShapeError> {
        value
            .as_object()
            .map(Fields)
            .ok_or_else(|| ShapeError::expected("an object", value))
    }

    /// The member, unless absent or `null`.
    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| **v != Json::Null)
    }

    /// An optional member decoded as `T`; errors name the member.
    pub fn optional<T: FromJson>(&self, key: &str) -> Result<Option<T>, ShapeError> {
        self.get(key)
            .map(|value| T::from_json(value).map_err(|e| e.within(key)))
            .transpose()
    }

    /// A member that must be there.
    pub fn required<T: FromJson>(&self, key: &str) -> Result<T, ShapeError> {
        self.optional(key)?
            .ok_or_else(|| ShapeError::new(format!("missing field `{key}`")))
    }

    /// A string member, empty when absent.
    pub fn string(&self, key: &str) -> Result<String, ShapeError> {
        Ok(self.optional(key)?.unwrap_or_default())
    }

    /// A list member, empty when absent.
    pub fn list<T: FromJson>(&self, key: &str) -> Result<Vec<T>, ShapeError> {
        Ok(self.optional(key)?.unwrap_or_default())
    }

    /// An integer member (no fraction, no exponent) that fits `T`.
    pub fn integer<T: TryFrom<i64>>(&self, key: &str) -> Result<Option<T>, ShapeError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        integer_of(value)
            .and_then(|number| T::try_from(number).ok())
            .map(Some)
            .ok_or_else(|| ShapeError::expected("an integer in range", value).within(key))
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, ShapeError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Bool(flag)) => Ok(Some(*flag)),
            Some(other) => Err(ShapeError::expected("a boolean", other).within(key)),
        }
    }
}

fn integer_of(value: &Json) -> Option<i64> {
    match value {
        Json::Number(text) => text.parse().ok(),
        _ => None,
    }
}

/// The text of a number or a string (`"60"` and `60` alike): some fields are documented as
/// strings and sent as numbers by other sources.
pub struct NumberText(pub String);

impl FromJson for NumberText {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        match value {
            Json::Number(text) | Json::String(text) => Ok(NumberText(text.clone())),
            other => Err(ShapeError::expected("a number or a string", other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Json {
        Json::String(text.into())
    }

    #[test]
    fn parses_every_kind_of_value() {
        let value =
            parse(r#" {"a": [1, -2.5e+3, true, false, null], "b": {"c": "d"}, "e": {}} "#).unwrap();
        assert_eq!(
            value.get("a"),
            Some(&Json::Array(vec![
                Json::Number("1".into()),
                Json::Number("-2.5e+3".into()),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null,
            ]))
        );
        assert_eq!(value.get("b").and_then(|b| b.get("c")), Some(&s("d")));
        assert_eq!(value.get("e"), Some(&Json::Object(vec![])));
        assert_eq!(parse("[]"), Ok(Json::Array(vec![])));
    }

    #[test]
    fn decodes_escapes_and_keeps_unicode() {
        assert_eq!(
            parse(r#""a\"b\\c\/d\b\f\n\r\t""#),
            Ok(s("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        );
        assert_eq!(parse(r#""\u00e9\u4e2d \ud83d\ude00""#), Ok(s("é中 😀")));
        assert_eq!(parse(r#""只读实例 ok""#), Ok(s("只读实例 ok")));
    }

    #[test]
    fn rejects_what_is_not_json_and_says_where() {
        for (text, offset) in [
            ("", 0),
            ("{", 1),
            (r#"{"a" 1}"#, 5),
            (r#"{"a": 1,}"#, 8),
            ("[1 2]", 3),
            ("01", 1),
            ("1.", 2),
            ("-", 1),
            ("tru", 0),
            (r#""abc"#, 4),
            ("\"a\nb\"", 2),
            (r#""\x""#, 2),
            (r#""\ud83d""#, 7),
            ("{} x", 3),
            ("<html>", 0),
        ] {
            let error = parse(text).expect_err(text);
            assert_eq!(error.offset, offset, "{text:?}: {error}");
        }
    }

    #[test]
    fn writes_compact_text_that_reads_back() {
        let text =
            r#"{"b":[1,-2.5e+3,true,false,null],"a":{"c":"q\"\\\n\r\t\u0001é中"},"e":{},"f":[]}"#;
        let value = parse(text).unwrap();
        assert_eq!(value.to_string(), text);
        let built = Json::object([
            ("name", Json::text("a\"b")),
            ("n", Json::Number("3".into())),
        ]);
        assert_eq!(built.to_string(), r#"{"name":"a\"b","n":3}"#);
    }

    /// A tiny deterministic generator, so the comparison below needs no extra crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    fn random_text(rng: &mut Rng, depth: usize) -> String {
        let space = |rng: &mut Rng| rng.pick(&["", " ", "\n  ", "\t"]).to_owned();
        match rng.below(if depth > 4 { 4 } else { 7 }) {
            0 => rng.pick(&["true", "false", "null"]).to_owned(),
            1 => rng
                .pick(&[
                    "0",
                    "-0",
                    "12",
                    "-3.25",
                    "1e3",
                    "2.5E-2",
                    "123456789012345678901234",
                    "0.5",
                ])
                .to_owned(),
            2 | 3 => format!(
                "\"{}\"",
                rng.pick(&[
                    "",
                    "a",
                    "orders-rr1",
                    "\\\"q\\\"",
                    "\\u00e9",
                    "中文",
                    "\\n\\t",
                    "\\ud83d\\ude00"
                ])
            ),
            4 | 5 => {
                let members: Vec<String> = (0..rng.below(4))
                    .map(|i| {
                        let (a, b) = (space(rng), space(rng));
                        format!(
                            "{a}\"k{i}\"{b}:{}{}",
                            space(rng),
                            random_text(rng, depth + 1)
                        )
                    })
                    .collect();
                format!("{{{}}}", members.join(","))
            }
            _ => {
                let items: Vec<String> = (0..rng.below(4))
                    .map(|_| format!("{}{}", space(rng), random_text(rng, depth + 1)))
                    .collect();
                format!("[{}]", items.join(","))
            }
        }
    }

    /// Breaks (or not) a text the way a truncated or garbled body would be.
    fn mutate(rng: &mut Rng, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        let noise = [
            '"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', '.', 'e', 'u', ' ', '\u{1}', 'é',
        ];
        for _ in 0..=rng.below(2) {
            let at = rng.below(chars.len() + 1);
            match rng.below(3) {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                1 => chars.insert(at, noise[rng.below(noise.len())]),
                _ => chars.truncate(at),
            }
        }
        chars.into_iter().collect()
    }

    #[test]
    fn agrees_with_serde_json_on_valid_and_broken_bodies() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut valid, mut invalid) = (0, 0);
        for round in 0..3000 {
            let original = random_text(&mut rng, 0);
            let text = if round % 3 == 0 {
                original
            } else {
                mutate(&mut rng, &original)
            };
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            match parse(&text) {
                // Grammatical, but beyond f64: serde_json refuses it, this reader keeps the text.
                Ok(_)
                    if theirs
                        .as_ref()
                        .is_err_and(|e| e.to_string().starts_with("number out of range")) => {}
                Ok(ours) => {
                    let theirs = theirs.unwrap_or_else(|e| panic!("{text:?}: serde_json says {e}"));
                    let written: serde_json::Value = serde_json::from_str(&ours.to_string())
                        .unwrap_or_else(|e| panic!("{text:?}: our output is not JSON: {e}"));
                    assert_eq!(written, theirs, "{text:?}");
                    valid += 1;
                }
                Err(error) => {
                    assert!(
                        theirs.is_err(),
                        "{text:?}: we say {error}, serde_json accepts it"
                    );
                    assert!(error.offset <= text.len(), "{text:?}: {error}");
                    invalid += 1;
                }
            }
        }
        // Both sides of the comparison were exercised.
        assert!(
            valid > 1000 && invalid > 500,
            "{valid} valid, {invalid} invalid"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().expected, "less nesting");
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn fields_read_defaults_and_name_the_member_in_errors() {
        let value =
            parse(r#"{"n": "x", "z": null, "i": 42, "f": 1.5, "b": true, "l": ["a"]}"#).unwrap();
        let fields = Fields::of(&value).unwrap();
        assert_eq!(fields.string("n"), Ok("x".into()));
        assert_eq!(fields.string("z"), Ok(String::new()));
        assert_eq!(fields.string("missing"), Ok(String::new()));
        assert_eq!(fields.integer::<u32>("i"), Ok(Some(42)));
        assert_eq!(fields.integer::<u32>("z"), Ok(None));
        assert_eq!(fields.bool("b"), Ok(Some(true)));
        assert_eq!(fields.list::<String>("l"), Ok(vec!["a".to_owned()]));
        assert_eq!(
            fields.integer::<u32>("f").unwrap_err().to_string(),
            "f: expected an integer in range, found a number"
        );
        assert_eq!(
            fields.string("i").unwrap_err().to_string(),
            "i: expected a string, found a number"
        );
        assert_eq!(
            fields
                .required::<String>("missing")
                .unwrap_err()
                .to_string(),
            "missing field `missing`"
        );
        let negative = parse(r#"{"size": -1}"#).unwrap();
        assert!(Fields::of(&negative)
            .unwrap()
            .integer::<u32>("size")
            .is_err());
    }

    #[test]
    fn nested_errors_carry_the_whole_path() {
        let error = decode::<Vec<Vec<String>>>(r#"[["a"], ["b", 3]]"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "[1][1]: expected a string, found a number"
        );
    }
}
