//! Spanish demo data: a company with a two-level tree of sub-accounts.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

use time::{Duration, OffsetDateTime};

use super::{SimAccount, SimKey};

/// The main demo account.
pub const DEMO_COMPANY_ID: &str = "UDT-1001";
pub const DEMO_USER: &str = "demo.norte";
pub const DEMO_PASSWORD: &str = "demo-UnDosTres-2026";
/// IDs from here on are free for new sub-accounts.
pub(crate) const FIRST_FREE_ID: u32 = 1005;

/// Fixed demo keys (public, like the credentials).
const ROOT_KEY: &str = "5f0c1a2b-3d4e-4f60-8a7b-9c0d1e2f3a01";
const GDL_KEY: &str = "7a1b2c3d-4e5f-4061-8273-94a5b6c7d802";
const KIOSCO_KEY: &str = "9b2c3d4e-5f60-4172-8384-a5b6c7d8e903";

#[allow(clippy::too_many_arguments)]
fn account(
    id: &str,
    parent: Option<&str>,
    depth: u8,
    names: &str,
    rfc: &str,
    email: &str,
    phone: &str,
    active: bool,
    user: &str,
    password: &str,
) -> SimAccount {
    SimAccount {
        id: id.into(),
        parent: parent.map(String::from),
        depth,
        names: names.into(),
        document_number: Some(rfc.into()),
        webhooks: vec![],
        email: Some(email.into()),
        phone: Some(phone.into()),
        active,
        user: user.into(),
        password: password.into(),
    }
}

pub(crate) fn generate(now: OffsetDateTime) -> (BTreeMap<String, SimAccount>, Vec<SimKey>) {
    let mut root = account(
        DEMO_COMPANY_ID,
        None,
        0,
        "Comercializadora del Norte, S.A. de C.V.",
        "CNO190312AB1",
        "contacto@comercializadora-norte.mx",
        "+52 81 5555 0101",
        true,
        DEMO_USER,
        DEMO_PASSWORD,
    );
    root.webhooks = vec!["https://comercializadora-norte.mx/webhooks/undostres".into()];
    let accounts = vec![
        root,
        account(
            "UDT-1002",
            Some(DEMO_COMPANY_ID),
            1,
            "Sucursal Guadalajara",
            "CNO190312GD2",
            "gdl@comercializadora-norte.mx",
            "+52 33 5555 0202",
            true,
            "sucursal.gdl",
            "demo-Guadalajara-2026",
        ),
        account(
            "UDT-1003",
            Some(DEMO_COMPANY_ID),
            1,
            "Sucursal Monterrey",
            "CNO190312MT3",
            "mty@comercializadora-norte.mx",
            "+52 81 5555 0303",
            false,
            "sucursal.mty",
            "demo-Monterrey-2026",
        ),
        account(
            "UDT-1004",
            Some("UDT-1002"),
            2,
            "Kiosco Plaza del Sol",
            "CNO190312KP4",
            "kiosco.pds@comercializadora-norte.mx",
            "+52 33 5555 0404",
            true,
            "kiosco.pds",
            "demo-PlazaDelSol-2026",
        ),
    ];
    let loopback = vec![IpAddr::V4(Ipv4Addr::LOCALHOST)];
    let key = |k: &str, id: &str, age_days: i64| SimKey {
        key: k.into(),
        company_id: id.into(),
        created: now - Duration::days(age_days),
        expires: super::server::three_months_after(now - Duration::days(age_days)),
        ips: loopback.clone(),
        superseded: false,
    };
    // The root's key was issued ~80 days ago: it expires in about ten days,
    // so the warnings show at once.
    let keys = vec![
        key(ROOT_KEY, DEMO_COMPANY_ID, 80),
        key(GDL_KEY, "UDT-1002", 30),
        key(KIOSCO_KEY, "UDT-1004", 5),
    ];
    (
        accounts.into_iter().map(|a| (a.id.clone(), a)).collect(),
        keys,
    )
}
