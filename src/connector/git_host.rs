//! What a `[git]` host entry may be once filled in: `host` or `host:port`, as git names a
//! remote's host in its credential requests.

/// Why `host` is not a host with an optional port, or `None` when it is one.
#[must_use]
pub fn host_problem(host: &str) -> Option<&'static str> {
    if host.is_empty() {
        return Some("is empty; write a host name such as \"github.com\"");
    }
    if host.contains("://") {
        return Some("is a URL; write only the host, e.g. \"gitlab.example.com\"");
    }
    if host
        .chars()
        .any(|c| matches!(c, '/' | '?' | '#' | '@') || c.is_whitespace() || c.is_control())
    {
        return Some("is not a host; write only the host name and, if needed, `:PORT`");
    }
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return Some("opens `[` for an IPv6 address without closing it");
        };
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Some("has a bracketed part that is not an IPv6 address");
        }
        match after {
            "" => (inside, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (inside, Some(port)),
                None => return Some("has text after the IPv6 address; write `[ADDRESS]:PORT`"),
            },
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() {
        return Some("has no host name before the port");
    }
    if !host.starts_with('[')
        && !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
    {
        return Some("is not a host name; use letters, digits, `-` and `.`");
    }
    if let Some(port) = port
        && port.parse::<u16>().map_or(true, |p| p == 0)
    {
        return Some("has an invalid port; write host:PORT with PORT from 1 to 65535");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::host_problem;

    #[test]
    fn hosts_with_ports_pass_and_urls_do_not() {
        for good in [
            "github.com",
            "git.example.com:8443",
            "127.0.0.1:9000",
            "[::1]:80",
            "[::1]",
        ] {
            assert_eq!(host_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "https://github.com",
            "github.com/org",
            "a@b",
            "host:0",
            "host:x",
            ":80",
            "[::1",
            "a b",
        ] {
            assert!(host_problem(bad).is_some(), "{bad}");
        }
    }
}
