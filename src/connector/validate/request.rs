//! How the credential and the fixed headers and query parameters go on a request: the
//! `[api_key]` placements, `[headers]` and `[query]`.

use super::{Check, Place, check_credential_name, check_template, is_secret, problem};
use crate::connector::file::{ApiKeySection, ConnectorFile};
use crate::connector::model::Placement;
use crate::connector::position::{Seg, key_path};
use crate::connector::template;

/// `[api_key]`: one key as placement, name and value, or several as `headers` and `query`
/// tables; each value a template built on a secret.
pub(super) fn check_api_key(c: &ConnectorFile, api_key: &ApiKeySection) -> Check {
    let Some(placements) = api_key.placements() else {
        let mixed = !api_key.headers.is_empty() || !api_key.query.is_empty();
        let message = if mixed {
            "[api_key] mixes one key (`placement`, `name`, `value`) with `headers` or `query`; write one key as placement, name and value, or every key in `headers` and `query`"
        } else {
            "[api_key] needs `placement`, `name` and `value` for one key, or `headers` and `query` tables of name = template for several"
        };
        return Err(problem(key_path!["api_key"], message));
    };
    let single = api_key.placement.is_some();
    for (i, p) in placements.iter().enumerate() {
        let (name_at, value_at): (Vec<Seg>, Vec<Seg>) = if single {
            (
                key_path!["api_key", "name"].to_vec(),
                key_path!["api_key", "value"].to_vec(),
            )
        } else {
            let table = match p.placement {
                Placement::Header => "headers",
                Placement::Query => "query",
            };
            let at = vec![
                Seg::from("api_key"),
                Seg::from(table),
                Seg::Name(p.name.clone()),
            ];
            (at.clone(), at)
        };
        check_credential_name(&name_at, p.placement, &p.name)?;
        if placements[..i].iter().any(|q| {
            q.placement == p.placement
                && (q.name == p.name
                    || (p.placement == Placement::Header && q.name.eq_ignore_ascii_case(&p.name)))
        }) {
            return Err(problem(
                name_at,
                format!("`{}` is listed twice in [api_key]; list it once", p.name),
            ));
        }
        check_template(c, &value_at, &p.value, Place::ApiKey)?;
    }
    if !placements.iter().any(|p| {
        template::placeholders(&p.value)
            .iter()
            .any(|n| is_secret(c, n))
    }) {
        let at = if single {
            key_path!["api_key", "value"].to_vec()
        } else {
            key_path!["api_key"].to_vec()
        };
        // The value itself is not repeated: it may be a key pasted in by mistake.
        return Err(problem(
            at,
            "[api_key] uses no secret; write the key as a placeholder, e.g. \"{api_key}\" or \"Bearer {api_key}\", never the key itself".to_owned(),
        ));
    }
    Ok(())
}

/// `[headers]` and `[query]`: valid names, templates, and none that would carry or replace the
/// credential.
pub(super) fn check_fixed(c: &ConnectorFile, placement: Placement) -> Check {
    let (table, entries) = match placement {
        Placement::Header => ("headers", &c.headers),
        Placement::Query => ("query", &c.query),
    };
    let carrying = credential_names(c, placement);
    for (name, value) in entries {
        let at = [Seg::from(table), Seg::Name(name.clone())];
        check_credential_name(&at, placement, name)?;
        let same = |taken: &&String| match placement {
            Placement::Header => taken.eq_ignore_ascii_case(name),
            Placement::Query => *taken == name,
        };
        if let Some(taken) = carrying.iter().find(same) {
            return Err(problem(
                at,
                format!(
                    "`{name}` carries the credential already (`{taken}`); remove it from [{table}]"
                ),
            ));
        }
        check_template(c, &at, value, Place::Header)?;
    }
    Ok(())
}

/// The names of the headers or query parameters that carry the credential.
fn credential_names(c: &ConnectorFile, placement: Placement) -> Vec<String> {
    if let Some(api_key) = &c.api_key {
        return api_key
            .placements()
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.placement == placement)
            .map(|p| p.name)
            .collect();
    }
    match (&c.oauth2, placement) {
        (Some(o), Placement::Query) => o.token_query.iter().cloned().collect(),
        (Some(o), Placement::Header) if o.token_query.is_none() => {
            vec![
                o.token_header
                    .clone()
                    .unwrap_or_else(|| "Authorization".into()),
            ]
        }
        (None, Placement::Header) if c.basic.is_some() => vec!["Authorization".into()],
        _ => Vec::new(),
    }
}
