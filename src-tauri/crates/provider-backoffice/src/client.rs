//! The adapter: [`BackofficeClient`] carries out BackOffice's endpoints over HTTP.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::users::*;
use reqwest::multipart::Form;
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use ventanilla_core::{validate, Error, Result, SecretString};
use ventanilla_http::{Exchange, HttpConfig, RetryPolicy, TokenCache};

use crate::errors::{self, Context};
use crate::sanitize::{html_to_text, sanitize_html};
use crate::wire;

/// Where and as whom to connect.
#[derive(Clone)]
pub struct BackofficeConfig {
    /// e.g. `http://stagingmlm.disruptivestudio.com/` (the `/api/v1` prefix is added).
    pub base_url: String,
    pub api_key: SecretString,
    pub username: String,
    pub password: SecretString,
}

impl std::fmt::Debug for BackofficeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackofficeConfig")
            .field("base_url", &self.base_url)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// A JWT is renewed this long before its `exp` (less for very short-lived tokens).
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);
/// When a login reply carries no readable expiry at all.
const FALLBACK_LIFETIME: Duration = Duration::from_secs(10 * 60);

pub struct BackofficeClient {
    http: reqwest::Client,
    base: Url,
    cfg: BackofficeConfig,
    tokens: TokenCache<SecretString>,
    session: Mutex<Option<Session>>,
    retry: RetryPolicy,
    /// Largest reply read (`RESPONSE_TOO_LARGE` beyond).
    max_body: usize,
}

enum Payload<'a> {
    None,
    Form(Vec<(&'static str, String)>),
    Edit(&'a UserEdit),
}

impl BackofficeClient {
    /// A client with the default HTTP settings (10 s connect, 30 s per request).
    pub fn new(cfg: BackofficeConfig) -> Result<Self> {
        Self::with_http(cfg, &HttpConfig::default())
    }

    /// A client with explicit HTTP settings (e.g. a short timeout in tests).
    pub fn with_http(cfg: BackofficeConfig, http: &HttpConfig) -> Result<Self> {
        let mut raw = cfg.base_url.trim().to_string();
        if !raw.ends_with('/') {
            raw.push('/');
        }
        let base = Url::parse(&raw)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| Error::invalid("base_url", validate::url_scheme()))?;
        Ok(BackofficeClient {
            http: ventanilla_http::build_client(http)?,
            base,
            cfg,
            tokens: TokenCache::new(),
            session: Mutex::new(None),
            retry: RetryPolicy::default(),
            max_body: http.max_body,
        })
    }

    /// Replace the retry policy for idempotent calls (default: 2 retries, 200/600 ms).
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// The session of the last successful login, if any.
    pub fn session(&self) -> Option<Session> {
        self.session.lock().expect("session lock").clone()
    }

    /// Forget the cached JWT: the next call logs in again.
    pub async fn forget_token(&self) {
        self.tokens.clear().await;
    }

    fn url(&self, path: &str) -> Result<Url> {
        self.base
            .join(path)
            .map_err(|_| Error::internal("cannot build the request URL"))
    }

    /// Never let a secret of ours reach an error message, whatever the provider echoed.
    fn scrub(&self, mut e: Error, jwt: Option<&SecretString>) -> Error {
        let mut secrets = vec![self.cfg.api_key.expose(), self.cfg.password.expose()];
        if let Some(t) = jwt {
            secrets.push(t.expose());
        }
        for s in secrets.into_iter().filter(|s| s.len() >= 4) {
            if e.message.contains(s) {
                e.message = e.message.replace(s, "[redacted]");
            }
            if let Some(f) = e.fields.as_mut() {
                for v in f.values_mut() {
                    v.map_text(|t| t.replace(s, "[redacted]"));
                }
            }
        }
        e
    }

    async fn do_login(&self) -> Result<(SecretString, Duration)> {
        let url = self.url("api/v1/login/")?;
        let req = self
            .http
            .post(url)
            .header("x-api-key", self.cfg.api_key.expose())
            .form(&[
                ("username", self.cfg.username.as_str()),
                ("password", self.cfg.password.expose()),
            ])
            .build()
            .map_err(|_| Error::internal("cannot build the login request"))?;
        // A login changes nothing at the provider: a lost reply is a plain
        // timeout, not an unknown outcome. It is still sent only once.
        let how = Exchange {
            idempotent: true,
            retry: RetryPolicy::none(),
            max_body: self.max_body,
            signer: None,
        };
        let (status, body) = ventanilla_http::exchange(&self.http, req, &how).await?;
        let v = errors::check(status.as_u16(), &body, Context::Login)
            .map_err(|e| self.scrub(e, None))?;
        let reply: wire::LoginReply =
            serde_json::from_value(v).map_err(|e| errors::unexpected_shape("login", &e))?;
        let token = SecretString::new(reply.token);
        let valid_for = lifetime(token.expose(), &reply.exp);
        *self.session.lock().expect("session lock") = Some(Session {
            user_id: reply.id,
            username: reply.username,
            sponsor: reply.sponsor,
            referral_link: reply.referral_link,
            expires: reply.exp,
        });
        Ok((token, valid_for))
    }

    async fn build(
        &self,
        method: &Method,
        url: &Url,
        payload: &Payload<'_>,
        jwt: &SecretString,
    ) -> Result<reqwest::Request> {
        let mut rb = self
            .http
            .request(method.clone(), url.clone())
            .header("x-api-key", self.cfg.api_key.expose())
            .header("jwt-token", jwt.expose());
        match payload {
            Payload::None => {}
            Payload::Form(fields) => rb = rb.form(fields),
            Payload::Edit(edit) => rb = rb.multipart(edit_form(edit).await?),
        }
        rb.build()
            .map_err(|_| Error::internal("cannot build the request"))
    }

    /// Send one call with the cached JWT; on a 401 that refuses the JWT, log
    /// in once more and send it once more.
    async fn call(
        &self,
        method: Method,
        path: &str,
        payload: Payload<'_>,
    ) -> Result<serde_json::Value> {
        let url = self.url(path)?;
        // Reads are retried; writes are sent once, and one whose reply is
        // lost is OUTCOME_UNKNOWN (it may have been applied).
        let how = Exchange::by_method(&method, &self.retry, self.max_body);
        let mut jwt = self.tokens.get_or_refresh(|| self.do_login()).await?;
        let mut relogged = false;
        loop {
            let req = self.build(&method, &url, &payload, &jwt).await?;
            let (status, body) = ventanilla_http::exchange(&self.http, req, &how).await?;
            let status = status.as_u16();
            if errors::is_session_refusal(status, &body) {
                if relogged {
                    return Err(self.scrub(errors::still_unauthorized(status, &body), Some(&jwt)));
                }
                relogged = true;
                self.tokens.invalidate(&jwt).await;
                jwt = self.tokens.get_or_refresh(|| self.do_login()).await?;
                continue;
            }
            return errors::check(status, &body, Context::Call)
                .map_err(|e| self.scrub(e, Some(&jwt)));
        }
    }

    async fn get<T: DeserializeOwned>(&self, path: &str, what: &str) -> Result<T> {
        let v = self.call(Method::GET, path, Payload::None).await?;
        serde_json::from_value(v).map_err(|e| errors::unexpected_shape(what, &e))
    }

    async fn write(&self, method: Method, path: &str, payload: Payload<'_>) -> Result<Ack> {
        let v = self.call(method, path, payload).await?;
        let m: wire::MessageReply =
            serde_json::from_value(v).map_err(|e| errors::unexpected_shape("write", &e))?;
        Ok(Ack { message: m.message })
    }
}

/// How long to trust a new JWT: until its `exp` claim (or the reply's `exp`
/// text), minus a margin.
fn lifetime(token: &str, exp_text: &str) -> Duration {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs() as i64;
    let exp = crate::jwt::exp_claim(token).or_else(|| parse_exp_text(exp_text));
    match exp {
        Some(exp) if exp > now => {
            let total = Duration::from_secs((exp - now) as u64);
            total.saturating_sub(EXPIRY_MARGIN.min(total / 10))
        }
        Some(_) => Duration::ZERO,
        None => FALLBACK_LIFETIME,
    }
}

/// "MM-DD-YYYY HH:mm" (UTC) → seconds since the epoch.
pub fn parse_exp_text(s: &str) -> Option<i64> {
    let fmt = time::macros::format_description!("[month]-[day]-[year] [hour]:[minute]");
    time::PrimitiveDateTime::parse(s.trim(), &fmt)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

/// The multipart body of a user edit: only the fields being changed; the
/// language goes out as `language` and as its alias `locale` (providers.md
/// 4.5 #3); the profile image is streamed from disk.
async fn edit_form(edit: &UserEdit) -> Result<Form> {
    let mut form = Form::new();
    let texts: [(&str, Option<&str>); 6] = [
        ("first_name", edit.first_name.as_deref()),
        ("last_name", edit.last_name.as_deref()),
        ("email", edit.email.as_deref()),
        ("mobile", edit.mobile.as_deref()),
        ("default_leg", edit.default_leg.as_deref()),
        ("country_code", edit.country_code.as_deref()),
    ];
    for (name, value) in texts {
        if let Some(v) = value {
            form = form.text(name, v.to_string());
        }
    }
    if let Some(lang) = &edit.language {
        form = form
            .text("language", lang.clone())
            .text("locale", lang.clone());
    }
    if let Some(p) = &edit.password {
        form = form.text("password", p.expose().to_string());
    }
    if let Some(t) = &edit.token {
        form = form.text("token", t.clone());
    }
    if let Some(path) = &edit.profile_image {
        form = form.part("profile_image", ventanilla_http::file_part(path).await?);
    }
    Ok(form)
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

fn team_member(n: wire::TeamNode) -> TeamMember {
    TeamMember {
        id: n.user.id,
        username: n.user.username,
        first_name: n.user.first_name,
        last_name: n.user.last_name,
        email: n.user.email,
        level: n.user.level,
        plan: n.user.plan,
        image_url: n.user.image_url,
        children: n.childs.into_iter().map(team_member).collect(),
    }
}

fn matrix_node(n: wire::MatrixNodeWire) -> Option<MatrixNode> {
    let user = n.user?;
    let child =
        |c: Option<Box<wire::MatrixNodeWire>>| c.and_then(|c| matrix_node(*c)).map(Box::new);
    let left = child(n.child_left);
    let center = child(n.child_center);
    let right = child(n.child_right);
    let last_node = n
        .last_node
        .unwrap_or(left.is_none() && center.is_none() && right.is_none());
    Some(MatrixNode {
        id: user.id,
        username: user.usernname,
        plan: user.plan,
        image: user.image,
        level: user.level,
        left,
        center,
        right,
        last_node,
    })
}

fn notices(v: Vec<wire::NoticeItem>) -> Vec<Notice> {
    v.into_iter()
        .map(|n| Notice {
            id: n.id,
            title: n.title,
            content: n.content,
        })
        .collect()
}

/// One method per endpoint (BackOffice #1–#21); inputs are validated by the
/// operations (`crate::ops`) before they get here.
impl BackofficeClient {
    pub async fn login(&self) -> Result<Session> {
        self.tokens.refresh(|| self.do_login()).await?;
        self.session()
            .ok_or_else(|| Error::internal("logged in but no session recorded"))
    }

    pub async fn user(&self, id: u64) -> Result<User> {
        let u: wire::UserReply = self.get(&format!("api/v1/users/{id}"), "user").await?;
        Ok(User {
            id,
            username: u.username,
            first_name: u.first_name,
            last_name: u.last_name,
            email: u.email,
            country_code: u.country_code,
            mobile: u.mobile,
            default_leg: u.default_leg,
            language: u.language,
            profile_image: non_empty(u.profile_image),
            matrix_on: u.matrix_on,
            request_token_on_edit: u.request_token_on_edit,
        })
    }

    pub async fn create_user(&self, user: &NewUser) -> Result<Ack> {
        let form = vec![
            ("sponsor", user.sponsor.clone()),
            ("first_name", user.first_name.clone()),
            ("last_name", user.last_name.clone()),
            ("email", user.email.clone()),
            ("user_name", user.user_name.clone()),
            ("mobile", user.mobile.clone()),
            ("password", user.password.expose().to_string()),
            ("country_code", user.country_code.clone()),
        ];
        self.write(Method::POST, "api/v1/users/", Payload::Form(form))
            .await
    }

    pub async fn edit_user(&self, id: u64, edit: &UserEdit) -> Result<Ack> {
        self.write(
            Method::PUT,
            &format!("api/v1/users/{id}"),
            Payload::Edit(edit),
        )
        .await
    }

    pub async fn send_security_token(&self, user_id: u64) -> Result<Ack> {
        self.write(
            Method::POST,
            "api/v1/tokens",
            Payload::Form(vec![("user_id", user_id.to_string())]),
        )
        .await
    }

    pub async fn catalog(&self, which: Catalog) -> Result<Vec<CatalogEntry>> {
        let path = match which {
            Catalog::Legs => "api/v1/legs",
            Catalog::Locales => "api/v1/locales",
            Catalog::Countries => "api/v1/countries",
            Catalog::CashoutCurrencies => "api/v1/cryptocurrency_cashouts",
        };
        let l: wire::ListReply<wire::CatalogItem> = self.get(path, "catalog").await?;
        Ok(l.list
            .into_iter()
            .map(|c| CatalogEntry {
                id: c.id,
                name: c.name,
                image: non_empty(c.image),
            })
            .collect())
    }

    pub async fn dashboard(&self, user_id: u64) -> Result<Dashboard> {
        let d: wire::DashboardReply = self
            .get(&format!("api/v1/dashboards/{user_id}"), "dashboard")
            .await?;
        Ok(Dashboard {
            wallets: d
                .wallets
                .into_iter()
                .enumerate()
                .map(|(i, w)| WalletBalance {
                    wallet_id: i as u32 + 1,
                    name: w.name,
                    amount: w.amount,
                })
                .collect(),
            matrix_dimensions: d.matrix_dimensions,
            permanent_missing: d.permanent_mising,
            temporal_missing: d.temporal_mising,
            matrix_pending_directs: d.matrix_pending_directs,
            growth_dates: d.team_growth_chart.dates,
            growth_users: d.team_growth_chart.users,
            top_leaders: d.top_leaders,
            traffic_funnel: d.traffic_funnel,
            efficiency_funnel: d.efficiency_funnel,
            popular_countries: d
                .popular_countries
                .into_iter()
                .map(|c| PopularCountry {
                    country: c.country,
                    number: c.number,
                    image: c.image,
                })
                .collect(),
        })
    }

    pub async fn notices(&self, user_id: u64) -> Result<Notices> {
        let n: wire::NoticesReply = self
            .get(&format!("api/v1/notices/{user_id}"), "notices")
            .await?;
        Ok(Notices {
            general: notices(n.general_notices),
            user: notices(n.user_notices),
            plan: notices(n.plan_notices),
        })
    }

    pub async fn products(&self, user_id: u64) -> Result<Vec<Plan>> {
        let p: wire::ProductsReply = self
            .get(&format!("api/v1/products/{user_id}"), "products")
            .await?;
        Ok(p.plans
            .into_iter()
            .map(|p| Plan {
                id: p.id,
                plan: p.plan,
                image: p.image,
                price: p.price,
                currency: p.currency,
            })
            .collect())
    }

    pub async fn team(&self, user_id: u64) -> Result<Vec<TeamMember>> {
        let t: wire::TeamviewReply = self
            .get(&format!("api/v1/teamviews/{user_id}"), "teamview")
            .await?;
        Ok(t.teamview.into_iter().map(team_member).collect())
    }

    pub async fn matrix(&self, user_id: u64) -> Result<Option<MatrixNode>> {
        let m: wire::MatrixReply = self
            .get(&format!("api/v1/matrixs/{user_id}"), "matrix")
            .await?;
        Ok(m.matrix.and_then(matrix_node))
    }

    pub async fn resource_categories(&self) -> Result<Vec<ResourceCategory>> {
        let l: wire::ListReply<wire::ResourceCategoryItem> = self
            .get("api/v1/category_resources", "resource categories")
            .await?;
        Ok(l.list
            .into_iter()
            .map(|c| ResourceCategory {
                id: c.id,
                title: c.title,
                icon: c.icon,
            })
            .collect())
    }

    pub async fn resources(&self, category_id: u64) -> Result<Vec<Resource>> {
        let l: wire::ListReply<wire::ResourceItem> = self
            .get(&format!("api/v1/resources/{category_id}"), "resources")
            .await?;
        Ok(l.list
            .into_iter()
            .map(|r| Resource {
                id: r.id,
                title: r.title,
                description: r.description,
                video: non_empty(r.video),
                file: non_empty(r.file),
            })
            .collect())
    }

    pub async fn tickets(&self, user_id: u64) -> Result<Vec<Ticket>> {
        let l: wire::ListReply<wire::TicketItem> = self
            .get(&format!("api/v1/user_tickets/{user_id}"), "tickets")
            .await?;
        Ok(l.list
            .into_iter()
            .map(|t| Ticket {
                id: t.id,
                subject: t.subject,
                created_at: t.created_at,
                status: t.status,
            })
            .collect())
    }

    pub async fn create_ticket(&self, ticket: &NewTicket) -> Result<Ack> {
        let form = vec![
            ("user_id", ticket.user_id.to_string()),
            ("subject", ticket.subject.clone()),
            ("comment", ticket.comment.clone()),
        ];
        self.write(Method::POST, "api/v1/user_tickets", Payload::Form(form))
            .await
    }

    pub async fn thread(&self, ticket_id: u64) -> Result<Vec<ThreadMessage>> {
        let l: wire::ListReply<wire::ThreadItem> = self
            .get(&format!("api/v1/threads/{ticket_id}"), "thread")
            .await?;
        Ok(l.list
            .into_iter()
            .map(|m| ThreadMessage {
                id: m.id,
                content_html: sanitize_html(&m.content),
                content_text: html_to_text(&m.content),
                created_at: m.created_at,
            })
            .collect())
    }

    pub async fn reply(&self, message: &NewThreadMessage) -> Result<Ack> {
        let form = vec![
            ("ticket_id", message.ticket_id.to_string()),
            ("content", message.content.clone()),
        ];
        self.write(Method::POST, "api/v1/threads", Payload::Form(form))
            .await
    }

    pub async fn wallet(&self, query: WalletQuery) -> Result<WalletPage> {
        let path = format!(
            "api/v1/wallets/{}?user_id={}&page={}",
            query.wallet_id, query.user_id, query.page
        );
        let w: wire::WalletReply = self.get(&path, "wallet").await?;
        Ok(WalletPage {
            transactions: w
                .list
                .into_iter()
                .map(|t| WalletTransaction {
                    id: t.id,
                    amount: t.amount,
                    balance: t.balance,
                    description: t.description,
                    date: t.date,
                })
                .collect(),
            total_pages: w.total_pages,
            current_page: w.current_page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_text_is_utc() {
        assert_eq!(parse_exp_text("07-19-2022 16:46"), Some(1658249160));
        assert_eq!(parse_exp_text("garbage"), None);
    }

    #[test]
    fn lifetime_comes_from_the_jwt_with_a_margin() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let t = crate::jwt::sign_hs256(&serde_json::json!({"user_id": 7, "exp": now + 3600}), b"k");
        let l = lifetime(&t, "");
        assert!(
            l <= Duration::from_secs(3540) && l >= Duration::from_secs(3530),
            "{l:?}"
        );
        let short = crate::jwt::sign_hs256(&serde_json::json!({"exp": now + 10}), b"k");
        assert!(lifetime(&short, "") >= Duration::from_secs(8));
        let past = crate::jwt::sign_hs256(&serde_json::json!({"exp": now - 10}), b"k");
        assert_eq!(lifetime(&past, ""), Duration::ZERO);
        assert_eq!(lifetime("opaque", ""), FALLBACK_LIFETIME);
    }

    #[test]
    fn a_bad_base_url_is_a_field_error() {
        let cfg = BackofficeConfig {
            base_url: "ftp:/nope".into(),
            api_key: SecretString::new("k"),
            username: "u".into(),
            password: SecretString::new("p"),
        };
        let e = BackofficeClient::new(cfg).err().unwrap();
        assert!(e.fields.unwrap().contains_key("base_url"));
    }

    #[test]
    fn config_debug_hides_secrets() {
        let cfg = BackofficeConfig {
            base_url: "http://x/".into(),
            api_key: SecretString::new("apikey-123"),
            username: "u".into(),
            password: SecretString::new("pw-456"),
        };
        let d = format!("{cfg:?}");
        assert!(!d.contains("apikey-123") && !d.contains("pw-456"));
    }
}
