//! Connectors: the definition format, validation, the built-in catalog and custom ones on disk.

mod model;

pub use model::*;
