
use builtin;
use str;

set edit:completion:arg-completer[tether] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tether'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tether'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand connector 'Browse, import, export and configure connectors'
            cand connection 'Create, authorize and inspect connections'
            cand account 'List and rename authorized accounts'
            cand token 'Print the bare secret of a connection: the OAuth2 access token (refreshed if needed), the API key, or the password'
            cand header 'Print the HTTP header that carries a connection''s credential, e.g. "Authorization: Bearer …"'
            cand exec 'Run a command with the credentials of connections in its environment'
            cand invoke 'Send an HTTP request with a connection''s credential and print the answer''s body'
            cand vault 'Inspect and manage the encrypted vault'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;connector'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List built-in and custom connectors'
            cand show 'Show a connector: endpoints, scopes, params, how the credential is applied, exported variables'
            cand import 'Add or replace a custom connector from a TOML file, or from a provider''s OAuth2 metadata (validated first; nothing is stored if it is invalid)'
            cand check 'Compare connectors'' endpoints with their provider''s current metadata'
            cand export 'Print a connector''s TOML definition on stdout, ready for `tether connector import`'
            cand configure 'Set the OAuth2 client app (client id and secret) of a connector'
            cand delete 'Delete a custom connector (refused for built-ins, and while a connection uses it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;connector;list'= {
            cand --auth 'Only connectors of this auth type (basic, api-key, oauth2)'
            cand --search 'Only connectors whose id, name or description contains TEXT (any case)'
            cand --verified-before 'Only connectors last checked against the provider''s documentation before DATE (YYYY-MM or YYYY-MM-DD), and those never checked'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --builtin 'Only built-in connectors'
            cand --custom 'Only custom connectors'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connector;show'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connector;import'= {
            cand --discover 'Build an OAuth2 connector from the metadata of this issuer (or this metadata document)'
            cand --id 'With --discover: the connector''s id (default: made from the issuer''s host)'
            cand --name 'With --discover: the connector''s display name (default: the issuer''s host)'
            cand --base-url 'With --discover: the base URL of the service''s API, for `tether invoke`'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connector;check'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --all 'Every connector, built-in and custom, that has an issuer'
            cand --custom 'Every custom connector that has an issuer'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connector;export'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connector;configure'= {
            cand --client-id 'The OAuth2 client id'
            cand --client-secret 'The OAuth2 client secret: a value, @FILE, @- (stdin) or env:VAR'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connector;delete'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connector;help'= {
            cand list 'List built-in and custom connectors'
            cand show 'Show a connector: endpoints, scopes, params, how the credential is applied, exported variables'
            cand import 'Add or replace a custom connector from a TOML file, or from a provider''s OAuth2 metadata (validated first; nothing is stored if it is invalid)'
            cand check 'Compare connectors'' endpoints with their provider''s current metadata'
            cand export 'Print a connector''s TOML definition on stdout, ready for `tether connector import`'
            cand configure 'Set the OAuth2 client app (client id and secret) of a connector'
            cand delete 'Delete a custom connector (refused for built-ins, and while a connection uses it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;connector;help;list'= {
        }
        &'tether;connector;help;show'= {
        }
        &'tether;connector;help;import'= {
        }
        &'tether;connector;help;check'= {
        }
        &'tether;connector;help;export'= {
        }
        &'tether;connector;help;configure'= {
        }
        &'tether;connector;help;delete'= {
        }
        &'tether;connector;help;help'= {
        }
        &'tether;connection'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a connection: a named use of a connector (add --authorize to authorize it too)'
            cand authorize 'Authorize a connection in one or more environments with a named account'
            cand reauthorize 'Link another account to a connection (or authorize the same one again); the old one stops being used there at once, and its tokens are revoked when nothing else uses them'
            cand reuse 'Back a connection with an existing account of the same configuration, without asking for credentials again'
            cand details 'Show a connection: names, connector, scopes, access, and per environment who authorized it, with which account, when, and its status'
            cand list 'List connections and where each is authorized'
            cand access 'Enable or disable applications on a connection (shows the access list without options)'
            cand rename 'Change a connection''s display name (the link name never changes)'
            cand same-for-all 'Turn "same authorization for all environments" on or off'
            cand delete 'Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless --keep-remote'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;connection;create'= {
            cand --connector 'The connector to use (asked for in a terminal)'
            cand --display-name 'Display name (default: the link name)'
            cand --scope 'An OAuth2 scope to request besides the connector''s default scopes, which are always requested (repeatable)'
            cand --param 'A param value: K=V, K=@FILE, K=@- (stdin) or K=env:VAR'
            cand --access 'An application allowed to use the connection (repeatable)'
            cand --account 'Name of the authorized account (an existing one with the same configuration is reused)'
            cand --flow 'OAuth2 flow (default: the connector''s machine grant, else the browser)'
            cand --port 'Port of the loopback listener for the OAuth2 redirect (default: any free port)'
            cand --timeout 'Seconds to wait for the person to approve (default: 300 for the browser, the code''s lifetime for the device flow)'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --same-for-all-envs 'One authorization serves every environment'
            cand --authorize 'Authorize the new connection right away ("Create and Authorize")'
            cand --all-envs 'Authorize every environment'
            cand --no-browser 'Print the authorization URL instead of opening a browser'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;authorize'= {
            cand --param 'A value the connector asks for: K=V, K=@FILE, K=@- (stdin) or K=env:VAR'
            cand --account 'Name of the authorized account (an existing one with the same configuration is reused)'
            cand --flow 'OAuth2 flow (default: the connector''s machine grant, else the browser)'
            cand --port 'Port of the loopback listener for the OAuth2 redirect (default: any free port)'
            cand --timeout 'Seconds to wait for the person to approve (default: 300 for the browser, the code''s lifetime for the device flow)'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --all-envs 'Authorize every environment'
            cand --no-browser 'Print the authorization URL instead of opening a browser'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;reauthorize'= {
            cand --param 'A value the connector asks for: K=V, K=@FILE, K=@- (stdin) or K=env:VAR'
            cand --account 'Name of the authorized account (an existing one with the same configuration is reused)'
            cand --flow 'OAuth2 flow (default: the connector''s machine grant, else the browser)'
            cand --port 'Port of the loopback listener for the OAuth2 redirect (default: any free port)'
            cand --timeout 'Seconds to wait for the person to approve (default: 300 for the browser, the code''s lifetime for the device flow)'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --all-envs 'Authorize every environment'
            cand --no-browser 'Print the authorization URL instead of opening a browser'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;reuse'= {
            cand --account 'The account to reuse: a name, or LINK@ENV for an unnamed one'
            cand --name-account 'Name an unnamed account (LINK@ENV) as it is reused'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --all-envs 'Reuse it in every environment'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;details'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;list'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;access'= {
            cand --enable 'Allow an application (repeatable)'
            cand --disable 'Remove an application (repeatable)'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;rename'= {
            cand --display-name 'The new display name'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;same-for-all'= {
            cand --from 'With `on`: the environment whose account serves all of them'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;delete'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --keep-remote 'Do not revoke OAuth2 tokens at the provider'
            cand --force 'Delete even though applications still have access'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;connection;help'= {
            cand create 'Create a connection: a named use of a connector (add --authorize to authorize it too)'
            cand authorize 'Authorize a connection in one or more environments with a named account'
            cand reauthorize 'Link another account to a connection (or authorize the same one again); the old one stops being used there at once, and its tokens are revoked when nothing else uses them'
            cand reuse 'Back a connection with an existing account of the same configuration, without asking for credentials again'
            cand details 'Show a connection: names, connector, scopes, access, and per environment who authorized it, with which account, when, and its status'
            cand list 'List connections and where each is authorized'
            cand access 'Enable or disable applications on a connection (shows the access list without options)'
            cand rename 'Change a connection''s display name (the link name never changes)'
            cand same-for-all 'Turn "same authorization for all environments" on or off'
            cand delete 'Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless --keep-remote'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;connection;help;create'= {
        }
        &'tether;connection;help;authorize'= {
        }
        &'tether;connection;help;reauthorize'= {
        }
        &'tether;connection;help;reuse'= {
        }
        &'tether;connection;help;details'= {
        }
        &'tether;connection;help;list'= {
        }
        &'tether;connection;help;access'= {
        }
        &'tether;connection;help;rename'= {
        }
        &'tether;connection;help;same-for-all'= {
        }
        &'tether;connection;help;delete'= {
        }
        &'tether;connection;help;help'= {
        }
        &'tether;account'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every authorized account, named or not, and what uses it'
            cand rename 'Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;account;list'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;account;rename'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;account;help'= {
            cand list 'List every authorized account, named or not, and what uses it'
            cand rename 'Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;account;help;list'= {
        }
        &'tether;account;help;rename'= {
        }
        &'tether;account;help;help'= {
        }
        &'tether;token'= {
            cand --app 'The application asking; it must be enabled on the connection'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;header'= {
            cand --app 'The application asking; it must be enabled on the connection'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --all 'Every header a request needs, one per line: each one carrying a credential, then the connector''s fixed ones (an API version, a tenant)'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;exec'= {
            cand --app 'The application asking; it must be enabled on every connection'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --allow-nested 'Run even inside another `tether exec`, for connections it did not export (as TETHER_ALLOW_NESTED=1 does)'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;invoke'= {
            cand -H 'Add a request header, ''Name: value'' (repeatable)'
            cand --header 'Add a request header, ''Name: value'' (repeatable)'
            cand -d 'Request body: DATA literally, @FILE, or @- for standard input'
            cand --data 'Request body: DATA literally, @FILE, or @- for standard input'
            cand --timeout 'Seconds allowed to connect, to receive the answer''s headers, and between reads of its body'
            cand --app 'The application asking; it must be enabled on the connection'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --fail 'Exit 22 when the HTTP status is 400 or above (the body is still printed)'
            cand --allow-any-host 'Allow a full URL on a host other than the connector''s base_url to receive the credential'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;vault'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show where the vault key comes from, the paths and the record count; never a secret'
            cand init 'Create the vault and its master key'
            cand rekey 'Make a new master key, re-seal every record, and remove the old key'
            cand unlock 'Keep the vault''s key in the kernel keyring, so commands stop asking for it for a while'
            cand lock 'End the session `tether vault unlock` started: commands ask for the key again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;vault;status'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;vault;init'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --passphrase 'Protect the key with a passphrase (`TETHER_PASSPHRASE` or a hidden prompt) instead of the OS keyring'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;vault;rekey'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;vault;unlock'= {
            cand --for 'How long the session lasts: seconds, or a number with s, m or h (at most 12h)'
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --os-keyring 'Also for a vault whose key is in the OS keyring (saves its round trip on every command)'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;vault;lock'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;vault;help'= {
            cand status 'Show where the vault key comes from, the paths and the record count; never a secret'
            cand init 'Create the vault and its master key'
            cand rekey 'Make a new master key, re-seal every record, and remove the old key'
            cand unlock 'Keep the vault''s key in the kernel keyring, so commands stop asking for it for a while'
            cand lock 'End the session `tether vault unlock` started: commands ask for the key again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;vault;help;status'= {
        }
        &'tether;vault;help;init'= {
        }
        &'tether;vault;help;rekey'= {
        }
        &'tether;vault;help;unlock'= {
        }
        &'tether;vault;help;lock'= {
        }
        &'tether;vault;help;help'= {
        }
        &'tether;completions'= {
            cand --env 'Environment to act in: development (dev), stage (staging, stg), production (prod)'
            cand --color 'When to use colour (NO_COLOR turns it off)'
            cand --home 'Keep every file under DIR'
            cand --json 'Print one JSON document on stdout'
            cand --no-input 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
            cand -v 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand --verbose 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether;help'= {
            cand connector 'Browse, import, export and configure connectors'
            cand connection 'Create, authorize and inspect connections'
            cand account 'List and rename authorized accounts'
            cand token 'Print the bare secret of a connection: the OAuth2 access token (refreshed if needed), the API key, or the password'
            cand header 'Print the HTTP header that carries a connection''s credential, e.g. "Authorization: Bearer …"'
            cand exec 'Run a command with the credentials of connections in its environment'
            cand invoke 'Send an HTTP request with a connection''s credential and print the answer''s body'
            cand vault 'Inspect and manage the encrypted vault'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether;help;connector'= {
            cand list 'List built-in and custom connectors'
            cand show 'Show a connector: endpoints, scopes, params, how the credential is applied, exported variables'
            cand import 'Add or replace a custom connector from a TOML file, or from a provider''s OAuth2 metadata (validated first; nothing is stored if it is invalid)'
            cand check 'Compare connectors'' endpoints with their provider''s current metadata'
            cand export 'Print a connector''s TOML definition on stdout, ready for `tether connector import`'
            cand configure 'Set the OAuth2 client app (client id and secret) of a connector'
            cand delete 'Delete a custom connector (refused for built-ins, and while a connection uses it)'
        }
        &'tether;help;connector;list'= {
        }
        &'tether;help;connector;show'= {
        }
        &'tether;help;connector;import'= {
        }
        &'tether;help;connector;check'= {
        }
        &'tether;help;connector;export'= {
        }
        &'tether;help;connector;configure'= {
        }
        &'tether;help;connector;delete'= {
        }
        &'tether;help;connection'= {
            cand create 'Create a connection: a named use of a connector (add --authorize to authorize it too)'
            cand authorize 'Authorize a connection in one or more environments with a named account'
            cand reauthorize 'Link another account to a connection (or authorize the same one again); the old one stops being used there at once, and its tokens are revoked when nothing else uses them'
            cand reuse 'Back a connection with an existing account of the same configuration, without asking for credentials again'
            cand details 'Show a connection: names, connector, scopes, access, and per environment who authorized it, with which account, when, and its status'
            cand list 'List connections and where each is authorized'
            cand access 'Enable or disable applications on a connection (shows the access list without options)'
            cand rename 'Change a connection''s display name (the link name never changes)'
            cand same-for-all 'Turn "same authorization for all environments" on or off'
            cand delete 'Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless --keep-remote'
        }
        &'tether;help;connection;create'= {
        }
        &'tether;help;connection;authorize'= {
        }
        &'tether;help;connection;reauthorize'= {
        }
        &'tether;help;connection;reuse'= {
        }
        &'tether;help;connection;details'= {
        }
        &'tether;help;connection;list'= {
        }
        &'tether;help;connection;access'= {
        }
        &'tether;help;connection;rename'= {
        }
        &'tether;help;connection;same-for-all'= {
        }
        &'tether;help;connection;delete'= {
        }
        &'tether;help;account'= {
            cand list 'List every authorized account, named or not, and what uses it'
            cand rename 'Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)'
        }
        &'tether;help;account;list'= {
        }
        &'tether;help;account;rename'= {
        }
        &'tether;help;token'= {
        }
        &'tether;help;header'= {
        }
        &'tether;help;exec'= {
        }
        &'tether;help;invoke'= {
        }
        &'tether;help;vault'= {
            cand status 'Show where the vault key comes from, the paths and the record count; never a secret'
            cand init 'Create the vault and its master key'
            cand rekey 'Make a new master key, re-seal every record, and remove the old key'
            cand unlock 'Keep the vault''s key in the kernel keyring, so commands stop asking for it for a while'
            cand lock 'End the session `tether vault unlock` started: commands ask for the key again'
        }
        &'tether;help;vault;status'= {
        }
        &'tether;help;vault;init'= {
        }
        &'tether;help;vault;rekey'= {
        }
        &'tether;help;vault;unlock'= {
        }
        &'tether;help;vault;lock'= {
        }
        &'tether;help;completions'= {
        }
        &'tether;help;help'= {
        }
    ]
    $completions[$command]
}
