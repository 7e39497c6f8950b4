use crate::args::{BackofficeOp, ResourceCmd, ThreadCmd, TicketCmd, UserCmd};
use crate::output::Output;
use std::io::BufRead;
use ventanilla_core::{Error, ErrorCode, Result, SecretString};
use ventanilla_provider_backoffice::users::*;
use ventanilla_service::{Backoffice, Service};

/// `--connection`, or the only connection of `kind` there is.
pub fn pick_connection_of(
    svc: &Service,
    given: Option<&str>,
    kind: &str,
) -> Result<String> {
    if let Some(c) = given {
        return Ok(c.to_owned());
    }
    let mine: Vec<_> = svc
        .connections()?
        .into_iter()
        .filter(|c| c.provider == kind)
        .collect();
    match mine.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Error::new(
            ErrorCode::ConnectionNotFound,
            format!(
                "no {} connection; add one with `ventanilla-cli connection add`",
                ventanilla_service::providers::label(kind)
            ),
        )),
        many => Err(Error::invalid(
            "connection",
            format!(
                "several {} connections; pick one with --connection ({})",
                ventanilla_service::providers::label(kind),
                many.iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// `--connection`, or the only BackOffice connection there is.
pub fn pick_connection(svc: &Service, given: Option<&str>) -> Result<String> {
    pick_connection_of(svc, given, "backoffice")
}

/// The next line of stdin (successive calls read successive lines).
fn read_secret_line(field: &str) -> Result<SecretString> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::invalid(field, format!("cannot read it from stdin: {e}")))?;
    Ok(SecretString::new(line.trim_end_matches(['\n', '\r'])))
}

fn read_password() -> Result<SecretString> {
    read_secret_line("password")
}

pub async fn run(bo: &Backoffice<'_>, op: BackofficeOp, out: &Output) -> Result<()> {
    match op {
        BackofficeOp::Login => out.value(&bo.login().await?),
        BackofficeOp::User(UserCmd::Get { id }) => out.value(&bo.user(id).await?),
        BackofficeOp::User(UserCmd::Create {
            sponsor,
            first_name,
            last_name,
            email,
            user_name,
            mobile,
            country_code,
        }) => {
            let password = read_password()?;
            let user = NewUser {
                sponsor,
                first_name,
                last_name,
                email,
                user_name,
                mobile,
                password,
                country_code,
            };
            out.value(&bo.create_user(user).await?)
        }
        BackofficeOp::User(UserCmd::Edit {
            id,
            first_name,
            last_name,
            email,
            language,
            mobile,
            default_leg,
            country_code,
            password_stdin,
            profile_image,
            token_stdin,
        }) => {
            let password = if password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            // After the password: its line comes first on stdin.
            let token = if token_stdin {
                Some(read_secret_line("token")?.expose().trim().to_owned())
            } else {
                None
            };
            let edit = UserEdit {
                first_name,
                last_name,
                email,
                language,
                mobile,
                default_leg,
                country_code,
                password,
                profile_image,
                token,
            };
            out.value(&bo.edit_user(id, edit).await?)
        }
        BackofficeOp::User(UserCmd::Token { id }) => out.value(&bo.send_security_token(id).await?),
        BackofficeOp::Catalog { name } => {
            let which = match name.as_str() {
                "legs" => Catalog::Legs,
                "locales" => Catalog::Locales,
                "countries" => Catalog::Countries,
                "cashout-currencies" | "cashout_currencies" => Catalog::CashoutCurrencies,
                _ => {
                    return Err(Error::invalid(
                        "catalog",
                        "must be legs, locales, countries or cashout-currencies",
                    ))
                }
            };
            out.value(&bo.catalog(which).await?)
        }
        BackofficeOp::Dashboard { user_id } => out.value(&bo.dashboard(user_id).await?),
        BackofficeOp::Notices { user_id } => out.value(&bo.notices(user_id).await?),
        BackofficeOp::Products { user_id } => out.value(&bo.products(user_id).await?),
        BackofficeOp::Team { user_id } => out.value(&bo.team(user_id).await?),
        BackofficeOp::Matrix { user_id } => out.value(&bo.matrix(user_id).await?),
        BackofficeOp::Resource(ResourceCmd::Categories) => {
            out.value(&bo.resource_categories().await?)
        }
        BackofficeOp::Resource(ResourceCmd::List { category_id }) => {
            out.value(&bo.resources(category_id).await?)
        }
        BackofficeOp::Ticket(TicketCmd::List { user_id }) => out.value(&bo.tickets(user_id).await?),
        BackofficeOp::Ticket(TicketCmd::Create {
            user,
            subject,
            comment,
        }) => out.value(
            &bo.create_ticket(NewTicket {
                user_id: user,
                subject,
                comment,
            })
            .await?,
        ),
        BackofficeOp::Thread(ThreadCmd::List { ticket_id }) => {
            out.value(&bo.thread(ticket_id).await?)
        }
        BackofficeOp::Thread(ThreadCmd::Reply { ticket, content }) => out.value(
            &bo.reply(NewThreadMessage {
                ticket_id: ticket,
                content,
            })
            .await?,
        ),
        BackofficeOp::Wallet { wallet, user, page } => out.value(
            &bo.wallet(WalletQuery {
                wallet_id: wallet,
                user_id: user,
                page,
            })
            .await?,
        ),
        BackofficeOp::RecentUsers => out.value(&bo.recent_users()?),
    }
}
