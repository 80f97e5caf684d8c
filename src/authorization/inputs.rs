//! What an authorization needs from the person: which environments, and the param values.

use std::collections::BTreeMap;

use super::AuthorizeError;
use crate::connector::Connector;
use crate::context::{Context, Verbosity};
use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::store::connection::Connection;
use crate::value_source::ValueReader;

/// The environments to act in: all of them for a same-for-all connection or `--all-envs`,
/// else `--env` (or `TETHER_ENV`), else asked, else development.
pub(super) fn choose_envs(
    ctx: &Context,
    connection: &Connection,
    all_envs: bool,
) -> Result<Vec<Environment>> {
    if all_envs || connection.same_for_all_environments {
        return Ok(Environment::ALL.to_vec());
    }
    let given = ctx.envs();
    if !given.is_empty() {
        return Ok(given);
    }
    let Some(prompter) = ctx.try_prompter() else {
        return Ok(vec![Environment::Development]);
    };
    let items: Vec<String> = Environment::ALL.iter().map(ToString::to_string).collect();
    // Tick one environment: development (the default), or the first one still unauthorized.
    let first_open = Environment::ALL
        .into_iter()
        .find(|e| !connection.environments.contains_key(e))
        .unwrap_or(Environment::Development);
    let checked: Vec<bool> = Environment::ALL.iter().map(|e| *e == first_open).collect();
    loop {
        let picked = prompter.multi_select("Environments to authorize", &items, &checked)?;
        if !picked.is_empty() {
            return Ok(picked.into_iter().map(|i| Environment::ALL[i]).collect());
        }
        ctx.ui()
            .notice("pick at least one environment (space toggles, enter confirms)");
    }
}

/// Refuses environments that already have an account: switching is `reauthorize`'s job.
pub(super) fn refuse_authorized(connection: &Connection, envs: &[Environment]) -> Result<()> {
    let link = &connection.link_name;
    if let Some(env) = envs
        .iter()
        .find(|e| connection.environments.contains_key(e))
    {
        return Err(AuthorizeError::AlreadyAuthorized {
            link: link.clone(),
            env: *env,
        }
        .into());
    }
    Ok(())
}

/// Reads the authorization's params: `--param` values, then defaults, then prompts.
pub(super) fn collect_params(
    ctx: &Context,
    connector: &Connector,
    connection: &Connection,
    given: &[(String, String)],
) -> Result<BTreeMap<String, Secret>> {
    let mut reader = ValueReader::default();
    let mut values = BTreeMap::new();
    for (name, raw) in given {
        let Some(param) = connector.param(name) else {
            return Err(unknown_param(connector, name));
        };
        let value = reader.read(name, raw)?;
        if !param.secret {
            check_choice(param, value.expose())?;
        }
        if param.connection {
            if connection.params.get(name).map(String::as_str) != Some(value.expose()) {
                return Err(AuthorizeError::ConnectionParam {
                    name: name.clone(),
                    link: connection.link_name.clone(),
                }
                .into());
            }
            continue;
        }
        values.insert(name.clone(), value);
    }
    for param in connector.params.iter().filter(|p| !p.connection) {
        if values.contains_key(&param.name) || !param.required && param.default.is_none() {
            continue;
        }
        if let Some(default) = &param.default {
            values.insert(param.name.clone(), Secret::from(default.as_str()));
            continue;
        }
        let what = format!("the {} of connector `{}`", param.label(), connector.id);
        let flag = if param.secret {
            // Secrets never need to be on the command line, where shells and `ps` keep them.
            format!(
                "--param {}=… (as env:VAR, @FILE or @- to keep it off the command line)",
                param.name
            )
        } else {
            format!("--param {}=…", param.name)
        };
        let prompter = ctx.prompter(&what, &flag)?;
        let value = if param.secret {
            prompter.secret(param.label())?
        } else {
            Secret::new(ask_value(prompter, param)?)
        };
        values.insert(param.name.clone(), value);
    }
    ctx.ui().diagnostic(
        Verbosity::Debug,
        &format!("collected {} authorization values", values.len()),
    );
    Ok(values)
}

/// Refuses `--param` values that differ from what `stored` holds: an existing account named
/// with new credentials would otherwise keep serving the old ones. Values that match (or
/// connection params, checked elsewhere) are fine.
pub(super) fn refuse_new_values(
    connector: &Connector,
    account_label: &str,
    link: &str,
    stored: &BTreeMap<String, Secret>,
    given: &[(String, String)],
) -> Result<()> {
    let mut reader = ValueReader::default();
    for (name, raw) in given {
        let Some(param) = connector.param(name) else {
            return Err(unknown_param(connector, name));
        };
        if param.connection {
            continue;
        }
        let value = reader.read(name, raw)?;
        let same = stored.get(name).is_some_and(|old| {
            subtle::ConstantTimeEq::ct_eq(old.expose().as_bytes(), value.expose().as_bytes()).into()
        });
        if !same {
            return Err(AuthorizeError::OtherValue {
                account: account_label.to_owned(),
                link: link.to_owned(),
                name: name.clone(),
            }
            .into());
        }
    }
    Ok(())
}

/// The error for a `--param` the connector does not declare.
pub(crate) fn unknown_param(connector: &Connector, name: &str) -> Error {
    AuthorizeError::UnknownParam {
        connector: connector.id.clone(),
        name: name.to_owned(),
        known: connector.params.iter().map(|p| p.name.clone()).collect(),
    }
    .into()
}

/// Refuses a value of `param` outside its choices, naming them.
pub(crate) fn check_choice(
    param: &crate::connector::Param,
    value: &str,
) -> Result<(), crate::usage::UsageError> {
    if param.allows(value) {
        return Ok(());
    }
    Err(crate::usage::UsageError::NotAChoice {
        name: param.name.clone(),
        value: crate::sanitize::for_terminal(value),
        choices: param.choices.clone(),
    })
}

/// The value of a non-secret `param`, asked for: picked from its choices when it has some.
pub(crate) fn ask_value(
    prompter: &dyn crate::prompt::Prompter,
    param: &crate::connector::Param,
) -> crate::error::Result<String> {
    if param.choices.is_empty() {
        return prompter.input(param.label(), param.default.as_deref());
    }
    let default = param
        .default
        .as_deref()
        .and_then(|d| param.choices.iter().position(|c| c == d))
        .unwrap_or(0);
    let picked = prompter.select(param.label(), &param.choices, default)?;
    Ok(param.choices[picked].clone())
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::VecDeque;

    use super::*;
    use crate::context::{Settings, Verbosity};
    use crate::paths::Paths;
    use crate::prompt::Prompter;
    use crate::ui::Recording;

    /// Answers only the environment question, with the picks it is given, in order.
    struct Picks(RefCell<VecDeque<Vec<usize>>>);

    impl Prompter for Picks {
        fn input(&self, prompt: &str, _: Option<&str>) -> Result<String> {
            panic!("unexpected prompt {prompt}")
        }
        fn secret(&self, prompt: &str) -> Result<Secret> {
            panic!("unexpected prompt {prompt}")
        }
        fn confirm(&self, prompt: &str, _: bool) -> Result<bool> {
            panic!("unexpected prompt {prompt}")
        }
        fn select(&self, prompt: &str, _: &[String], _: usize) -> Result<usize> {
            panic!("unexpected prompt {prompt}")
        }
        fn multi_select(&self, prompt: &str, _: &[String], _: &[bool]) -> Result<Vec<usize>> {
            assert_eq!(prompt, "Environments to authorize");
            Ok(self.0.borrow_mut().pop_front().expect("a scripted pick"))
        }
    }

    #[test]
    fn an_empty_pick_of_environments_is_asked_again_with_a_word_on_how() {
        let picks = Picks(RefCell::new(VecDeque::from([vec![], vec![2]])));
        let ui = Recording::new(Verbosity::Normal).with_prompter(Box::new(picks));
        let transcript = ui.transcript();
        let settings = Settings {
            paths: Paths::under(std::path::Path::new("/nonexistent")),
            envs: Vec::new(),
            json: false,
        };
        let ctx = Context::new(settings, Box::new(ui));
        let connection = Connection {
            link_name: "wx".into(),
            display_name: "wx".into(),
            connector: "openweather".into(),
            scopes: Vec::new(),
            params: BTreeMap::new(),
            same_for_all_environments: false,
            access: Vec::new(),
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            environments: BTreeMap::new(),
        };
        let envs = choose_envs(&ctx, &connection, false).unwrap();
        assert_eq!(envs, [Environment::ALL[2]]);
        assert_eq!(
            transcript.lines(),
            ["pick at least one environment (space toggles, enter confirms)"]
        );
    }

    /// Picks the item it is told to, and remembers what it was offered.
    struct Picker {
        pick: usize,
        offered: RefCell<Vec<(Vec<String>, usize)>>,
    }

    impl Prompter for Picker {
        fn input(&self, prompt: &str, _: Option<&str>) -> Result<String> {
            panic!("a param with choices is picked, not typed: {prompt}")
        }
        fn secret(&self, prompt: &str) -> Result<Secret> {
            panic!("unexpected prompt {prompt}")
        }
        fn confirm(&self, prompt: &str, _: bool) -> Result<bool> {
            panic!("unexpected prompt {prompt}")
        }
        fn select(&self, _: &str, items: &[String], default: usize) -> Result<usize> {
            self.offered.borrow_mut().push((items.to_vec(), default));
            Ok(self.pick)
        }
        fn multi_select(&self, prompt: &str, _: &[String], _: &[bool]) -> Result<Vec<usize>> {
            panic!("unexpected prompt {prompt}")
        }
    }

    fn region(default: Option<&str>) -> crate::connector::Param {
        crate::connector::Param {
            name: "region".into(),
            label: Some("Data centre".into()),
            secret: false,
            connection: true,
            default: default.map(str::to_owned),
            required: true,
            choices: vec!["com".into(), "eu".into(), "in".into()],
        }
    }

    #[test]
    fn a_param_with_choices_is_picked_from_them_starting_at_its_default() {
        let picker = Picker {
            pick: 2,
            offered: RefCell::new(Vec::new()),
        };
        assert_eq!(ask_value(&picker, &region(Some("eu"))).unwrap(), "in");
        assert_eq!(ask_value(&picker, &region(None)).unwrap(), "in");
        let offered = picker.offered.borrow();
        let choices = vec!["com".to_owned(), "eu".to_owned(), "in".to_owned()];
        assert_eq!(*offered, [(choices.clone(), 1), (choices, 0)]);
    }

    #[test]
    fn a_value_outside_the_choices_is_refused_with_the_list() {
        assert!(check_choice(&region(None), "eu").is_ok());
        let refused = crate::error::Error::from(check_choice(&region(None), "de").unwrap_err());
        assert_eq!(refused.exit_code(), 2);
        assert_eq!(
            refused.shown(),
            "error: `de` is not a choice of `region`\n  hint: pass --param region=CHOICE with one of: com, eu, in\n"
        );
        // What was typed is shown, but never as terminal control sequences.
        let escape =
            crate::error::Error::from(check_choice(&region(None), "\x1b[2Jx").unwrap_err());
        assert!(!escape.shown().contains('\x1b'), "{}", escape.shown());
    }
}
