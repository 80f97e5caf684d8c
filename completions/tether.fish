# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tether_global_optspecs
    string join \n env= json no-input v/verbose q/quiet color= home= h/help V/version
end

function __fish_tether_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tether_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tether_using_subcommand
    set -l cmd (__fish_tether_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tether -n "__fish_tether_needs_command" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_needs_command" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_needs_command" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_needs_command" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_needs_command" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_needs_command" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_needs_command" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_needs_command" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_needs_command" -f -a "connector" -d 'Browse, import, export and configure connectors'
complete -c tether -n "__fish_tether_needs_command" -f -a "connection" -d 'Create, authorize and inspect connections'
complete -c tether -n "__fish_tether_needs_command" -f -a "account" -d 'List and rename authorized accounts'
complete -c tether -n "__fish_tether_needs_command" -f -a "token" -d 'Print the bare secret of a connection: the OAuth2 access token (refreshed if needed), the API key, or the password'
complete -c tether -n "__fish_tether_needs_command" -f -a "header" -d 'Print the HTTP header that carries a connection\'s credential, e.g. "Authorization: Bearer …"'
complete -c tether -n "__fish_tether_needs_command" -f -a "exec" -d 'Run a command with the credentials of connections in its environment'
complete -c tether -n "__fish_tether_needs_command" -f -a "invoke" -d 'Send an HTTP request with a connection\'s credential and print the answer\'s body'
complete -c tether -n "__fish_tether_needs_command" -f -a "vault" -d 'Inspect and manage the encrypted vault'
complete -c tether -n "__fish_tether_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c tether -n "__fish_tether_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -f -a "list" -d 'List built-in and custom connectors'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -f -a "show" -d 'Show a connector: endpoints, scopes, params, how the credential is applied, exported variables'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -f -a "import" -d 'Add or replace a custom connector from a TOML file, or from a provider\'s OAuth2 metadata (validated first; nothing is stored if it is invalid)'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -f -a "check" -d 'Compare connectors\' endpoints with their provider\'s current metadata'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -f -a "export" -d 'Print a connector\'s TOML definition on stdout, ready for `tether connector import`'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -f -a "configure" -d 'Set the OAuth2 client app (client id and secret) of a connector'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -f -a "delete" -d 'Delete a custom connector (refused for built-ins, and while a connection uses it)'
complete -c tether -n "__fish_tether_using_subcommand connector; and not __fish_seen_subcommand_from list show import check export configure delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l auth -d 'Only connectors of this auth type (basic, api-key, oauth2)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l search -d 'Only connectors whose id, name or description contains TEXT (any case)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l verified-before -d 'Only connectors last checked against the provider\'s documentation before DATE (YYYY-MM or YYYY-MM-DD), and those never checked' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l builtin -d 'Only built-in connectors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l custom -d 'Only custom connectors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from show" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from show" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -l discover -d 'Build an OAuth2 connector from the metadata of this issuer (or this metadata document)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -l id -d 'With --discover: the connector\'s id (default: made from the issuer\'s host)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -l name -d 'With --discover: the connector\'s display name (default: the issuer\'s host)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -l base-url -d 'With --discover: the base URL of the service\'s API, for `tether invoke`' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -l all -d 'Every connector, built-in and custom, that has an issuer'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -l custom -d 'Every custom connector that has an issuer'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from export" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from export" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from export" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from export" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -l client-id -d 'The OAuth2 client id' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -l client-secret -d 'The OAuth2 client secret: a value, @FILE, @- (stdin) or env:VAR' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from configure" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from delete" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from delete" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "list" -d 'List built-in and custom connectors'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a connector: endpoints, scopes, params, how the credential is applied, exported variables'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add or replace a custom connector from a TOML file, or from a provider\'s OAuth2 metadata (validated first; nothing is stored if it is invalid)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "check" -d 'Compare connectors\' endpoints with their provider\'s current metadata'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print a connector\'s TOML definition on stdout, ready for `tether connector import`'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "configure" -d 'Set the OAuth2 client app (client id and secret) of a connector'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a custom connector (refused for built-ins, and while a connection uses it)'
complete -c tether -n "__fish_tether_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "create" -d 'Create a connection: a named use of a connector (add --authorize to authorize it too)'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "authorize" -d 'Authorize a connection in one or more environments with a named account'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "reauthorize" -d 'Link another account to a connection (or authorize the same one again); the old one stops being used there at once, and its tokens are revoked when nothing else uses them'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "reuse" -d 'Back a connection with an existing account of the same configuration, without asking for credentials again'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "details" -d 'Show a connection: names, connector, scopes, access, and per environment who authorized it, with which account, when, and its status'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "list" -d 'List connections and where each is authorized'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "access" -d 'Enable or disable applications on a connection (shows the access list without options)'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "rename" -d 'Change a connection\'s display name (the link name never changes)'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "same-for-all" -d 'Turn "same authorization for all environments" on or off'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "delete" -d 'Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless --keep-remote'
complete -c tether -n "__fish_tether_using_subcommand connection; and not __fish_seen_subcommand_from create authorize reauthorize reuse details list access rename same-for-all delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l connector -d 'The connector to use (asked for in a terminal)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l display-name -d 'Display name (default: the link name)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l scope -d 'An OAuth2 scope to request besides the connector\'s default scopes, which are always requested (repeatable)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l param -d 'A param value: K=V, K=@FILE, K=@- (stdin) or K=env:VAR' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l access -d 'An application allowed to use the connection (repeatable)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l account -d 'Name of the authorized account (an existing one with the same configuration is reused)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l flow -d 'OAuth2 flow (default: the connector\'s machine grant, else the browser)' -r -f -a "browser\t''
device\t''
paste\t''
client-credentials\t''
jwt-bearer\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l port -d 'Port of the loopback listener for the OAuth2 redirect (default: any free port)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds to wait for the person to approve (default: 300 for the browser, the code\'s lifetime for the device flow)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l same-for-all-envs -d 'One authorization serves every environment'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l authorize -d 'Authorize the new connection right away ("Create and Authorize")'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l all-envs -d 'Authorize every environment'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l no-browser -d 'Print the authorization URL instead of opening a browser'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l param -d 'A value the connector asks for: K=V, K=@FILE, K=@- (stdin) or K=env:VAR' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l account -d 'Name of the authorized account (an existing one with the same configuration is reused)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l flow -d 'OAuth2 flow (default: the connector\'s machine grant, else the browser)' -r -f -a "browser\t''
device\t''
paste\t''
client-credentials\t''
jwt-bearer\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l port -d 'Port of the loopback listener for the OAuth2 redirect (default: any free port)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l timeout -d 'Seconds to wait for the person to approve (default: 300 for the browser, the code\'s lifetime for the device flow)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l all-envs -d 'Authorize every environment'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l no-browser -d 'Print the authorization URL instead of opening a browser'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from authorize" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l param -d 'A value the connector asks for: K=V, K=@FILE, K=@- (stdin) or K=env:VAR' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l account -d 'Name of the authorized account (an existing one with the same configuration is reused)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l flow -d 'OAuth2 flow (default: the connector\'s machine grant, else the browser)' -r -f -a "browser\t''
device\t''
paste\t''
client-credentials\t''
jwt-bearer\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l port -d 'Port of the loopback listener for the OAuth2 redirect (default: any free port)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l timeout -d 'Seconds to wait for the person to approve (default: 300 for the browser, the code\'s lifetime for the device flow)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l all-envs -d 'Authorize every environment'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l no-browser -d 'Print the authorization URL instead of opening a browser'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reauthorize" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -l account -d 'The account to reuse: a name, or LINK@ENV for an unnamed one' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -l name-account -d 'Name an unnamed account (LINK@ENV) as it is reused' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -l all-envs -d 'Reuse it in every environment'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from reuse" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from details" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from details" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from details" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from details" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from details" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from details" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from details" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from details" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from details" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from list" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from list" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -l enable -d 'Allow an application (repeatable)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -l disable -d 'Remove an application (repeatable)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from access" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -l display-name -d 'The new display name' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -l from -d 'With `on`: the environment whose account serves all of them' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from same-for-all" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -l keep-remote -d 'Do not revoke OAuth2 tokens at the provider'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -l force -d 'Delete even though applications still have access'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a connection: a named use of a connector (add --authorize to authorize it too)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "authorize" -d 'Authorize a connection in one or more environments with a named account'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "reauthorize" -d 'Link another account to a connection (or authorize the same one again); the old one stops being used there at once, and its tokens are revoked when nothing else uses them'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "reuse" -d 'Back a connection with an existing account of the same configuration, without asking for credentials again'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "details" -d 'Show a connection: names, connector, scopes, access, and per environment who authorized it, with which account, when, and its status'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "list" -d 'List connections and where each is authorized'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "access" -d 'Enable or disable applications on a connection (shows the access list without options)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Change a connection\'s display name (the link name never changes)'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "same-for-all" -d 'Turn "same authorization for all environments" on or off'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless --keep-remote'
complete -c tether -n "__fish_tether_using_subcommand connection; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -f -a "list" -d 'List every authorized account, named or not, and what uses it'
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -f -a "rename" -d 'Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)'
complete -c tether -n "__fish_tether_using_subcommand account; and not __fish_seen_subcommand_from list rename help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from list" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from list" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from rename" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from rename" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from rename" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from rename" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from rename" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from rename" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from rename" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every authorized account, named or not, and what uses it'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)'
complete -c tether -n "__fish_tether_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand token" -l app -d 'The application asking; it must be enabled on the connection' -r
complete -c tether -n "__fish_tether_using_subcommand token" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand token" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand token" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand token" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand token" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand token" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand token" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand token" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand header" -l app -d 'The application asking; it must be enabled on the connection' -r
complete -c tether -n "__fish_tether_using_subcommand header" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand header" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand header" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand header" -l all -d 'Every header a request needs, one per line: each one carrying a credential, then the connector\'s fixed ones (an API version, a tenant)'
complete -c tether -n "__fish_tether_using_subcommand header" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand header" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand header" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand header" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand header" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand header" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand exec" -l app -d 'The application asking; it must be enabled on every connection' -r
complete -c tether -n "__fish_tether_using_subcommand exec" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand exec" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand exec" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand exec" -l allow-nested -d 'Run even inside another `tether exec`, for connections it did not export (as TETHER_ALLOW_NESTED=1 does)'
complete -c tether -n "__fish_tether_using_subcommand exec" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand exec" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand exec" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand exec" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand exec" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand invoke" -s H -l header -d 'Add a request header, \'Name: value\' (repeatable)' -r
complete -c tether -n "__fish_tether_using_subcommand invoke" -s d -l data -d 'Request body: DATA literally, @FILE, or @- for standard input' -r
complete -c tether -n "__fish_tether_using_subcommand invoke" -l timeout -d 'Seconds allowed to connect, to receive the answer\'s headers, and between reads of its body' -r
complete -c tether -n "__fish_tether_using_subcommand invoke" -l app -d 'The application asking; it must be enabled on the connection' -r
complete -c tether -n "__fish_tether_using_subcommand invoke" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand invoke" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand invoke" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand invoke" -l fail -d 'Exit 22 when the HTTP status is 400 or above (the body is still printed)'
complete -c tether -n "__fish_tether_using_subcommand invoke" -l allow-any-host -d 'Allow a full URL on a host other than the connector\'s base_url to receive the credential'
complete -c tether -n "__fish_tether_using_subcommand invoke" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand invoke" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand invoke" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand invoke" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand invoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand invoke" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -f -a "status" -d 'Show where the vault key comes from, the paths and the record count; never a secret'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -f -a "init" -d 'Create the vault and its master key'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -f -a "rekey" -d 'Make a new master key, re-seal every record, and remove the old key'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -f -a "unlock" -d 'Keep the vault\'s key in the kernel keyring, so commands stop asking for it for a while'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -f -a "lock" -d 'End the session `tether vault unlock` started: commands ask for the key again'
complete -c tether -n "__fish_tether_using_subcommand vault; and not __fish_seen_subcommand_from status init rekey unlock lock help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from status" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from status" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from status" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -l passphrase -d 'Protect the key with a passphrase (`TETHER_PASSPHRASE` or a hidden prompt) instead of the OS keyring'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from rekey" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from rekey" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from rekey" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from rekey" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -l for -d 'How long the session lasts: seconds, or a number with s, m or h (at most 12h)' -r
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -l os-keyring -d 'Also for a vault whose key is in the OS keyring (saves its round trip on every command)'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from unlock" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from lock" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from lock" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from lock" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from lock" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from lock" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from lock" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from lock" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from lock" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from lock" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show where the vault key comes from, the paths and the record count; never a secret'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create the vault and its master key'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "rekey" -d 'Make a new master key, re-seal every record, and remove the old key'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "unlock" -d 'Keep the vault\'s key in the kernel keyring, so commands stop asking for it for a while'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "lock" -d 'End the session `tether vault unlock` started: commands ask for the key again'
complete -c tether -n "__fish_tether_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand completions" -l env -d 'Environment to act in: development (dev), stage (staging, stg), production (prod)' -r
complete -c tether -n "__fish_tether_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether -n "__fish_tether_using_subcommand completions" -l home -d 'Keep every file under DIR' -r -F
complete -c tether -n "__fish_tether_using_subcommand completions" -l json -d 'Print one JSON document on stdout'
complete -c tether -n "__fish_tether_using_subcommand completions" -l no-input -d 'Never prompt; fail with exit 2 when a value is missing (also when CI is set)'
complete -c tether -n "__fish_tether_using_subcommand completions" -s v -l verbose -d 'Say more on stderr (-v, -vv, -vvv); secrets are never logged'
complete -c tether -n "__fish_tether_using_subcommand completions" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c tether -n "__fish_tether_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tether -n "__fish_tether_using_subcommand completions" -s V -l version -d 'Print version'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "connector" -d 'Browse, import, export and configure connectors'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "connection" -d 'Create, authorize and inspect connections'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "account" -d 'List and rename authorized accounts'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "token" -d 'Print the bare secret of a connection: the OAuth2 access token (refreshed if needed), the API key, or the password'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "header" -d 'Print the HTTP header that carries a connection\'s credential, e.g. "Authorization: Bearer …"'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "exec" -d 'Run a command with the credentials of connections in its environment'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "invoke" -d 'Send an HTTP request with a connection\'s credential and print the answer\'s body'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "vault" -d 'Inspect and manage the encrypted vault'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c tether -n "__fish_tether_using_subcommand help; and not __fish_seen_subcommand_from connector connection account token header exec invoke vault completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "list" -d 'List built-in and custom connectors'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "show" -d 'Show a connector: endpoints, scopes, params, how the credential is applied, exported variables'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "import" -d 'Add or replace a custom connector from a TOML file, or from a provider\'s OAuth2 metadata (validated first; nothing is stored if it is invalid)'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "check" -d 'Compare connectors\' endpoints with their provider\'s current metadata'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "export" -d 'Print a connector\'s TOML definition on stdout, ready for `tether connector import`'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "configure" -d 'Set the OAuth2 client app (client id and secret) of a connector'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "delete" -d 'Delete a custom connector (refused for built-ins, and while a connection uses it)'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "create" -d 'Create a connection: a named use of a connector (add --authorize to authorize it too)'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "authorize" -d 'Authorize a connection in one or more environments with a named account'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "reauthorize" -d 'Link another account to a connection (or authorize the same one again); the old one stops being used there at once, and its tokens are revoked when nothing else uses them'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "reuse" -d 'Back a connection with an existing account of the same configuration, without asking for credentials again'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "details" -d 'Show a connection: names, connector, scopes, access, and per environment who authorized it, with which account, when, and its status'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "list" -d 'List connections and where each is authorized'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "access" -d 'Enable or disable applications on a connection (shows the access list without options)'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "rename" -d 'Change a connection\'s display name (the link name never changes)'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "same-for-all" -d 'Turn "same authorization for all environments" on or off'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from connection" -f -a "delete" -d 'Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless --keep-remote'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "list" -d 'List every authorized account, named or not, and what uses it'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "rename" -d 'Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "status" -d 'Show where the vault key comes from, the paths and the record count; never a secret'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "init" -d 'Create the vault and its master key'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "rekey" -d 'Make a new master key, re-seal every record, and remove the old key'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "unlock" -d 'Keep the vault\'s key in the kernel keyring, so commands stop asking for it for a while'
complete -c tether -n "__fish_tether_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "lock" -d 'End the session `tether vault unlock` started: commands ask for the key again'
