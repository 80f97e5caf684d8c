//! `tether connector import --discover URL`: a connector from a provider's metadata, shown,
//! named (asked in a terminal, from flags or defaults otherwise), validated and stored.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use super::import::ImportArgs;
use crate::cli::output;
use crate::connector::{self, Connector};
use crate::context::Context;
use crate::discovery::{self, Draft, Naming, Target};
use crate::error::{Error, Result};
use crate::sanitize::for_terminal;

/// `--json`: the stored connector.
#[derive(Debug, Serialize)]
struct Imported<'a> {
    id: &'a str,
    name: &'a str,
    origin: &'static str,
    replaced: bool,
    metadata_url: &'a str,
    base_url: Option<&'a str>,
    grant: &'static str,
    issuer: Option<&'a str>,
    require_iss: bool,
    authorization_url: Option<&'a str>,
    token_url: &'a str,
    device_authorization_url: Option<&'a str>,
    revocation_url: Option<&'a str>,
    scopes: &'a [String],
    default_scopes: &'a [String],
    pkce: bool,
    client_auth: &'static str,
    notes: &'a [String],
}

pub(super) fn run(ctx: &Context, args: &ImportArgs) -> Result<()> {
    let url = args.discover.as_deref().unwrap_or_default();
    let target = Target::parse(url)?;
    let found = discovery::fetch(&target)?;
    let draft = Draft::from_found(&found)?;
    show(ctx, &draft);
    let naming = name(ctx, args, &draft)?;
    let text = draft.to_toml(&naming);
    let shown = PathBuf::from(format!("<discovered from {}>", draft.metadata_url));
    let (connector, replaced) = super::import::store_custom(ctx, &text, &shown)?;
    ctx.ui().notice(&format!(
        "imported custom connector `{}`{}; next: `tether connector configure {} --client-id ID`",
        connector.id,
        super::import::replacing(replaced),
        connector.id
    ));
    if ctx.json {
        return output::print_json(&imported(&connector, &draft, replaced)?);
    }
    Ok(())
}

/// What was found, and what was assumed, on stderr.
fn show(ctx: &Context, draft: &Draft) {
    let pairs = draft.summary();
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut text = String::from("Found OAuth2 metadata:");
    for (key, value) in pairs {
        let _ = write!(text, "\n  {key:width$}  {value}");
    }
    for note in &draft.notes {
        let _ = write!(text, "\n  note: {}", for_terminal(note));
    }
    ctx.ui().notice(&text);
}

/// The id, name and base URL: from the flags, else asked in a terminal, else the defaults
/// (no base URL).
fn name(ctx: &Context, args: &ImportArgs, draft: &Draft) -> Result<Naming> {
    let prompter = ctx.try_prompter();
    let id = match (&args.id, prompter) {
        (Some(id), _) => id.clone(),
        (None, Some(p)) => p.input("Connector id", Some(&draft.suggested_id()))?,
        (None, None) => draft.suggested_id(),
    };
    connector::validate_id("connector id", &id)?;
    let name = match (&args.name, prompter) {
        (Some(name), _) => name.clone(),
        (None, Some(p)) => p.input("Display name", Some(&draft.suggested_name()))?,
        (None, None) => draft.suggested_name(),
    };
    let base_url = match (&args.base_url, prompter) {
        (Some(url), _) => Some(url.clone()),
        (None, Some(p)) => {
            if p.confirm("Set the API's base URL (for `tether invoke`)?", false)? {
                Some(p.input("API base URL", None)?)
            } else {
                None
            }
        }
        (None, None) => None,
    };
    Ok(Naming {
        id: id.trim().to_owned(),
        name: name.trim().to_owned(),
        base_url: base_url.map(|u| u.trim().to_owned()),
    })
}

fn imported<'a>(c: &'a Connector, draft: &'a Draft, replaced: bool) -> Result<Imported<'a>> {
    let Some(o) = c.oauth2() else {
        return Err(Error::Internal(format!(
            "discovered connector `{}` is not oauth2",
            c.id
        )));
    };
    Ok(Imported {
        id: &c.id,
        name: &c.name,
        origin: "custom",
        replaced,
        metadata_url: &draft.metadata_url,
        base_url: c.base_url.as_deref(),
        grant: o.grant.as_str(),
        issuer: o.issuer.as_deref(),
        require_iss: o.require_iss,
        authorization_url: o.authorization_url.as_deref(),
        token_url: &o.token_url,
        device_authorization_url: o.device_authorization_url.as_deref(),
        revocation_url: o.revocation_url.as_deref(),
        scopes: &o.scopes,
        default_scopes: &o.default_scopes,
        pkce: o.pkce,
        client_auth: o.client_auth.as_str(),
        notes: &draft.notes,
    })
}
