//! JSON answers re-indented for a terminal by serde_json, with each number, string and
//! literal kept exactly as the server wrote it and the keys in the server's order.
//!
//! serde_json's `preserve_order` and `arbitrary_precision` features would do the same through
//! `Value`, but they change how every JSON document in the program is read (untagged and
//! internally tagged enums no longer accept numbers with `arbitrary_precision`); a
//! `RawValue` per scalar keeps the change here.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

/// A JSON document as the server wrote it.
enum Json {
    /// The members in order, repeated keys included.
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    /// A number, string, `true`, `false` or `null`, as written.
    Scalar(Box<RawValue>),
}

/// `body` re-indented, or `None` when it is not one valid JSON document.
pub(super) fn pretty_json(body: &[u8]) -> Option<String> {
    // Each level below is parsed on its own, out of reach of serde_json's nesting limit (128).
    // A `Value` is held to it, so a hostile answer cannot nest deep enough to exhaust the
    // stack (and each scalar is read at most once per enclosing level); deeper documents are
    // shown as they came.
    serde_json::from_slice::<serde_json::Value>(body).ok()?;
    let json: Json = serde_json::from_slice(body).ok()?;
    let mut text = serde_json::to_string_pretty(&json).ok()?;
    text.push('\n');
    Some(text)
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The raw text first: only it still has the scalars as written.
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        match text.as_bytes().first() {
            Some(b'{') => serde_json::from_str::<Members>(text)
                .map(|m| Self::Object(m.0))
                .map_err(D::Error::custom),
            Some(b'[') => serde_json::from_str(text)
                .map(Self::Array)
                .map_err(D::Error::custom),
            _ => Ok(Self::Scalar(raw)),
        }
    }
}

/// An object's members in order.
struct Members(Vec<(String, Json)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Self::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Scalar(raw) => raw.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_reindented_in_order_with_numbers_untouched() {
        let body =
            br#"{"b":1,"a":[1,2,{}],"big":123456789012345678901234567890,"s":"x,{:}\"y","e":[ ]}"#;
        let expected = r#"{
  "b": 1,
  "a": [
    1,
    2,
    {}
  ],
  "big": 123456789012345678901234567890,
  "s": "x,{:}\"y",
  "e": []
}
"#;
        assert_eq!(pretty_json(body).unwrap(), expected);
        assert_eq!(pretty_json(b"not json"), None);
        assert_eq!(pretty_json(b"{} {}"), None);
        assert_eq!(pretty_json(b"42").unwrap(), "42\n");
    }

    #[test]
    fn scalars_and_repeated_keys_are_kept_as_written() {
        let body = br#"{"n":1.50,"e":1E3,"u":"caf\u00e9 \/","k":1,"k":2}"#;
        let expected = r#"{
  "n": 1.50,
  "e": 1E3,
  "u": "caf\u00e9 \/",
  "k": 1,
  "k": 2
}
"#;
        assert_eq!(pretty_json(body).unwrap(), expected);
    }

    #[test]
    fn nesting_is_limited() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(pretty_json(deep(100).as_bytes()).is_some());
        assert_eq!(pretty_json(deep(100_000).as_bytes()), None);
    }
}
