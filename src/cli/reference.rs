//! What the manual says beyond the commands: the environment variables tether reads and the
//! files it keeps. The man pages are generated from these and from the command line itself.

/// Environment variables tether reads, with what each does.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "TETHER_HOME",
        "Keep every file under this directory (as --home does); otherwise the platform's \
         config and data directories.",
    ),
    (
        "TETHER_ENV",
        "The environment to act in (as --env does): development (dev), stage (staging, stg) \
         or production (prod). Default: development.",
    ),
    (
        "TETHER_APP",
        "The application asking (as --app does on token, header, exec and invoke).",
    ),
    (
        "TETHER_VAULT_KEY",
        "The vault's master key itself, 32 bytes in base64 (for CI and containers). Checked \
         first, before a passphrase and the OS keyring.",
    ),
    (
        "TETHER_NEW_VAULT_KEY",
        "For vault rekey: the new master key, in base64, when the old one came from \
         TETHER_VAULT_KEY.",
    ),
    (
        "TETHER_PASSPHRASE",
        "The passphrase of a vault made with vault init --passphrase; without it, it is asked \
         for in a terminal.",
    ),
    (
        "TETHER_KEYRING_TIMEOUT_MS",
        "How long one OS keyring call may take, in milliseconds (default 5000).",
    ),
    (
        "TETHER_ALLOW_NESTED",
        "Set to 1 to let tether token, header, exec and invoke run inside tether exec for \
         connections that exec did not export.",
    ),
    (
        "TETHER_EXEC",
        "Set by tether exec in the command's environment: the connections it exported \
         (LINK@ENV, comma-separated).",
    ),
    (
        "TETHER_EXPIRY_WARNING",
        "How long before a refresh token expires its environment is expiring and token, \
         exec and status warn (7d by default; 36h, 90m; 0 for never).",
    ),
    (
        "TETHER_PAGER, PAGER",
        "The pager long listings go through when stdout is a terminal (TETHER_PAGER first).",
    ),
    (
        "BROWSER",
        "The program that opens the authorization URL (else the system's opener).",
    ),
    (
        "HTTPS_PROXY, HTTP_PROXY, NO_PROXY",
        "The proxy for requests to providers and APIs, and the hosts reached directly.",
    ),
    (
        "CI",
        "When set (and not 0 or false), nothing is ever prompted for, as with --no-input.",
    ),
    ("NO_COLOR", "When set, no colour (as --color never)."),
    (
        "COMPLETE",
        "Set by the completion scripts (tether completions SHELL) to ask for candidates.",
    ),
];

/// What is kept where, relative to the home (`TETHER_HOME`, or the platform's directories:
/// metadata in the config directory, the rest in the data directory).
pub const FILES: &[(&str, &str)] = &[
    (
        "connectors/ID.toml",
        "Custom connectors (config directory).",
    ),
    (
        "connections/LINK.toml",
        "Connections: connector, scopes, params, access list and the account behind each \
         environment (config directory).",
    ),
    (
        "accounts/ID.toml",
        "Authorized accounts without their secrets: who, when, which configuration (config \
         directory).",
    ),
    (
        "clients/ID.toml",
        "OAuth2 client ids set with connector configure (config directory).",
    ),
    (
        "vault/",
        "The encrypted vault: its header vault.toml and one sealed record per account or \
         client secret (data directory).",
    ),
    (
        "index/",
        "Accounts by name and by configuration, derived from accounts/ (data directory).",
    ),
    (
        "cache/",
        "Listing caches, derived data that may be removed at any time (data directory).",
    ),
    (
        "audit/log.jsonl",
        "The audit log read by tether log: one value-free line per use of a credential or \
         change; rotated at 1 MiB to log.1.jsonl and older, three kept (data directory).",
    ),
    (
        "locks/",
        "The locks that serialize changes and audit log rotation between processes (data \
         directory).",
    ),
    (
        "journal.json",
        "Present only while a change is being applied; finished by the next tether to run \
         (data directory).",
    ),
    (
        "tmp/",
        "Temporary files of writes in progress (data directory).",
    ),
];
