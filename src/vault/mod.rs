//! The encrypted vault (placeholder API; see the vault task).

use zeroize::Zeroizing;

use crate::context::Context;
use crate::error::{Error, Result};

pub struct Vault;

impl Vault {
    pub fn open(_ctx: &Context) -> Result<Self> {
        Err(Error::Internal("vault not built yet".into()))
    }

    pub fn get(&self, _record: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
        Err(Error::Internal("vault not built yet".into()))
    }

    pub fn put(&self, _record: &str, _plaintext: &[u8]) -> Result<()> {
        Err(Error::Internal("vault not built yet".into()))
    }

    pub fn delete(&self, _record: &str) -> Result<()> {
        Err(Error::Internal("vault not built yet".into()))
    }
}
