//! Secret references (`tether://LINK[@ENV]/FIELD`) in env files (`exec --env-file`) and
//! templates (`inject`), and masking of `exec`'s output, through the real binary: OAuth2
//! tokens from the real oidc-provider, API keys and Basic credentials.
#![cfg(unix)]

use std::io::Read as _;
use std::os::unix::fs::PermissionsExt as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::oidc::{self, OidcServer, api_me, with_browser};
use crate::common::{Home, stderr, stdout};

const KEY: &str = "wx-Secret-4f9d2c";
const PROD_KEY: &str = "wx-Prod-Secret-81c7aa";
const PASSWORD: &str = "pw-Secret-90e1f3";
const CONCEALED: &str = "<concealed by tether>";

/// A Basic connector with a connection param, whose `[env]` exports the password.
const DEPLOY: &str = r#"
id = "deploy"
name = "Deploy API"
auth = "basic"
base_url = "https://{site}.deploy.example"

[[params]]
name = "site"
connection = true

[basic]
username = "{username}"
password = "{password}"

[env]
DEPLOY_PASSWORD = "{password}"
"#;

/// A home with `wx` (weather, an API key sent in the query; development: KEY, production:
/// PROD_KEY) and `ship` (deploy, Basic, site `acme`, user `robot`).
fn home() -> Home {
    let home = Home::new().with_connector("weather.toml");
    home.import_connector("deploy.toml", DEPLOY).success();
    home.run_with_key(KEY, &crate::common::create_wx("wx-dev"))
        .success();
    home.run_with_key(
        PROD_KEY,
        &[
            "connection",
            "authorize",
            "wx",
            "--env",
            "production",
            "--account",
            "wx-prod",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    home.cmd()
        .env("SECRET", PASSWORD)
        .args(["connection", "create", "ship", "--connector", "deploy"])
        .args(["--param", "site=acme", "--param", "username=robot"])
        .args(["--param", "password=env:SECRET"])
        .args(["--authorize", "--account", "ship"])
        .write_stdin("")
        .assert()
        .success();
    home
}

/// `tether ARGS… -- sh -c SCRIPT`.
fn exec_sh(home: &Home, args: &[&str], script: &str) -> assert_cmd::assert::Assert {
    home.cmd()
        .args(args)
        .args(["--", "sh", "-c", script])
        .write_stdin("")
        .assert()
}

fn basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let pair = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Authorization: Basic {pair}")
}

#[test]
fn env_file_variables_reach_the_command_with_references_resolved() {
    let home = home();
    let env = home.write(
        "app.env",
        "# the app's settings\n\
         export WX=tether://wx/token\n\
         URL=\"https://robot:tether://ship/password@tether://ship/site.deploy.example\"  # a comment\n\
         HEADER='tether://ship/header'\n\
         USER=tether://ship/username\n\
         PLAIN='literal $x \\n'\n\
         \n\
         EMPTY=\n",
    );
    let out = exec_sh(
        &home,
        &["exec", "--no-mask", "--env-file", env.to_str().unwrap()],
        r#"printf '%s|%s|%s|%s|%s|%s' "$WX" "$URL" "$HEADER" "$USER" "$PLAIN" "${EMPTY-unset}""#,
    )
    .success();
    assert_eq!(
        stdout(&out),
        format!(
            "{KEY}|https://robot:{PASSWORD}@acme.deploy.example|{}|robot|literal $x \\n|",
            basic("robot", PASSWORD)
        )
    );
    assert!(!stderr(&out).contains(KEY), "{}", stderr(&out));

    // With connections too; a later file wins over an earlier one.
    let later = home.write("later.env", "PLAIN=second\n");
    let out = exec_sh(
        &home,
        &[
            "exec",
            "ship",
            "--no-mask",
            "--env-file",
            env.to_str().unwrap(),
            "--env-file",
            later.to_str().unwrap(),
        ],
        r#"printf '%s|%s|%s' "$DEPLOY_PASSWORD" "$WX" "$PLAIN""#,
    )
    .success();
    assert_eq!(stdout(&out), format!("{PASSWORD}|{KEY}|second"));

    // A file may not set what a connection exports.
    let clash = home.write("clash.env", "A=1\nDEPLOY_PASSWORD=x\n");
    let marker = home.path().join("ran");
    let out = home
        .cmd()
        .args(["exec", "ship", "--env-file", clash.to_str().unwrap()])
        .args(["--", "touch"])
        .arg(&marker)
        .write_stdin("")
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("clash.env:2 sets `DEPLOY_PASSWORD`"),
        "{}",
        stderr(&out)
    );
    assert!(!marker.exists());
}

#[test]
fn at_env_chooses_the_environment_of_one_reference() {
    let home = home();
    let env = home.write(
        "envs.env",
        "DEFAULT=tether://wx/token\nPROD=tether://wx@prod/token\nDEV=tether://wx@development/api_key\n",
    );
    let script = r#"printf '%s|%s|%s|%s' "$DEFAULT" "$PROD" "$DEV" "$TETHER_EXEC""#;
    let file = env.to_str().unwrap();
    let out = exec_sh(&home, &["exec", "--no-mask", "--env-file", file], script).success();
    assert_eq!(
        stdout(&out),
        format!("{KEY}|{PROD_KEY}|{KEY}|wx@development,wx@production")
    );
    let out = exec_sh(
        &home,
        &[
            "exec",
            "--no-mask",
            "--env",
            "production",
            "--env-file",
            file,
        ],
        script,
    )
    .success();
    assert_eq!(
        stdout(&out),
        format!("{PROD_KEY}|{PROD_KEY}|{KEY}|wx@production,wx@development")
    );
    // Each connection and environment used is a line of the audit log.
    let log = home.json(&["log", "--json", "--link", "wx"]);
    let lines: Vec<String> = log.as_array().unwrap()[2..]
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                e["command"].as_str().unwrap(),
                e["environment"].as_str().unwrap(),
                e["account"].as_str().unwrap(),
                e["outcome"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "exec development wx-dev ok",
            "exec production wx-prod ok",
            "exec production wx-prod ok",
            "exec development wx-dev ok",
        ]
    );
}

#[test]
fn bad_references_are_reported_together_and_nothing_runs_or_is_written() {
    let home = home();
    let text = "GOOD=tether://wx/token\n\
                A=tether://wxx/token\n\
                B=tether://wx/nope\n\
                C=tether://wx@qa/token\n\
                D=tether://WX/token\n\
                E=tether://ship/header tether://ship\n";
    let env = home.write("bad.env", text);
    let marker = home.path().join("ran");
    let out = home
        .cmd()
        .args(["exec", "--env-file", env.to_str().unwrap(), "--", "touch"])
        .arg(&marker)
        .write_stdin("")
        .assert()
        .code(2);
    let err = stderr(&out);
    assert!(!marker.exists(), "the command did not run");
    let file = env.display().to_string();
    for expected in [
        "5 bad references".to_owned(),
        format!("{file}:2: unknown connection `wxx`; did you mean `wx`?"),
        format!("{file}:3: `tether://wx/nope`: no such field; it has token, header, api_key"),
        format!("{file}:4: `tether://wx@qa`: unknown environment `qa`"),
        format!("{file}:5: malformed reference `tether://`"),
        format!("{file}:6: malformed reference `tether://ship`"),
        "nothing was run or written".to_owned(),
    ] {
        assert!(err.contains(&expected), "{expected}\n---\n{err}");
    }
    assert!(!err.contains(KEY) && !err.contains(PASSWORD), "{err}");

    // The same template for inject: nothing written, an existing file left as it was.
    let template = home.write("bad.tpl", text);
    let output = home.path().join("out.txt");
    let out = home
        .run(&[
            "inject",
            "-i",
            template.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ])
        .code(2);
    assert!(stderr(&out).contains("bad.tpl:3: `tether://wx/nope`"));
    assert!(!output.exists(), "no output file");
    std::fs::write(&output, "before").unwrap();
    home.run(&[
        "inject",
        "-i",
        template.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ])
    .code(2);
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "before");

    // A field the connection has, without a value here: weather's key goes in the query.
    let no_header = home.write("h.tpl", "x\ny: tether://wx/header\n");
    let out = home
        .run(&["inject", "-i", no_header.to_str().unwrap()])
        .code(2);
    assert!(
        stderr(&out).contains("h.tpl:2: `tether://wx/header` has no value"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");

    assert_no_secret(&home);
}

#[test]
fn unreadable_env_files_and_templates_are_bad_input() {
    let home = home();
    let marker = home.path().join("ran");
    // A line tether does not read, and a file that is not there: exit 2, nothing run.
    let syntax = home.write("syntax.env", "A=1\nB=\"open\nC=$HOME\n");
    let missing = home.path().join("missing.env");
    for file in [&syntax, &missing] {
        let out = home
            .cmd()
            .args([
                "exec",
                "wx",
                "--env-file",
                file.to_str().unwrap(),
                "--",
                "touch",
            ])
            .arg(&marker)
            .write_stdin("")
            .assert()
            .code(2);
        assert!(!marker.exists(), "{}", stderr(&out));
    }
    let out = home
        .run(&[
            "exec",
            "wx",
            "--env-file",
            syntax.to_str().unwrap(),
            "--",
            "true",
        ])
        .code(2);
    let err = stderr(&out);
    assert!(
        err.contains("line 2: double quote not closed") && err.contains("line 3: `$NAME`"),
        "{err}"
    );
    home.run(&["inject", "-i", missing.to_str().unwrap()])
        .code(2);
}

/// No secret in tether's files outside the vault (the audit log among them).
fn assert_no_secret(home: &Home) {
    for (path, bytes) in home.files_outside_vault() {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [KEY, PROD_KEY, PASSWORD] {
            assert!(!text.contains(secret), "{} holds a secret", path.display());
        }
    }
}

#[test]
fn inject_renders_to_stdout_or_a_private_file_replaced_whole() {
    let home = home();
    let template = home.write(
        "config.tpl",
        "api:\n  key: tether://wx/token\n  prod: \"tether://wx@prod/token\"\ndeploy: tether://ship/header\n",
    );
    let expected = format!(
        "api:\n  key: {KEY}\n  prod: \"{PROD_KEY}\"\ndeploy: {}\n",
        basic("robot", PASSWORD)
    );
    let out = home
        .run(&["-vv", "inject", "-i", template.to_str().unwrap()])
        .success();
    assert_eq!(stdout(&out), expected);
    let err = stderr(&out);
    assert!(!err.contains(KEY) && !err.contains(PASSWORD), "{err}");

    // Standard input as the template.
    home.cmd()
        .args(["inject", "-i", "-"])
        .write_stdin("k=tether://ship/site")
        .assert()
        .success()
        .stdout("k=acme");

    // An output file: mode 0600 even over a readable file, replaced (a new inode), no
    // temporary file left beside it.
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("config.yml");
    std::fs::write(&output, "old").unwrap();
    std::fs::set_permissions(&output, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = home
        .run(&[
            "inject",
            "-i",
            template.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ])
        .success();
    assert_eq!(stdout(&out), "", "the values go to the file only");
    assert!(
        stderr(&out).contains("Wrote ") && stderr(&out).contains("3 references"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&output).unwrap(), expected);
    let mode = std::fs::metadata(&output).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["config.yml"]);

    // --json: a summary of what was written, never a value; without -o it is refused.
    let summary = home.json(&[
        "inject",
        "-i",
        template.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(summary["references"], 3);
    assert_eq!(
        summary["connections"],
        serde_json::json!(["wx@development", "wx@production", "ship@development"])
    );
    home.run(&["inject", "-i", template.to_str().unwrap(), "--json"])
        .code(2);

    // The template itself, by its name or another, is never the output.
    let link = home.path().join("link.tpl");
    std::os::unix::fs::symlink(&template, &link).unwrap();
    let before = std::fs::read(&template).unwrap();
    for target in [&template, &link] {
        let out = home
            .run(&[
                "inject",
                "-i",
                template.to_str().unwrap(),
                "-o",
                target.to_str().unwrap(),
            ])
            .code(2);
        assert!(
            stderr(&out).contains("the output would replace the template"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(&template).unwrap(), before);
    assert_no_secret(&home);

    let log = home.json(&["log", "--json", "--link", "ship"]);
    let inject: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["command"] == "inject")
        .collect();
    assert!(inject.len() >= 3, "{log}");
    assert!(inject.iter().all(|e| e["account"] == "ship"), "{log}");
}

#[test]
fn oauth2_references_are_refreshed_access_tokens() {
    let server = OidcServer::start_with(&[("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2")]);
    let home = server.files_home(
        "basic",
        oidc::CONFIDENTIAL,
        Some(oidc::CONFIDENTIAL_SECRET),
        60,
    );
    with_browser(&home, "browser.log")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--scope", "files.read", "--authorize", "--account", "alice"])
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    let first = stdout(&home.run(&["token", "files"]).success());
    oidc::until_due(2);
    let env = home.write(
        "oauth.env",
        "TOKEN=tether://files/token\nAUTH=\"tether://files/header\"\n",
    );
    let out = exec_sh(
        &home,
        &["exec", "--no-mask", "--env-file", env.to_str().unwrap()],
        r#"printf '%s\n%s' "$TOKEN" "$AUTH""#,
    )
    .success();
    let text = stdout(&out);
    let (token, header) = text.split_once('\n').unwrap();
    assert_ne!(
        token,
        first.trim_end(),
        "refreshed: the first token was due"
    );
    assert_eq!(header, format!("Authorization: Bearer {token}"));
    api_me(&server, token);
    // Resolved once for both references: one refresh.
    let refreshes = home
        .json(&["log", "--json", "--link", "files"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["command"] == "refresh")
        .count();
    assert_eq!(refreshes, 1);

    let template = home.write("req.tpl", "GET /api/me\ntether://files/header\n");
    let out = home
        .run(&["inject", "-i", template.to_str().unwrap()])
        .success();
    assert_eq!(
        stdout(&out),
        format!("GET /api/me\nAuthorization: Bearer {token}\n")
    );
    for (path, bytes) in home.files_outside_vault() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(token),
            "{} holds the token",
            path.display()
        );
    }
}

#[test]
fn masked_output_conceals_secrets_written_in_pieces() {
    let home = home();
    let env = home.write(
        "m.env",
        "URL=https://u:tether://ship/password@h\nSHORT=abc\n",
    );
    // The password in three writes with pauses between, on stdout and stderr; the key too.
    let script = r#"
        p=$DEPLOY_PASSWORD; rest=${p#????}
        printf 'pw='; printf %.4s "$p"; sleep 0.2; printf %.5s "$rest"; sleep 0.2
        printf %s "${rest#?????}"; printf ' url=%s key=%s short=%s\n' "$URL" "$WEATHER_API_KEY" "$SHORT"
        printf 'err=%s' "$p" >&2; printf %.9s "$p" >&2
    "#;
    let file = env.to_str().unwrap();
    let expected_out =
        format!("pw={CONCEALED} url=https://u:{CONCEALED}@h key={CONCEALED} short=abc\n");
    // --mask, and by default: tether's stdout here is a pipe, not a terminal.
    for args in [
        &["exec", "wx,ship", "--mask", "--env-file", file][..],
        &["exec", "wx,ship", "--env-file", file][..],
    ] {
        let out = exec_sh(&home, args, script).success();
        assert_eq!(stdout(&out), expected_out);
        // A beginning of the secret at the end of the stream is not a secret.
        assert_eq!(stderr(&out), format!("err={CONCEALED}{}", &PASSWORD[..9]));
    }
    let out = exec_sh(
        &home,
        &["exec", "wx,ship", "--no-mask", "--env-file", file],
        script,
    )
    .success();
    assert!(stdout(&out).starts_with(&format!("pw={PASSWORD} url=https://u:{PASSWORD}@h")));
}

#[test]
fn masked_binary_output_passes_byte_exact() {
    let home = home();
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    bytes.extend_from_slice(&KEY.as_bytes()[..5]);
    let data = home.path().join("data.bin");
    std::fs::write(&data, &bytes).unwrap();
    let out = home
        .cmd()
        .args(["exec", "wx", "--mask", "--", "cat"])
        .arg(&data)
        .write_stdin("")
        .assert()
        .success();
    assert!(out.get_output().stdout == bytes, "byte-exact");
}

#[test]
fn masked_output_flows_before_the_command_ends() {
    let home = home();
    let done = home.path().join("done");
    let mut child = home
        .process()
        .args(["exec", "wx", "--mask", "--", "sh", "-c"])
        .arg(r#"printf 'partial line, no newline'; while [ ! -e "$DONE" ]; do sleep 0.05; done; printf ' end'"#)
        .env("DONE", &done)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !seen.ends_with(b"no newline") {
        let n = pipe.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "tether passed the output on before the command ended"
        );
        seen.extend_from_slice(&buf[..n]);
    }
    std::fs::write(&done, "").unwrap();
    pipe.read_to_end(&mut seen).unwrap();
    assert_eq!(seen, b"partial line, no newline end");
    assert!(child.wait().unwrap().success());
}

#[test]
fn masked_exit_status_and_signals() {
    let home = home();
    exec_sh(&home, &["exec", "wx", "--mask"], "exit 7").code(7);
    // Killed by a signal: 128 + N, as a shell reports it.
    exec_sh(&home, &["exec", "wx", "--mask"], "kill -KILL $$").code(137);
    home.run(&["exec", "wx", "--mask", "--", "no-such-command-tether-test"])
        .code(127);

    let ready = home.path().join("ready");
    for (name, code) in [("TERM", 42), ("INT", 43), ("HUP", 44)] {
        let _ = std::fs::remove_file(&ready);
        let script = format!(
            r#"trap 'kill $! 2>/dev/null; exit {code}' {name}; sleep 30 & : > "$READY"; wait"#
        );
        let mut child = home
            .process()
            .args(["exec", "wx", "--mask", "--", "sh", "-c", &script])
            .env("READY", &ready)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while !ready.exists() {
            assert!(Instant::now() < deadline, "the command never started");
            std::thread::sleep(Duration::from_millis(20));
        }
        let sent = Command::new("kill")
            .args([format!("-{name}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "SIG{name} did not end the command"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(
            status.code(),
            Some(code),
            "SIG{name} reached the command's trap"
        );
    }
}

/// Whether the command ran as tether itself (exec in place) or as its child: the process id
/// the command sees against the one tether was started with.
fn ran_in_place(home: &Home, stdout: Stdio, stderr: Stdio) -> bool {
    let pid_file = home.path().join("pid");
    let mut child = home
        .process()
        .args(["exec", "wx", "--", "sh", "-c", r#"echo $$ > "$PID_FILE""#])
        .env("PID_FILE", &pid_file)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap();
    assert!(child.wait().unwrap().success());
    let seen: u32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    seen == child.id()
}

#[test]
fn output_nobody_keeps_is_not_masked_and_the_command_replaces_tether() {
    let home = home();
    let log = || Stdio::from(std::fs::File::create(home.path().join("log")).unwrap());
    assert!(ran_in_place(&home, Stdio::null(), Stdio::null()));
    // A log or a pipe keeps what is written: masked, so tether stays the parent.
    assert!(!ran_in_place(&home, log(), Stdio::null()));
    assert!(!ran_in_place(&home, Stdio::null(), log()));
    assert!(!ran_in_place(&home, Stdio::piped(), Stdio::null()));
}

#[test]
fn inject_writes_a_bare_file_name_in_the_current_directory() {
    let home = home();
    std::fs::write(home.path().join("app.tpl"), "key=tether://wx/token\n").unwrap();
    home.cmd()
        .current_dir(home.path())
        .args(["inject", "-i", "app.tpl", "-o", "app.conf"])
        .assert()
        .success();
    let written = std::fs::read_to_string(home.path().join("app.conf")).unwrap();
    assert_eq!(written, format!("key={KEY}\n"));
}
