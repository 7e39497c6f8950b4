//! API keys: request or rotate one (UNDOSTRES 2.2, 2.5 A1) and its status
//! from the local cache, with the expiry warnings (issue 8: 14 days, 24 h).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;
use ventanilla_core::history::Summary;
use ventanilla_core::op::{
    AppNotice, BoxFuture, Call, Cx, NoticeLevel, Op, OpKind, SecretKept, Store,
};
use ventanilla_core::Result;

use super::{local, Account, KeyInfo, KeyRequestInput};
use crate::rules::{self, ExpiryLevel};
use crate::spec::Undostres;
use crate::UndostresClient;

/// The keychain field the key is stored under.
pub const API_KEY_FIELD: &str = "api_key";

impl Op for KeyRequestInput {
    const NAME: &'static str = "key.request";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "UNDOSTRES 2.2, 2.5 A1";
    type Output = KeyInfo;

    fn validate(&self) -> Result<()> {
        KeyRequestInput::validate(self)
    }
    fn target(&self) -> String {
        "API key".into()
    }
    /// Only the last 4 characters and the dates: never the key.
    fn summary(&self, k: &KeyInfo) -> Summary {
        let (until, ips) = (rules::rfc3339(k.expires_at), k.allowed_ips.join(", "));
        let prev = k.previous_key_expires_at.map(rules::rfc3339);
        let code = match (k.session_only, prev.is_some()) {
            (true, _) => "key_issued_session_only",
            (false, true) => "key_issued_previous_until",
            (false, false) => "key_issued",
        };
        let mut text = format!("key …{} until {until} from {ips}", k.last4);
        if let Some(p) = &prev {
            text.push_str(&format!("; previous key until {p}"));
        }
        if k.session_only {
            text.push_str("; kept for this session only: the keychain refused it");
        }
        let s = Summary::new(code, text)
            .param("last4", k.last4.as_str())
            .param("until", until)
            .param("ips", ips);
        match prev {
            Some(p) => s.param("previousUntil", p),
            None => s,
        }
    }
}

impl Call<Undostres> for KeyRequestInput {
    fn call(self, cx: Cx<'_, UndostresClient>) -> BoxFuture<'_, Result<KeyInfo>> {
        Box::pin(async move {
            let previous = local::key(cx.store);
            let issued = cx.api.request_key(&self, previous.as_ref()).await?;
            store_issued_key(cx.store, issued.api_key, &issued.company_id, {
                let mut k = issued.key;
                k.previous_key_last4 = previous
                    .filter(|_| k.previous_key_expires_at.is_some())
                    .map(|p| p.last4);
                k
            })
            .await
        })
    }
}

/// A key the provider issued: the key itself to this connection's keychain
/// entry (the adapter already uses it), then its public part to the cache.
/// The account is active from now on (UNDOSTRES 2.2). The cache follows the
/// keychain: a key kept in memory only (keychain refused it) is not cached,
/// so after a restart the cache still describes the key the keychain holds.
/// The call succeeds either way: the provider did issue the key.
pub(crate) async fn store_issued_key(
    store: &dyn Store,
    api_key: ventanilla_core::SecretString,
    company_id: &str,
    mut info: KeyInfo,
) -> Result<KeyInfo> {
    if store.put_secret(API_KEY_FIELD, api_key).await? == SecretKept::SessionOnly {
        info.session_only = true;
        return Ok(info);
    }
    local::put_key(store, &info);
    let mut me = local::me(store)
        .filter(|a| a.company_id == company_id)
        .unwrap_or_else(|| Account {
            company_id: company_id.to_owned(),
            parent_company_id: None,
            depth: 0,
            names: String::new(),
            document_number: None,
            webhooks: Vec::new(),
            email: None,
            phone: None,
            active: true,
        });
    me.active = true;
    local::put_me(store, &me);
    Ok(info)
}

/// The current key's status, from the local cache (nothing is sent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct KeyStatusInput {}

/// What `key.status` reports: the key's public part, how close its expiry
/// is, and until when the key it replaced still works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyStatus {
    /// Absent: this connection has obtained no key through this app yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key: Option<KeyInfo>,
    /// `ok` also when there is no key.
    pub level: ExpiryLevel,
    /// Whole days left (negative once expired).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub days_left: Option<i64>,
    /// The replaced key still works until then.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[ts(optional, type = "string")]
    pub previous_valid_until: Option<OffsetDateTime>,
    /// Whether the account is active, as last read (the cached account):
    /// a list of keys needs no call per row. Absent: never read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub active: Option<bool>,
}

impl KeyStatus {
    pub fn of(key: Option<KeyInfo>, me: Option<&Account>, now: OffsetDateTime) -> KeyStatus {
        KeyStatus {
            active: me.map(|a| a.active),
            level: key
                .as_ref()
                .map_or(ExpiryLevel::Ok, |k| k.expiry_level(now)),
            days_left: key.as_ref().map(|k| k.days_left(now)),
            previous_valid_until: key
                .as_ref()
                .filter(|k| k.previous_key_valid(now))
                .and_then(|k| k.previous_key_expires_at),
            key,
        }
    }
}

impl Op for KeyStatusInput {
    const NAME: &'static str = "key.status";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "UNDOSTRES 2.2";
    const LOCAL: bool = true;
    type Output = KeyStatus;

    fn target(&self) -> String {
        "API key".into()
    }
    fn summary(&self, s: &KeyStatus) -> Summary {
        let Some(k) = &s.key else {
            return Summary::new("no_key_yet", "no key yet");
        };
        let until = rules::rfc3339(k.expires_at);
        let level = serde_json::to_value(s.level).unwrap_or_default();
        Summary::new(
            "key_status",
            format!("key …{} until {until} ({:?})", k.last4, s.level),
        )
        .param("last4", k.last4.as_str())
        .param("until", until)
        .param("level", level)
    }
}

impl Call<Undostres> for KeyStatusInput {
    fn call(self, cx: Cx<'_, UndostresClient>) -> BoxFuture<'_, Result<KeyStatus>> {
        Box::pin(async move {
            Ok(KeyStatus::of(
                local::key(cx.store),
                local::me(cx.store).as_ref(),
                OffsetDateTime::now_utc(),
            ))
        })
    }
}

/// The header's warning for this connection's key, if it expires within
/// 14 days (warning), 24 hours (urgent) or has expired (urgent).
pub(crate) fn key_notices(store: &dyn Store, now: OffsetDateTime) -> Vec<AppNotice> {
    let Some(k) = local::key(store) else {
        return Vec::new();
    };
    let level = k.expiry_level(now);
    let left = k.expires_at - now;
    let mut params = BTreeMap::new();
    params.insert("last4".to_owned(), k.last4.clone().into());
    params.insert("expiresAt".to_owned(), rules::rfc3339(k.expires_at).into());
    params.insert("days".to_owned(), left.whole_days().into());
    params.insert("hours".to_owned(), left.whole_hours().into());
    let (level, code, message) = match level {
        ExpiryLevel::Ok => return Vec::new(),
        ExpiryLevel::Soon => (
            NoticeLevel::Warning,
            "undostres.key_expires",
            format!(
                "UnDosTres API key …{} expires in {} days",
                k.last4,
                left.whole_days()
            ),
        ),
        ExpiryLevel::Urgent => (
            NoticeLevel::Urgent,
            "undostres.key_expires",
            format!(
                "UnDosTres API key …{} expires in {} hours",
                k.last4,
                left.whole_hours()
            ),
        ),
        ExpiryLevel::Expired => (
            NoticeLevel::Urgent,
            "undostres.key_expired",
            format!(
                "UnDosTres API key …{} expired on {}: request a new one",
                k.last4,
                rules::rfc3339(k.expires_at)
            ),
        ),
    };
    vec![AppNotice {
        connection_id: store.connection_id().to_owned(),
        connection_name: String::new(),
        provider: "undostres".into(),
        level,
        code: code.into(),
        params,
        message,
    }]
}
