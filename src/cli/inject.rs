//! `tether inject`: a text file with its secret references replaced by their values, on stdout
//! or in a new private file.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::reference::ReferenceError;
use crate::reference::resolve::{self, Values};

/// Render a template: every tether://LINK[@ENV]/FIELD replaced by its value
///
/// FIELD is `token` (what `tether token LINK` prints), `header` (what `tether header LINK`
/// prints), or a value of the connection: a param, a value captured from the provider, or
/// access_token, api_key, username and password where they apply. `@ENV` (development/dev,
/// stage/staging/stg, production/prod) chooses the environment for that reference instead of
/// --env or TETHER_ENV. A reference ends where FIELD ends: in
/// `https://u:tether://db/password@host` it is `tether://db/password`.
///
/// Every reference is checked before anything is written: a malformed reference, an unknown
/// connection, environment or field, each with its line, are reported together (exit 2) and
/// nothing is written. Each connection is resolved once per environment, refreshed when due.
///
/// Without -o the result goes to stdout. With -o OUT it replaces OUT atomically, as a file only
/// you can read (mode 0600): OUT is either as it was or complete, never partly written. OUT
/// may not be the template itself. With --json and -o, stdout gets a summary (the file and the
/// connections used), never a value; without -o the output is the template's own text, so
/// --json is refused.
#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct InjectArgs {
    /// The template: any text file (`-` for standard input)
    #[arg(short = 'i', long = "in-file", value_name = "TEMPLATE")]
    pub template: PathBuf,

    /// Write the result to this file (mode 0600, replaced atomically) instead of stdout
    #[arg(short = 'o', long = "out-file", value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// The application asking; it must be enabled on every connection referenced
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,
}

const EXAMPLES: &str = r"Examples:
  tether inject -i config.yml.tpl -o config.yml
  tether inject -i app.env.tpl --env production > /dev/null   # check every reference
  echo 'token: tether://gh/token' | tether inject -i -";

/// `inject -o --json`: what was written, never a value.
#[derive(Serialize)]
struct Written {
    output: String,
    references: usize,
    connections: Vec<String>,
}

pub(super) fn run(ctx: &Context, args: &InjectArgs) -> Result<()> {
    if ctx.json && args.output.is_none() {
        return Err(crate::usage::UsageError::JsonNeedsOutput.into());
    }
    let (shown_path, bytes) = read(&args.template)?;
    let text = String::from_utf8(bytes).map_err(|_| ReferenceError::NotText {
        path: shown_path.clone(),
    })?;
    let text = zeroize::Zeroizing::new(text);
    if let Some(output) = &args.output {
        refuse_over_template(&args.template, output)?;
    }
    let (found, uses, problems) = resolve::uses_in(&shown_path, &text, |at| {
        crate::reference::line_of(&text, at)
    });
    resolve::check(ctx, &uses, problems)?;
    let Values {
        each: values, used, ..
    } = resolve::resolve(ctx, &uses, args.app.as_deref())?;
    let rendered = resolve::render(&text, &found, &values);
    let Some(output) = &args.output else {
        return super::output::print(rendered.expose());
    };
    crate::safe_fs::write_atomic(output, rendered.expose().as_bytes())?;
    let connections: Vec<String> = used.iter().map(|(l, e)| format!("{l}@{e}")).collect();
    if ctx.json {
        return super::output::print_json(&Written {
            output: output.display().to_string(),
            references: found.len(),
            connections,
        });
    }
    ctx.ui().notice(&format!(
        "Wrote {} ({} reference{}{})",
        crate::sanitize::for_terminal(&output.display().to_string()),
        found.len(),
        if found.len() == 1 { "" } else { "s" },
        if connections.is_empty() {
            String::new()
        } else {
            format!(" from {}", connections.join(", "))
        }
    ));
    Ok(())
}

/// The template's bytes, and the name errors give it.
fn read(template: &Path) -> Result<(PathBuf, Vec<u8>)> {
    if template == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| Error::io("reading", "standard input", e))?;
        return Ok((PathBuf::from("<stdin>"), bytes));
    }
    let bytes = std::fs::read(template).map_err(|source| ReferenceError::Unreadable {
        path: template.to_owned(),
        source,
    })?;
    Ok((template.to_owned(), bytes))
}

/// Refuses an output that is the template: the same path, or the same file by another name.
fn refuse_over_template(template: &Path, output: &Path) -> Result<()> {
    if template == Path::new("-") {
        return Ok(());
    }
    let same = match (std::fs::metadata(template), std::fs::metadata(output)) {
        (Ok(t), Ok(o)) => same_file(&t, &o),
        _ => false,
    } || template == output;
    if same {
        return Err(ReferenceError::OutputIsTemplate {
            path: output.to_owned(),
        }
        .into());
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}
