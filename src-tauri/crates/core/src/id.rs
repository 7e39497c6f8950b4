//! Ids that are checked once, when they are parsed (issue #6 item 7).
//!
//! An operation input holding an [`Id`] or a [`PositiveId`] cannot exist with
//! a malformed one: IPC JSON (`Deserialize`) and the command line (`FromStr`,
//! which clap uses) both check it, so no operation checks it again. A bad id
//! is a coded [`FieldError`]; over IPC it reaches the field it was given in
//! (see [`from_serde_message`] and the service's `parse_input`).

use crate::error::FieldError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;
use ts_rs::TS;

/// What one kind of id looks like: the one check of its text (already
/// trimmed). Implemented by a provider for each of its ids (SIGNIO's
/// envelope id, UnDosTres's company id…).
pub trait IdKind: 'static {
    fn check(id: &str) -> Result<(), FieldError>;
}

/// A text id of kind `K`, trimmed and checked by `K::check`. Serializes as
/// the string; TypeScript sees a `string`.
pub struct Id<K: IdKind>(String, PhantomData<fn() -> K>);

impl<K: IdKind> Id<K> {
    /// The id in `raw` (surrounding spaces ignored), if `K` accepts it.
    pub fn new(raw: &str) -> Result<Self, FieldError> {
        let id = raw.trim();
        K::check(id)?;
        Ok(Id(id.to_owned(), PhantomData))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<K: IdKind> FromStr for Id<K> {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        Id::new(s)
    }
}

impl<K: IdKind> std::ops::Deref for Id<K> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<K: IdKind> AsRef<str> for Id<K> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<K: IdKind> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<K: IdKind> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl<K: IdKind> Clone for Id<K> {
    fn clone(&self) -> Self {
        Id(self.0.clone(), PhantomData)
    }
}

impl<K: IdKind> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<K: IdKind> Eq for Id<K> {}

impl<K: IdKind> PartialEq<str> for Id<K> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}
impl<K: IdKind> PartialEq<&str> for Id<K> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<K: IdKind> std::hash::Hash for Id<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

impl<K: IdKind> Serialize for Id<K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de, K: IdKind> Deserialize<'de> for Id<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Id::new(&raw).map_err(to_serde)
    }
}

impl<K: IdKind> TS for Id<K> {
    type WithoutGenerics = String;
    type OptionInnerType = Self;
    fn name(cfg: &ts_rs::Config) -> String {
        String::name(cfg)
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        String::inline(cfg)
    }
}

/// A positive whole-number id (BackOffice's user and ticket ids): never 0.
/// Serializes as the number; TypeScript sees a `number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PositiveId(u64);

impl Serialize for PositiveId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl TS for PositiveId {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(cfg: &ts_rs::Config) -> String {
        u32::name(cfg)
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        u32::inline(cfg)
    }
}

impl PositiveId {
    pub fn new(n: u64) -> Result<Self, FieldError> {
        if n == 0 {
            Err(crate::validate::positive_number())
        } else {
            Ok(PositiveId(n))
        }
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl FromStr for PositiveId {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let n = s
            .trim()
            .parse::<u64>()
            .map_err(|_| crate::validate::positive_number())?;
        PositiveId::new(n)
    }
}

impl fmt::Display for PositiveId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for PositiveId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        PositiveId::new(u64::deserialize(d)?).map_err(to_serde)
    }
}

/// A field error as a serde error: its JSON is the message, so whoever
/// parsed the input gets the coded error back with [`from_serde_message`].
fn to_serde<E: serde::de::Error>(e: FieldError) -> E {
    E::custom(serde_json::to_string(&e).unwrap_or(e.message))
}

/// The [`FieldError`] an id's `Deserialize` carried in a serde error's
/// message, if the message is one (serde_json's `from_value` adds no
/// position to it).
pub fn from_serde_message(message: &str) -> Option<FieldError> {
    serde_json::from_str(message).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Upper;
    impl IdKind for Upper {
        fn check(id: &str) -> Result<(), FieldError> {
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_uppercase()) {
                Ok(())
            } else {
                Err(FieldError::new("upper", "must be capital letters"))
            }
        }
    }

    #[test]
    fn an_id_is_checked_when_parsed_from_json_or_text() {
        let ok: Id<Upper> = serde_json::from_str("\" ABC \"").unwrap();
        assert_eq!(ok, "ABC");
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"ABC\"");
        assert_eq!("XY".parse::<Id<Upper>>().unwrap().to_string(), "XY");
        assert_eq!("x".parse::<Id<Upper>>().unwrap_err().code, "upper");
        let e = serde_json::from_value::<Id<Upper>>("abc".into()).unwrap_err();
        assert_eq!(from_serde_message(&e.to_string()).unwrap().code, "upper");
        assert!(from_serde_message("invalid type: integer").is_none());
        assert_eq!(<Id<Upper> as TS>::name(&ts_rs::Config::new()), "string");
    }

    #[test]
    fn a_positive_id_is_never_zero() {
        let n: PositiveId = serde_json::from_str("7").unwrap();
        assert_eq!(
            (n.get(), serde_json::to_string(&n).unwrap()),
            (7, "7".into())
        );
        let e = serde_json::from_value::<PositiveId>(0.into()).unwrap_err();
        assert_eq!(
            from_serde_message(&e.to_string()).unwrap().code,
            "positive_number"
        );
        assert_eq!(
            "0".parse::<PositiveId>().unwrap_err().code,
            "positive_number"
        );
        assert_eq!(
            "x".parse::<PositiveId>().unwrap_err().code,
            "positive_number"
        );
        assert_eq!(<PositiveId as TS>::name(&ts_rs::Config::new()), "number");
    }
}
