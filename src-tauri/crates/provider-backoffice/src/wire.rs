//! The provider's JSON, as documented (shared/providers.md §4.3), including
//! its misspelled keys (`usernname`, `permanent_mising`, `temporal_mising`)
//! and `childs`. Used by the adapter to read replies and by the simulator to
//! write them, so both agree on the wire format by construction.
//!
//! Reading is lenient where the documentation is loose: money may arrive as a
//! string or a number, catalog ids as strings or numbers, and a missing
//! optional text is an empty string.

use serde::{Deserialize, Deserializer, Serialize};

/// `{"message": "..."}`: every successful write.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageReply {
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginReply {
    pub token: String,
    /// "MM-DD-YYYY HH:mm", UTC.
    #[serde(default)]
    pub exp: String,
    pub id: u64,
    pub username: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub sponsor: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub referral_link: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserReply {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub first_name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub last_name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub email: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub country_code: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub username: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub mobile: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub default_leg: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub language: String,
    #[serde(default)]
    pub profile_image: Option<String>,
    #[serde(default)]
    pub matrix_on: bool,
    #[serde(default)]
    pub request_token_on_edit: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListReply<T> {
    pub list: Vec<T>,
}

/// Legs, locales, countries and cash-out currencies. Cash-out ids are numbers
/// (`470`), the others strings (`"left"`, `"es"`, `"MX"`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogItem {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WalletAmount {
    pub name: String,
    #[serde(deserialize_with = "string_or_number")]
    pub amount: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GrowthChart {
    #[serde(default)]
    pub dates: Vec<String>,
    #[serde(default)]
    pub users: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PopularCountry {
    pub country: String,
    pub number: i64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub image: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DashboardReply {
    pub wallets: Vec<WalletAmount>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub matrix_dimensions: String,
    #[serde(default, deserialize_with = "string_or_number")]
    pub permanent_mising: String,
    #[serde(default, deserialize_with = "string_or_number")]
    pub temporal_mising: String,
    #[serde(default)]
    pub matrix_pending_directs: serde_json::Value,
    #[serde(default)]
    pub team_growth_chart: GrowthChart,
    #[serde(default)]
    pub top_leaders: Vec<serde_json::Value>,
    #[serde(default)]
    pub traffic_funnel: Vec<serde_json::Value>,
    #[serde(default)]
    pub efficiency_funnel: Vec<serde_json::Value>,
    #[serde(default)]
    pub popular_countries: Vec<PopularCountry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NoticeItem {
    pub id: u64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub title: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub content: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NoticesReply {
    #[serde(default)]
    pub general_notices: Vec<NoticeItem>,
    #[serde(default)]
    pub user_notices: Vec<NoticeItem>,
    #[serde(default)]
    pub plan_notices: Vec<NoticeItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanItem {
    pub id: u64,
    pub plan: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub image: String,
    #[serde(deserialize_with = "number_or_string")]
    pub price: f64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub currency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProductsReply {
    pub plans: Vec<PlanItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TeamUser {
    pub id: u64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub username: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub first_name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub last_name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub email: String,
    #[serde(default)]
    pub level: u32,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub plan: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub image_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TeamNode {
    pub user: TeamUser,
    #[serde(default)]
    pub childs: Vec<TeamNode>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TeamviewReply {
    pub teamview: Vec<TeamNode>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatrixUser {
    pub id: u64,
    /// Sic: the provider spells it with two n's.
    #[serde(alias = "username")]
    pub usernname: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub plan: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub image: String,
    #[serde(default)]
    pub level: u32,
}

/// A matrix node; the empty object `{}` means "no node here".
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MatrixNodeWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<MatrixUser>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_left: Option<Box<MatrixNodeWire>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_center: Option<Box<MatrixNodeWire>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_right: Option<Box<MatrixNodeWire>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_node: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatrixReply {
    #[serde(default)]
    pub matrix: Option<MatrixNodeWire>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResourceCategoryItem {
    pub id: u64,
    pub title: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub icon: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResourceItem {
    pub id: u64,
    pub title: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub description: String,
    #[serde(default)]
    pub video: Option<String>,
    #[serde(default)]
    pub file: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TicketItem {
    pub id: u64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub subject: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ThreadItem {
    pub id: u64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub content: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TransactionItem {
    pub id: u64,
    #[serde(deserialize_with = "string_or_number")]
    pub amount: String,
    #[serde(deserialize_with = "string_or_number")]
    pub balance: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub description: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub date: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WalletReply {
    pub list: Vec<TransactionItem>,
    #[serde(deserialize_with = "u32_lenient")]
    pub total_pages: u32,
    #[serde(deserialize_with = "u32_lenient")]
    pub current_page: u32,
}

fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// A decimal string ("10000.0") or a JSON number, kept as text; null → "".
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Null => Ok(String::new()),
        other => Err(D::Error::custom(format!(
            "expected a string or number, got {other}"
        ))),
    }
}

fn number_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_f64().ok_or_else(|| D::Error::custom("bad number")),
        serde_json::Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| D::Error::custom("not a number")),
        other => Err(D::Error::custom(format!("expected a number, got {other}"))),
    }
}

fn u32_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| D::Error::custom("bad page number")),
        serde_json::Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| D::Error::custom("bad page number")),
        other => Err(D::Error::custom(format!(
            "expected a page number, got {other}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_matrix_shape_with_empty_children_parses() {
        let m: MatrixReply = serde_json::from_str(
            r#"{"matrix":{"user":{"id":43,"usernname":"aaglobal","plan":"Club VIP","image":"x","level":0},
              "child_left":{"user":{"id":45,"usernname":"elrey","plan":"Star 3","image":"x","level":1},
                 "child_left":{},"child_center":{},"child_right":{},"last_node":true},
              "child_center":{},"child_right":{},"last_node":false}}"#,
        )
        .unwrap();
        let root = m.matrix.unwrap();
        assert_eq!(root.user.unwrap().usernname, "aaglobal");
        let left = root.child_left.unwrap();
        assert_eq!(left.user.as_ref().unwrap().id, 45);
        assert!(left.child_left.unwrap().user.is_none());
        assert!(root.child_center.unwrap().user.is_none());
    }

    #[test]
    fn cashout_ids_may_be_numbers_and_money_may_be_numbers() {
        let l: ListReply<CatalogItem> =
            serde_json::from_str(r#"{"list":[{"id":470,"name":"USDT"}]}"#).unwrap();
        assert_eq!(l.list[0].id, "470");
        let w: WalletAmount = serde_json::from_str(r#"{"name":"Mining","amount":12.5}"#).unwrap();
        assert_eq!(w.amount, "12.5");
        let p: PlanItem = serde_json::from_str(
            r#"{"id":7,"plan":"Free Plan","image":"x","price":"0.0","currency":"USD"}"#,
        )
        .unwrap();
        assert_eq!(p.price, 0.0);
    }

    #[test]
    fn dashboard_keeps_the_misspelled_keys() {
        let d: DashboardReply = serde_json::from_str(
            r#"{"wallets":[{"name":"Mining","amount":"1.0"}],"matrix_dimensions":"3 / 3",
                "permanent_mising":"2.0","temporal_mising":"3.0","matrix_pending_directs":null}"#,
        )
        .unwrap();
        assert_eq!(
            (d.permanent_mising.as_str(), d.temporal_mising.as_str()),
            ("2.0", "3.0")
        );
        let back = serde_json::to_value(&d).unwrap();
        assert!(back.get("permanent_mising").is_some());
    }

    mod fuzz {
        use super::super::*;
        use proptest::prelude::*;

        use ventanilla_http::hostile::any_json;

        const KEYS: &[&str] = &[
            "message",
            "token",
            "exp",
            "id",
            "username",
            "usernname",
            "list",
            "name",
            "amount",
            "wallets",
            "plans",
            "price",
            "teamview",
            "user",
            "childs",
            "matrix",
            "child_left",
            "child_center",
            "child_right",
            "last_node",
            "total_pages",
            "current_page",
            "balance",
            "general_notices",
            "permanent_mising",
            "team_growth_chart",
            "popular_countries",
        ];

        /// Every reply type the adapter reads, from the same input.
        fn parse_all(body: &[u8]) {
            let _ = serde_json::from_slice::<MessageReply>(body);
            let _ = serde_json::from_slice::<LoginReply>(body);
            let _ = serde_json::from_slice::<UserReply>(body);
            let _ = serde_json::from_slice::<ListReply<CatalogItem>>(body);
            let _ = serde_json::from_slice::<DashboardReply>(body);
            let _ = serde_json::from_slice::<NoticesReply>(body);
            let _ = serde_json::from_slice::<ProductsReply>(body);
            let _ = serde_json::from_slice::<TeamviewReply>(body);
            let _ = serde_json::from_slice::<MatrixReply>(body);
            let _ = serde_json::from_slice::<ListReply<ResourceCategoryItem>>(body);
            let _ = serde_json::from_slice::<ListReply<ResourceItem>>(body);
            let _ = serde_json::from_slice::<ListReply<TicketItem>>(body);
            let _ = serde_json::from_slice::<ListReply<ThreadItem>>(body);
            let _ = serde_json::from_slice::<WalletReply>(body);
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..256)) {
                parse_all(&body);
            }

            #[test]
            fn arbitrary_json_never_panics(v in any_json(KEYS)) {
                parse_all(v.to_string().as_bytes());
            }

            #[test]
            fn a_matrix_nested_to_the_parser_limit_is_refused_not_a_crash(depth in 1usize..300) {
                let mut s = String::from(r#"{"matrix":"#);
                for _ in 0..depth {
                    s.push_str(r#"{"user":{"id":1,"usernname":"a"},"child_left":"#);
                }
                s.push_str("{}");
                for _ in 0..depth {
                    s.push('}');
                }
                s.push('}');
                let _ = serde_json::from_str::<MatrixReply>(&s);
            }
        }
    }
}
