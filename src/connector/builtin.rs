//! The built-in catalog: TOML files embedded in the binary, one line per connector.
//!
//! Adding a service is adding `builtin/<id>.toml` and one line to [`BUILTINS`]. The table is
//! sorted by id so one connector is found without parsing the others (the `token` hot path).

/// `(id, TOML)`, sorted by id; a test checks the order and that each file's `id` matches.
pub(crate) static BUILTINS: &[(&str, &str)] = &[
    ("airtable", include_str!("builtin/airtable.toml")),
    ("anthropic", include_str!("builtin/anthropic.toml")),
    ("asana", include_str!("builtin/asana.toml")),
    (
        "atlassian-confluence",
        include_str!("builtin/atlassian-confluence.toml"),
    ),
    (
        "atlassian-confluence-oauth",
        include_str!("builtin/atlassian-confluence-oauth.toml"),
    ),
    (
        "atlassian-jira",
        include_str!("builtin/atlassian-jira.toml"),
    ),
    (
        "atlassian-jira-oauth",
        include_str!("builtin/atlassian-jira-oauth.toml"),
    ),
    ("auth0", include_str!("builtin/auth0.toml")),
    ("azure-devops", include_str!("builtin/azure-devops.toml")),
    ("bitbucket", include_str!("builtin/bitbucket.toml")),
    ("box", include_str!("builtin/box.toml")),
    ("brevo", include_str!("builtin/brevo.toml")),
    ("calendly", include_str!("builtin/calendly.toml")),
    ("clickup", include_str!("builtin/clickup.toml")),
    ("cloudflare", include_str!("builtin/cloudflare.toml")),
    ("cohere", include_str!("builtin/cohere.toml")),
    ("contentful", include_str!("builtin/contentful.toml")),
    ("datadog", include_str!("builtin/datadog.toml")),
    ("digitalocean", include_str!("builtin/digitalocean.toml")),
    ("discord", include_str!("builtin/discord.toml")),
    ("discord-bot", include_str!("builtin/discord-bot.toml")),
    ("docusign", include_str!("builtin/docusign.toml")),
    ("dropbox", include_str!("builtin/dropbox.toml")),
    ("figma", include_str!("builtin/figma.toml")),
    ("freshdesk", include_str!("builtin/freshdesk.toml")),
    ("front", include_str!("builtin/front.toml")),
    ("github", include_str!("builtin/github.toml")),
    (
        "github-enterprise",
        include_str!("builtin/github-enterprise.toml"),
    ),
    ("gitlab", include_str!("builtin/gitlab.toml")),
    (
        "google-calendar",
        include_str!("builtin/google-calendar.toml"),
    ),
    ("google-drive", include_str!("builtin/google-drive.toml")),
    ("google-gemini", include_str!("builtin/google-gemini.toml")),
    ("google-gmail", include_str!("builtin/google-gmail.toml")),
    ("google-sheets", include_str!("builtin/google-sheets.toml")),
    ("groq", include_str!("builtin/groq.toml")),
    ("heroku", include_str!("builtin/heroku.toml")),
    ("hubspot", include_str!("builtin/hubspot.toml")),
    ("huggingface", include_str!("builtin/huggingface.toml")),
    ("intercom", include_str!("builtin/intercom.toml")),
    ("linear", include_str!("builtin/linear.toml")),
    ("linkedin", include_str!("builtin/linkedin.toml")),
    ("mailchimp", include_str!("builtin/mailchimp.toml")),
    ("mailgun", include_str!("builtin/mailgun.toml")),
    (
        "microsoft-graph",
        include_str!("builtin/microsoft-graph.toml"),
    ),
    ("mistral", include_str!("builtin/mistral.toml")),
    ("monday", include_str!("builtin/monday.toml")),
    ("netlify", include_str!("builtin/netlify.toml")),
    ("new-relic", include_str!("builtin/new-relic.toml")),
    ("notion", include_str!("builtin/notion.toml")),
    ("notion-token", include_str!("builtin/notion-token.toml")),
    ("npm", include_str!("builtin/npm.toml")),
    ("okta", include_str!("builtin/okta.toml")),
    ("openai", include_str!("builtin/openai.toml")),
    ("openweather", include_str!("builtin/openweather.toml")),
    ("pagerduty", include_str!("builtin/pagerduty.toml")),
    ("paypal", include_str!("builtin/paypal.toml")),
    ("pipedrive", include_str!("builtin/pipedrive.toml")),
    ("postmark", include_str!("builtin/postmark.toml")),
    ("quickbooks", include_str!("builtin/quickbooks.toml")),
    ("reddit", include_str!("builtin/reddit.toml")),
    ("salesforce", include_str!("builtin/salesforce.toml")),
    ("sendgrid", include_str!("builtin/sendgrid.toml")),
    ("sentry", include_str!("builtin/sentry.toml")),
    ("shopify", include_str!("builtin/shopify.toml")),
    ("slack", include_str!("builtin/slack.toml")),
    ("spotify", include_str!("builtin/spotify.toml")),
    ("square", include_str!("builtin/square.toml")),
    ("stripe", include_str!("builtin/stripe.toml")),
    ("supabase", include_str!("builtin/supabase.toml")),
    ("todoist", include_str!("builtin/todoist.toml")),
    ("trello", include_str!("builtin/trello.toml")),
    ("twilio", include_str!("builtin/twilio.toml")),
    ("twitch", include_str!("builtin/twitch.toml")),
    ("typeform", include_str!("builtin/typeform.toml")),
    ("vercel", include_str!("builtin/vercel.toml")),
    ("x", include_str!("builtin/x.toml")),
    ("xero", include_str!("builtin/xero.toml")),
    ("zendesk", include_str!("builtin/zendesk.toml")),
    ("zendesk-oauth", include_str!("builtin/zendesk-oauth.toml")),
    ("zoho-crm", include_str!("builtin/zoho-crm.toml")),
    ("zoom", include_str!("builtin/zoom.toml")),
];

/// The TOML of the built-in connector `id`.
#[must_use]
pub fn source(id: &str) -> Option<&'static str> {
    BUILTINS
        .binary_search_by(|(candidate, _)| (*candidate).cmp(id))
        .ok()
        .map(|i| BUILTINS[i].1)
}

/// Whether `id` belongs to a built-in connector.
#[must_use]
pub fn is_builtin(id: &str) -> bool {
    source(id).is_some()
}

/// The ids of the built-in connectors, sorted.
pub fn ids() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(id, _)| *id)
}

/// The path shown in messages about a built-in file.
#[must_use]
pub(crate) fn display_path(id: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("<built-in>/{id}.toml"))
}
