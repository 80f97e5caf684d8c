//! The three deployment environments and their aliases.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Stage,
    Production,
}

impl Environment {
    pub const ALL: [Environment; 3] = [Self::Development, Self::Stage, Self::Production];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Stage => "stage",
            Self::Production => "production",
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Environment {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "development" | "dev" => Ok(Self::Development),
            "stage" | "staging" | "stg" => Ok(Self::Stage),
            "production" | "prod" => Ok(Self::Production),
            _ => Err(format!(
                "unknown environment `{s}`; use development (dev), stage (staging, stg) or production (prod)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_parse() {
        for (text, env) in [
            ("dev", Environment::Development),
            ("Development", Environment::Development),
            ("staging", Environment::Stage),
            ("stg", Environment::Stage),
            ("stage", Environment::Stage),
            ("prod", Environment::Production),
            ("production", Environment::Production),
        ] {
            assert_eq!(text.parse::<Environment>(), Ok(env), "{text}");
        }
        assert!(
            "qa".parse::<Environment>()
                .unwrap_err()
                .contains("unknown environment `qa`")
        );
    }
}
