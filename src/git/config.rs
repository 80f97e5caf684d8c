//! The helper entries of git's global configuration, changed with `git config --global` so that
//! git itself decides where that is (`GIT_CONFIG_GLOBAL`, `~/.gitconfig` or XDG).

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};

use super::error::GitError;

/// Every `credential.URL.helper` key set, with its values in order.
pub(crate) fn helper_keys() -> Result<Vec<(String, Vec<String>)>, GitError> {
    let args = ["--get-regexp", r"^credential\..*\.helper$"];
    let out = run(&args)?;
    let text = match out.status.code() {
        Some(0) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Some(1) => String::new(),
        _ => return Err(failed(&args, &out)),
    };
    let mut keys: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        match keys.iter_mut().find(|(k, _)| k == key) {
            Some((_, values)) => values.push(value.to_owned()),
            None => keys.push((key.to_owned(), vec![value.to_owned()])),
        }
    }
    Ok(keys)
}

/// Makes `values` the values of `key`, in order, replacing any it had.
pub(crate) fn set_all(key: &str, values: &[String]) -> Result<(), GitError> {
    unset_all(key)?;
    for value in values {
        let args = ["--add", key, value.as_str()];
        let out = run(&args)?;
        if !out.status.success() {
            return Err(failed(&args, &out));
        }
    }
    Ok(())
}

/// Removes every value of `key`; nothing to remove is fine.
pub(crate) fn unset_all(key: &str) -> Result<(), GitError> {
    let args = ["--unset-all", key];
    let out = run(&args)?;
    match out.status.code() {
        // 5: the key was not set.
        Some(0 | 5) => Ok(()),
        _ => Err(failed(&args, &out)),
    }
}

fn run(args: &[&str]) -> Result<Output, GitError> {
    Command::new("git")
        .args(["config", "--global"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|source| GitError::NoGit { source })
}

fn failed(args: &[&str], out: &Output) -> GitError {
    GitError::Config {
        args: args
            .iter()
            .map(|a| {
                if a.is_empty() {
                    "\"\"".to_owned()
                } else {
                    (*a).to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
    }
}

/// The helper value git runs through the shell: `!'/path/tether' [--home 'DIR'] [--env ENV]
/// git-credential [--link 'LINK'] [--path 'PREFIX']`, each part quoted for the shell.
#[must_use]
pub(crate) fn helper_command(
    exe: &Path,
    home: Option<&Path>,
    env: Option<&str>,
    link: Option<&str>,
    path: Option<&str>,
) -> String {
    let mut command = format!("!{}", quote(&exe.to_string_lossy()));
    if let Some(home) = home {
        command.push_str(" --home ");
        command.push_str(&quote(&home.to_string_lossy()));
    }
    if let Some(env) = env {
        command.push_str(" --env ");
        command.push_str(env);
    }
    command.push_str(" git-credential");
    if let Some(link) = link {
        command.push_str(" --link ");
        command.push_str(&quote(link));
    }
    if let Some(path) = path {
        command.push_str(" --path ");
        command.push_str(&quote(path));
    }
    command
}

/// The `--path` of a helper entry [`helper_command`] wrote, if it has one.
#[must_use]
pub(crate) fn helper_path(value: &str) -> Option<String> {
    let words = shell_words(value.strip_prefix('!')?);
    let at = words.iter().position(|w| w == "--path")?;
    words.get(at + 1).cloned()
}

/// Whether `value` is a helper entry `setup-git` writes: the empty one that resets inherited
/// helpers, or a command running a program named `exe_name` with `git-credential`.
#[must_use]
pub(crate) fn is_tether_helper(value: &str, exe_name: &OsStr) -> bool {
    if value.is_empty() {
        return true;
    }
    let Some(command) = value.strip_prefix('!') else {
        return false;
    };
    let words = shell_words(command);
    let runs_tether = words
        .first()
        .and_then(|program| Path::new(program).file_name())
        .is_some_and(|name| name == exe_name);
    runs_tether && words.iter().skip(1).any(|w| w == "git-credential")
}

/// POSIX single quotes: `'` becomes `'\''`.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The words of a command as [`helper_command`] writes them: bare or single-quoted parts, and
/// `\'` between quotes.
fn shell_words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_commands_are_quoted_and_recognised() {
        let exe = Path::new("/opt/it's here/tether");
        let command = helper_command(exe, Some(Path::new("/h")), Some("stage"), Some("gh"), None);
        assert_eq!(
            command,
            r"!'/opt/it'\''s here/tether' --home '/h' --env stage git-credential --link 'gh'"
        );
        assert_eq!(helper_path(&command), None);
        let scoped = helper_command(exe, None, None, Some("gh"), Some("team's/repos"));
        assert_eq!(helper_path(&scoped).as_deref(), Some("team's/repos"));
        assert!(is_tether_helper(&scoped, OsStr::new("tether")));
        assert_eq!(
            shell_words(&command[1..]),
            [
                "/opt/it's here/tether",
                "--home",
                "/h",
                "--env",
                "stage",
                "git-credential",
                "--link",
                "gh"
            ]
        );
        let name = OsStr::new("tether");
        assert!(is_tether_helper(&command, name));
        assert!(is_tether_helper("", name));
        assert!(!is_tether_helper("!gh auth git-credential", name));
        assert!(!is_tether_helper("cache --timeout 60", name));
    }
}
