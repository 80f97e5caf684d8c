//! Crash and full-disk injection between the steps of a change, for the test suite only
//! (built with `--features fault-injection`; a no-op otherwise). `TETHER_FAULT=STEP:kill`
//! aborts the process at the first step named STEP, `STEP#N:kill` at the Nth; `:enospc`
//! fails it as a full disk would.

#[cfg(feature = "fault-injection")]
pub(crate) fn point(step: &str) -> crate::error::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SEEN: AtomicUsize = AtomicUsize::new(0);

    let Ok(spec) = std::env::var("TETHER_FAULT") else {
        return Ok(());
    };
    let Some((target, action)) = spec.split_once(':') else {
        return Ok(());
    };
    let (name, nth) = target
        .split_once('#')
        .map_or((target, 1), |(n, i)| (n, i.parse().unwrap_or(1)));
    if name != step || SEEN.fetch_add(1, Ordering::SeqCst) + 1 != nth {
        return Ok(());
    }
    match action {
        "kill" => std::process::abort(),
        _ => Err(crate::error::Error::io(
            "writing",
            "(injected fault)",
            std::io::Error::from_raw_os_error(28),
        )),
    }
}

#[cfg(not(feature = "fault-injection"))]
#[inline]
// The same signature as the injecting build, so callers do not change with the feature.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn point(_step: &str) -> crate::error::Result<()> {
    Ok(())
}
