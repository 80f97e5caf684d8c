//! What a connector's `[env]` table may set. `tether exec` runs a command with a credential in
//! its environment; a connector that could point PATH, LD_PRELOAD or BASH_ENV elsewhere would
//! run its author's code with it. So no variable that decides which programs run, what code
//! they load, where they read their settings or where their traffic goes; and no fixed values,
//! only templates over the connection's values.
//!
//! Guarantees: this is the one list of refused names; [`refusal`] says why a name is on it.
//! Names are compared without regard to ASCII case, as Windows does (`Path` is `PATH` there).

use super::template;

/// Names refused, each group with the reason shown to the person.
const EXACT: &[(&str, &[&str])] = &[
    (
        "decides which programs are run",
        &[
            "PATH",
            "PATHEXT",
            "COMSPEC",
            "SHELL",
            "EDITOR",
            "VISUAL",
            "PAGER",
            "MANPAGER",
            "BROWSER",
            "SSH_ASKPASS",
            "SUDO_ASKPASS",
            "LESSOPEN",
            "LESSCLOSE",
            "CDPATH",
            "JAVA_HOME",
        ],
    ),
    (
        "makes shells run code",
        &[
            "BASH_ENV",
            "ENV",
            "ZDOTDIR",
            "PROMPT_COMMAND",
            "PS1",
            "PS2",
            "PS3",
            "PS4",
            "SHELLOPTS",
            "BASHOPTS",
            "IFS",
            "GLOBIGNORE",
            "INPUTRC",
        ],
    ),
    (
        "makes programs load other code or libraries",
        &[
            "GCONV_PATH",
            "GLIBC_TUNABLES",
            "LOCPATH",
            "NLSPATH",
            "PYTHONPATH",
            "PYTHONHOME",
            "PYTHONSTARTUP",
            "PYTHONUSERBASE",
            "PYTHONINSPECT",
            "PYTHONBREAKPOINT",
            "PERL5LIB",
            "PERLLIB",
            "PERL5OPT",
            "PERL5DB",
            "RUBYOPT",
            "RUBYLIB",
            "GEM_HOME",
            "GEM_PATH",
            "NODE_OPTIONS",
            "NODE_PATH",
            "JAVA_TOOL_OPTIONS",
            "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "CLASSPATH",
            "LUA_PATH",
            "LUA_CPATH",
            "LUA_INIT",
            "PSMODULEPATH",
        ],
    ),
    (
        "changes where programs read their settings (which can name programs to run) or write their files",
        &[
            "HOME",
            "TMPDIR",
            "TMP",
            "TEMP",
            "KUBECONFIG",
            "DOCKER_CONFIG",
            "OPENSSL_CONF",
            "OPENSSL_ENGINES",
            "CURL_HOME",
            "WGETRC",
            "NETRC",
            "HOSTALIASES",
            "RESOLV_HOST_CONF",
        ],
    ),
    (
        "sends the command's traffic, and the credential with it, through another host or trusts other certificates",
        &[
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "FTP_PROXY",
            "NO_PROXY",
            "SSL_CERT_FILE",
            "SSL_CERT_DIR",
            "CURL_CA_BUNDLE",
            "REQUESTS_CA_BUNDLE",
            "NODE_EXTRA_CA_CERTS",
            "NODE_TLS_REJECT_UNAUTHORIZED",
        ],
    ),
];

/// Families of names refused by their start, with the reason.
const PREFIXES: &[(&str, &str)] = &[
    ("LD_", "makes the dynamic loader load other code"),
    ("DYLD_", "makes the dynamic loader load other code"),
    ("MALLOC_", "changes how the C library runs programs"),
    (
        "GIT_",
        "is read by git, whose GIT_* variables run programs, load hooks and settings, and log requests",
    ),
    (
        "NPM_CONFIG_",
        "sets npm's configuration, which can name programs to run",
    ),
    (
        "XDG_",
        "changes where programs read their settings (which can name programs to run)",
    ),
    (
        "TETHER_",
        "is one of tether's own settings, which would change what tether run by the command does",
    ),
];

/// What is wrong with `[env]` setting `name`, if anything.
#[must_use]
pub(crate) fn name_problem(name: &str) -> Option<String> {
    refusal(name).map(|why| {
        format!(
            "`{name}` {why}; a connector may not set it, since `tether exec` runs commands with the credential. Export only what the program needs (e.g. ACME_TOKEN = \"{{api_key}}\")"
        )
    })
}

/// What is wrong with `value` (a valid template) as the value of `name` in `[env]`, if anything.
#[must_use]
pub(crate) fn value_problem(name: &str, value: &str) -> Option<String> {
    template::placeholders(value).is_empty().then(|| {
        format!(
            "`env.{name}` = \"{value}\" is a fixed value; an [env] value must use a placeholder (e.g. \"{{api_key}}\" or \"https://{{site}}.example.com\"), so that a connector cannot plant settings in the command's environment"
        )
    })
}

/// Why `name` may not be set by a connector, or `None` when it may.
#[must_use]
pub(crate) fn refusal(name: &str) -> Option<&'static str> {
    let upper = name.to_ascii_uppercase();
    EXACT
        .iter()
        .find(|(_, names)| names.contains(&upper.as_str()))
        .map(|(why, _)| *why)
        .or_else(|| {
            PREFIXES
                .iter()
                .find(|(prefix, _)| upper.starts_with(prefix))
                .map(|(_, why)| *why)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_change_how_programs_run_are_refused() {
        for name in [
            "PATH",
            "Path",
            "LD_PRELOAD",
            "ld_library_path",
            "DYLD_INSERT_LIBRARIES",
            "BASH_ENV",
            "ENV",
            "IFS",
            "PS4",
            "PYTHONPATH",
            "NODE_OPTIONS",
            "GIT_SSH_COMMAND",
            "GIT_CONFIG_COUNT",
            "MALLOC_CHECK_",
            "HOME",
            "https_proxy",
            "TETHER_ALLOW_NESTED",
            "TETHER_EXEC",
        ] {
            assert!(refusal(name).is_some(), "{name} should be refused");
        }
    }

    #[test]
    fn names_of_credentials_and_settings_pass() {
        for name in [
            "GITHUB_TOKEN",
            "GH_HOST",
            "GITLAB_HOST",
            "OPENAI_API_KEY",
            "DD_SITE",
            "ENVIRONMENT",
            "HOMEBREW_GITHUB_API_TOKEN",
            "PATH_PREFIX",
        ] {
            assert_eq!(refusal(name), None, "{name}");
        }
    }

    #[test]
    fn values_need_a_placeholder() {
        assert!(value_problem("ACME", "fixed").is_some());
        assert!(value_problem("ACME", "{{literal}}").is_some());
        assert!(value_problem("ACME", "").is_some());
        assert_eq!(value_problem("ACME", "Bearer {api_key}"), None);
    }

    #[test]
    fn the_exact_names_are_written_in_upper_case() {
        for (_, names) in EXACT {
            for name in *names {
                assert_eq!(*name, name.to_ascii_uppercase());
            }
        }
        for (prefix, _) in PREFIXES {
            assert_eq!(*prefix, prefix.to_ascii_uppercase());
        }
    }
}
