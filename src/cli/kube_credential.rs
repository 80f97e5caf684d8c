//! `tether kube-credential`: kubectl's exec credential plugin.
//!
//! kubectl fixes the output whatever `--json` says: the `ExecCredential` document (JSON) on
//! stdout, or with `--print-config` the kubeconfig stanza (YAML).

use clap::Args;

use crate::context::Context;
use crate::error::Result;
use crate::kube::{self, ApiVersion, ExecCredential};

/// Print a connection's fresh token as kubectl's ExecCredential, for the `exec` of a
/// kubeconfig user; never prompts (a missing authorization fails with the command that fixes it)
///
/// The document is of the version kubectl asks for in KUBERNETES_EXEC_INFO (v1 when unset),
/// and is kubectl's format whatever --json says. With --print-config, --json prints the stanza
/// as a JSON object instead of YAML.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether kube-credential --print-config eks-prod --env production   # paste under users[].user.exec
  tether kube-credential --print-config eks-prod --api-version v1beta1   # kubectl before 1.22
  KUBERNETES_EXEC_INFO='{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\"}' tether kube-credential eks-prod
  kubectl get pods   # runs `tether kube-credential LINK --env ENV` as the kubeconfig says")]
pub struct KubeCredentialArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// The application asking; it must be enabled on the connection
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,

    /// Print the kubeconfig `users[].user.exec` stanza that runs this command, instead of a
    /// credential (YAML, or JSON with --json)
    #[arg(long)]
    pub print_config: bool,

    /// With --print-config: the exec credential API version of the stanza, v1 (kubectl 1.22
    /// and later) or v1beta1 (older kubectl)
    #[arg(long, value_name = "VERSION", requires = "print_config", value_parser = api_version)]
    pub(crate) api_version: Option<ApiVersion>,
}

pub(super) fn run(
    ctx: &Context,
    args: &KubeCredentialArgs,
    typed: &super::Typed<'_>,
) -> Result<()> {
    if args.print_config {
        return print_config(ctx, args, typed);
    }
    let info = std::env::var(kube::EXEC_INFO_VAR).ok();
    let version = kube::requested(info.as_deref())?;
    let resolved = crate::credential::resolve(ctx, &args.link, args.app.as_deref())?;
    crate::cli::output::print_secret_json(&ExecCredential::new(
        version,
        resolved.credential.token.expose(),
        resolved.expires_at.map(crate::cli::output::rfc3339),
    ))
}

/// The stanza that runs this very binary for `link` in the context's environment (and home,
/// when one was chosen), so kubectl gets what `tether token` gives here.
fn print_config(ctx: &Context, args: &KubeCredentialArgs, typed: &super::Typed<'_>) -> Result<()> {
    // The connection must exist: a stanza for a typo would fail only inside kubectl.
    crate::store::connection::load(&ctx.paths, &args.link)?;
    let command = super::this_program()?;
    let mut command_line = vec![
        "kube-credential".to_owned(),
        args.link.clone(),
        "--env".to_owned(),
        ctx.env()?.to_string(),
    ];
    if let Some(app) = &args.app {
        command_line.extend(["--app".to_owned(), app.clone()]);
    }
    if let Some(home) = typed.absolute_home()? {
        command_line.extend(["--home".to_owned(), home.to_string_lossy().into_owned()]);
    }
    let version = args.api_version.unwrap_or_default();
    let stanza = kube::ExecStanza::new(version, &command, command_line);
    if ctx.json {
        // A kubeconfig may be JSON, and YAML reads this object as written.
        return crate::cli::output::print_json(&stanza);
    }
    crate::cli::output::print(&stanza.to_yaml())
}

fn api_version(text: &str) -> std::result::Result<ApiVersion, String> {
    ApiVersion::from_typed(text).ok_or_else(|| {
        let known: Vec<&str> = ApiVersion::ALL.iter().map(|v| v.short()).collect();
        format!("use one of {}", known.join(", "))
    })
}
