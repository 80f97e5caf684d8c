
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tether' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tether'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tether' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('connector', 'connector', [CompletionResultType]::ParameterValue, 'Browse, import, export and configure connectors')
            [CompletionResult]::new('connection', 'connection', [CompletionResultType]::ParameterValue, 'Create, authorize and inspect connections')
            [CompletionResult]::new('account', 'account', [CompletionResultType]::ParameterValue, 'List and rename authorized accounts')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print the bare secret of a connection: the OAuth2 access token (refreshed if needed), the API key, or the password')
            [CompletionResult]::new('header', 'header', [CompletionResultType]::ParameterValue, 'Print the HTTP header that carries a connection''s credential, e.g. "Authorization: Bearer …"')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with the credentials of connections in its environment')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Send an HTTP request with a connection''s credential and print the answer''s body')
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'Inspect and manage the encrypted vault')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;connector' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List built-in and custom connectors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a connector: endpoints, scopes, params, how the credential is applied, exported variables')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add or replace a custom connector from a TOML file, or from a provider''s OAuth2 metadata (validated first; nothing is stored if it is invalid)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Compare connectors'' endpoints with their provider''s current metadata')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a connector''s TOML definition on stdout, ready for `tether connector import`')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Set the OAuth2 client app (client id and secret) of a connector')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a custom connector (refused for built-ins, and while a connection uses it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;connector;list' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Only connectors of this auth type (basic, api-key, oauth2)')
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only connectors whose id, name or description contains TEXT (any case)')
            [CompletionResult]::new('--verified-before', '--verified-before', [CompletionResultType]::ParameterName, 'Only connectors last checked against the provider''s documentation before DATE (YYYY-MM or YYYY-MM-DD), and those never checked')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Only built-in connectors')
            [CompletionResult]::new('--custom', '--custom', [CompletionResultType]::ParameterName, 'Only custom connectors')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connector;show' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connector;import' {
            [CompletionResult]::new('--discover', '--discover', [CompletionResultType]::ParameterName, 'Build an OAuth2 connector from the metadata of this issuer (or this metadata document)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'With --discover: the connector''s id (default: made from the issuer''s host)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With --discover: the connector''s display name (default: the issuer''s host)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'With --discover: the base URL of the service''s API, for `tether invoke`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connector;check' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every connector, built-in and custom, that has an issuer')
            [CompletionResult]::new('--custom', '--custom', [CompletionResultType]::ParameterName, 'Every custom connector that has an issuer')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connector;export' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connector;configure' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The OAuth2 client id')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The OAuth2 client secret: a value, @FILE, @- (stdin) or env:VAR')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connector;delete' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connector;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List built-in and custom connectors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a connector: endpoints, scopes, params, how the credential is applied, exported variables')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add or replace a custom connector from a TOML file, or from a provider''s OAuth2 metadata (validated first; nothing is stored if it is invalid)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Compare connectors'' endpoints with their provider''s current metadata')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a connector''s TOML definition on stdout, ready for `tether connector import`')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Set the OAuth2 client app (client id and secret) of a connector')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a custom connector (refused for built-ins, and while a connection uses it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;connector;help;list' {
            break
        }
        'tether;connector;help;show' {
            break
        }
        'tether;connector;help;import' {
            break
        }
        'tether;connector;help;check' {
            break
        }
        'tether;connector;help;export' {
            break
        }
        'tether;connector;help;configure' {
            break
        }
        'tether;connector;help;delete' {
            break
        }
        'tether;connector;help;help' {
            break
        }
        'tether;connection' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a connection: a named use of a connector (add --authorize to authorize it too)')
            [CompletionResult]::new('authorize', 'authorize', [CompletionResultType]::ParameterValue, 'Authorize a connection in one or more environments with a named account')
            [CompletionResult]::new('reauthorize', 'reauthorize', [CompletionResultType]::ParameterValue, 'Link another account to a connection (or authorize the same one again); the old one stops being used there at once, and its tokens are revoked when nothing else uses them')
            [CompletionResult]::new('reuse', 'reuse', [CompletionResultType]::ParameterValue, 'Back a connection with an existing account of the same configuration, without asking for credentials again')
            [CompletionResult]::new('details', 'details', [CompletionResultType]::ParameterValue, 'Show a connection: names, connector, scopes, access, and per environment who authorized it, with which account, when, and its status')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List connections and where each is authorized')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Enable or disable applications on a connection (shows the access list without options)')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Change a connection''s display name (the link name never changes)')
            [CompletionResult]::new('same-for-all', 'same-for-all', [CompletionResultType]::ParameterValue, 'Turn "same authorization for all environments" on or off')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless --keep-remote')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;connection;create' {
            [CompletionResult]::new('--connector', '--connector', [CompletionResultType]::ParameterName, 'The connector to use (asked for in a terminal)')
            [CompletionResult]::new('--display-name', '--display-name', [CompletionResultType]::ParameterName, 'Display name (default: the link name)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'An OAuth2 scope to request besides the connector''s default scopes, which are always requested (repeatable)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'A param value: K=V, K=@FILE, K=@- (stdin) or K=env:VAR')
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'An application allowed to use the connection (repeatable)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Name of the authorized account (an existing one with the same configuration is reused)')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'OAuth2 flow (default: the connector''s machine grant, else the browser)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port of the loopback listener for the OAuth2 redirect (default: any free port)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the person to approve (default: 300 for the browser, the code''s lifetime for the device flow)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--same-for-all-envs', '--same-for-all-envs', [CompletionResultType]::ParameterName, 'One authorization serves every environment')
            [CompletionResult]::new('--authorize', '--authorize', [CompletionResultType]::ParameterName, 'Authorize the new connection right away ("Create and Authorize")')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Authorize every environment')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the authorization URL instead of opening a browser')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;authorize' {
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'A value the connector asks for: K=V, K=@FILE, K=@- (stdin) or K=env:VAR')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Name of the authorized account (an existing one with the same configuration is reused)')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'OAuth2 flow (default: the connector''s machine grant, else the browser)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port of the loopback listener for the OAuth2 redirect (default: any free port)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the person to approve (default: 300 for the browser, the code''s lifetime for the device flow)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Authorize every environment')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the authorization URL instead of opening a browser')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;reauthorize' {
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'A value the connector asks for: K=V, K=@FILE, K=@- (stdin) or K=env:VAR')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Name of the authorized account (an existing one with the same configuration is reused)')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'OAuth2 flow (default: the connector''s machine grant, else the browser)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port of the loopback listener for the OAuth2 redirect (default: any free port)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the person to approve (default: 300 for the browser, the code''s lifetime for the device flow)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Authorize every environment')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the authorization URL instead of opening a browser')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;reuse' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to reuse: a name, or LINK@ENV for an unnamed one')
            [CompletionResult]::new('--name-account', '--name-account', [CompletionResultType]::ParameterName, 'Name an unnamed account (LINK@ENV) as it is reused')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Reuse it in every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;details' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;list' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;access' {
            [CompletionResult]::new('--enable', '--enable', [CompletionResultType]::ParameterName, 'Allow an application (repeatable)')
            [CompletionResult]::new('--disable', '--disable', [CompletionResultType]::ParameterName, 'Remove an application (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;rename' {
            [CompletionResult]::new('--display-name', '--display-name', [CompletionResultType]::ParameterName, 'The new display name')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;same-for-all' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'With `on`: the environment whose account serves all of them')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;delete' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--keep-remote', '--keep-remote', [CompletionResultType]::ParameterName, 'Do not revoke OAuth2 tokens at the provider')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete even though applications still have access')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;connection;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a connection: a named use of a connector (add --authorize to authorize it too)')
            [CompletionResult]::new('authorize', 'authorize', [CompletionResultType]::ParameterValue, 'Authorize a connection in one or more environments with a named account')
            [CompletionResult]::new('reauthorize', 'reauthorize', [CompletionResultType]::ParameterValue, 'Link another account to a connection (or authorize the same one again); the old one stops being used there at once, and its tokens are revoked when nothing else uses them')
            [CompletionResult]::new('reuse', 'reuse', [CompletionResultType]::ParameterValue, 'Back a connection with an existing account of the same configuration, without asking for credentials again')
            [CompletionResult]::new('details', 'details', [CompletionResultType]::ParameterValue, 'Show a connection: names, connector, scopes, access, and per environment who authorized it, with which account, when, and its status')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List connections and where each is authorized')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Enable or disable applications on a connection (shows the access list without options)')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Change a connection''s display name (the link name never changes)')
            [CompletionResult]::new('same-for-all', 'same-for-all', [CompletionResultType]::ParameterValue, 'Turn "same authorization for all environments" on or off')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless --keep-remote')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;connection;help;create' {
            break
        }
        'tether;connection;help;authorize' {
            break
        }
        'tether;connection;help;reauthorize' {
            break
        }
        'tether;connection;help;reuse' {
            break
        }
        'tether;connection;help;details' {
            break
        }
        'tether;connection;help;list' {
            break
        }
        'tether;connection;help;access' {
            break
        }
        'tether;connection;help;rename' {
            break
        }
        'tether;connection;help;same-for-all' {
            break
        }
        'tether;connection;help;delete' {
            break
        }
        'tether;connection;help;help' {
            break
        }
        'tether;account' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every authorized account, named or not, and what uses it')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;account;list' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;account;rename' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;account;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every authorized account, named or not, and what uses it')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;account;help;list' {
            break
        }
        'tether;account;help;rename' {
            break
        }
        'tether;account;help;help' {
            break
        }
        'tether;token' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The application asking; it must be enabled on the connection')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;header' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The application asking; it must be enabled on the connection')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every header a request needs, one per line: each one carrying a credential, then the connector''s fixed ones (an API version, a tenant)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;exec' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The application asking; it must be enabled on every connection')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--allow-nested', '--allow-nested', [CompletionResultType]::ParameterName, 'Run even inside another `tether exec`, for connections it did not export (as TETHER_ALLOW_NESTED=1 does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;invoke' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add a request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Request body: DATA literally, @FILE, or @- for standard input')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Request body: DATA literally, @FILE, or @- for standard input')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed to connect, to receive the answer''s headers, and between reads of its body')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The application asking; it must be enabled on the connection')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--fail', '--fail', [CompletionResultType]::ParameterName, 'Exit 22 when the HTTP status is 400 or above (the body is still printed)')
            [CompletionResult]::new('--allow-any-host', '--allow-any-host', [CompletionResultType]::ParameterName, 'Allow a full URL on a host other than the connector''s base_url to receive the credential')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;vault' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the vault key comes from, the paths and the record count; never a secret')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the vault and its master key')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Make a new master key, re-seal every record, and remove the old key')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Keep the vault''s key in the kernel keyring, so commands stop asking for it for a while')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End the session `tether vault unlock` started: commands ask for the key again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;vault;status' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;vault;init' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Protect the key with a passphrase (`TETHER_PASSPHRASE` or a hidden prompt) instead of the OS keyring')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;vault;rekey' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;vault;unlock' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or a number with s, m or h (at most 12h)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--os-keyring', '--os-keyring', [CompletionResultType]::ParameterName, 'Also for a vault whose key is in the OS keyring (saves its round trip on every command)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;vault;lock' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;vault;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the vault key comes from, the paths and the record count; never a secret')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the vault and its master key')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Make a new master key, re-seal every record, and remove the old key')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Keep the vault''s key in the kernel keyring, so commands stop asking for it for a while')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End the session `tether vault unlock` started: commands ask for the key again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;vault;help;status' {
            break
        }
        'tether;vault;help;init' {
            break
        }
        'tether;vault;help;rekey' {
            break
        }
        'tether;vault;help;unlock' {
            break
        }
        'tether;vault;help;lock' {
            break
        }
        'tether;vault;help;help' {
            break
        }
        'tether;completions' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to act in: development (dev), stage (staging, stg), production (prod)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR turns it off)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep every file under DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (-v, -vv, -vvv); secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether;help' {
            [CompletionResult]::new('connector', 'connector', [CompletionResultType]::ParameterValue, 'Browse, import, export and configure connectors')
            [CompletionResult]::new('connection', 'connection', [CompletionResultType]::ParameterValue, 'Create, authorize and inspect connections')
            [CompletionResult]::new('account', 'account', [CompletionResultType]::ParameterValue, 'List and rename authorized accounts')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print the bare secret of a connection: the OAuth2 access token (refreshed if needed), the API key, or the password')
            [CompletionResult]::new('header', 'header', [CompletionResultType]::ParameterValue, 'Print the HTTP header that carries a connection''s credential, e.g. "Authorization: Bearer …"')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with the credentials of connections in its environment')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Send an HTTP request with a connection''s credential and print the answer''s body')
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'Inspect and manage the encrypted vault')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether;help;connector' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List built-in and custom connectors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a connector: endpoints, scopes, params, how the credential is applied, exported variables')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add or replace a custom connector from a TOML file, or from a provider''s OAuth2 metadata (validated first; nothing is stored if it is invalid)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Compare connectors'' endpoints with their provider''s current metadata')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a connector''s TOML definition on stdout, ready for `tether connector import`')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Set the OAuth2 client app (client id and secret) of a connector')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a custom connector (refused for built-ins, and while a connection uses it)')
            break
        }
        'tether;help;connector;list' {
            break
        }
        'tether;help;connector;show' {
            break
        }
        'tether;help;connector;import' {
            break
        }
        'tether;help;connector;check' {
            break
        }
        'tether;help;connector;export' {
            break
        }
        'tether;help;connector;configure' {
            break
        }
        'tether;help;connector;delete' {
            break
        }
        'tether;help;connection' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a connection: a named use of a connector (add --authorize to authorize it too)')
            [CompletionResult]::new('authorize', 'authorize', [CompletionResultType]::ParameterValue, 'Authorize a connection in one or more environments with a named account')
            [CompletionResult]::new('reauthorize', 'reauthorize', [CompletionResultType]::ParameterValue, 'Link another account to a connection (or authorize the same one again); the old one stops being used there at once, and its tokens are revoked when nothing else uses them')
            [CompletionResult]::new('reuse', 'reuse', [CompletionResultType]::ParameterValue, 'Back a connection with an existing account of the same configuration, without asking for credentials again')
            [CompletionResult]::new('details', 'details', [CompletionResultType]::ParameterValue, 'Show a connection: names, connector, scopes, access, and per environment who authorized it, with which account, when, and its status')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List connections and where each is authorized')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Enable or disable applications on a connection (shows the access list without options)')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Change a connection''s display name (the link name never changes)')
            [CompletionResult]::new('same-for-all', 'same-for-all', [CompletionResultType]::ParameterValue, 'Turn "same authorization for all environments" on or off')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless --keep-remote')
            break
        }
        'tether;help;connection;create' {
            break
        }
        'tether;help;connection;authorize' {
            break
        }
        'tether;help;connection;reauthorize' {
            break
        }
        'tether;help;connection;reuse' {
            break
        }
        'tether;help;connection;details' {
            break
        }
        'tether;help;connection;list' {
            break
        }
        'tether;help;connection;access' {
            break
        }
        'tether;help;connection;rename' {
            break
        }
        'tether;help;connection;same-for-all' {
            break
        }
        'tether;help;connection;delete' {
            break
        }
        'tether;help;account' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every authorized account, named or not, and what uses it')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)')
            break
        }
        'tether;help;account;list' {
            break
        }
        'tether;help;account;rename' {
            break
        }
        'tether;help;token' {
            break
        }
        'tether;help;header' {
            break
        }
        'tether;help;exec' {
            break
        }
        'tether;help;invoke' {
            break
        }
        'tether;help;vault' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the vault key comes from, the paths and the record count; never a secret')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the vault and its master key')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Make a new master key, re-seal every record, and remove the old key')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Keep the vault''s key in the kernel keyring, so commands stop asking for it for a while')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End the session `tether vault unlock` started: commands ask for the key again')
            break
        }
        'tether;help;vault;status' {
            break
        }
        'tether;help;vault;init' {
            break
        }
        'tether;help;vault;rekey' {
            break
        }
        'tether;help;vault;unlock' {
            break
        }
        'tether;help;vault;lock' {
            break
        }
        'tether;help;completions' {
            break
        }
        'tether;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
