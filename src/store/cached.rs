//! Every record of a directory, read fast: the parsed records are kept in
//! `cache/<name>.jsonl`, and records stream to the caller one at a time.
//!
//! The cache records the version (inode, size and times) of the directory and of each file.
//! While the directory's version holds, no file was added, removed or replaced by a rename
//! (the way tether and most editors save), and the cache is read alone: a listing of 10,000
//! records then costs one `stat` and no TOML parse. Otherwise each file's version is taken
//! (on a second thread, in step with the parsing) and a file whose version differs is read
//! again. A file rewritten in place without a rename keeps the directory's version, so it
//! shows once anything else in the directory changes, or after `rm -r` of the cache.
//!
//! Versions that changed in the last seconds are not trusted: a second change within the same
//! tick of the file system's clock could keep them. The cache is derived data, written
//! without syncing: one that cannot be read is ignored and written again.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::safe_fs::{self, OpenDir, Version};

/// The start of a cache's first line: records cached by another build may lack fields of
/// this one. The directory's version follows it.
const HEADER: &str = concat!("tether listing cache ", env!("CARGO_PKG_VERSION"), " ");

/// How long a version must have held before it is trusted.
const SETTLED: Duration = Duration::from_secs(2);

/// How many versions the second thread hands over at once.
const BATCH: usize = 512;

/// Far above any real cache; a bound on what a damaged one can make tether read.
const MAX_CACHE: u64 = 1 << 30;

/// One line of a cache: `S` is the stem, owned when read and borrowed when written. A record
/// whose file changed too recently is not kept (`None`), only its stem.
#[derive(Serialize, Deserialize)]
struct Entry<S, T> {
    stem: S,
    version: Version,
    record: Option<T>,
}

/// Calls `each` with the record of every TOML file in `dir`, in stem order, using the cache
/// `name` and bringing it up to date afterwards when that spares later listings some work.
/// The files hold `R`s; `each` gets them as `T`, which may be a view of `R` (some of its
/// fields, under the same names), so a listing does not pay for fields it does not show.
pub(crate) fn for_each<R, T>(
    paths: &Paths,
    dir: &Path,
    name: &str,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<()>
where
    R: Serialize + DeserializeOwned,
    T: DeserializeOwned,
{
    let Some(open) = safe_fs::open_dir(dir)? else {
        return Ok(());
    };
    let now = SystemTime::now();
    // Taken before listing: a change from here on gives the next listing another version.
    let dir_version = Some(open.own_version()?).filter(|v| v.settled(now, SETTLED));
    let cache = paths.cache_dir().join(format!("{name}.jsonl"));
    let mut cached = Cached::<T>::open(&cache);
    if let Some(c) = cached
        .as_mut()
        .filter(|c| dir_version.is_some() && c.dir == dir_version)
    {
        let replayed = c.replay::<R>(dir, &mut each);
        if c.broken {
            // The next listing writes it again.
            let _ = safe_fs::remove_durable(&cache);
        }
        return replayed;
    }
    let mut update = check_each_file::<R, T>(dir, &open, cached.as_mut(), now, &mut each)?;
    // Entries left over are of files that are gone.
    update.stale |= cached.is_none_or(|c| c.next.is_some() || c.dir != dir_version);
    update.dir = dir_version;
    if update.stale {
        // Only a later listing gains from it: one that cannot be written costs nothing now.
        let _ = rewrite(&cache, update);
    }
    Ok(())
}

/// [`for_each`] collected.
pub(crate) fn list<R>(paths: &Paths, dir: &Path, name: &str) -> Result<Vec<R>>
where
    R: Serialize + DeserializeOwned,
{
    let mut out = Vec::new();
    for_each::<R, R>(paths, dir, name, |record| {
        out.push(record);
        Ok(())
    })?;
    Ok(out)
}

/// What a listing learned for the next one.
#[derive(Default)]
struct Update {
    /// Whether the cache should be written again.
    stale: bool,
    /// The directory's version to record, when settled.
    dir: Option<Version>,
    /// The indexes of the cache's lines that still hold, ascending.
    kept: Vec<usize>,
    /// The lines of records read from their files, by stem, ascending.
    read: Vec<(String, String)>,
}

/// The listing when the directory changed: every file's version is compared with its entry,
/// and the files that differ are read.
fn check_each_file<R, T>(
    dir: &Path,
    open: &OpenDir,
    mut cached: Option<&mut Cached<T>>,
    now: SystemTime,
    each: &mut impl FnMut(T) -> Result<()>,
) -> Result<Update>
where
    R: Serialize + DeserializeOwned,
    T: DeserializeOwned,
{
    let stems = super::file::list_stems(dir)?;
    let mut update = Update::default();
    let (send, batches) = std::sync::mpsc::sync_channel(4);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for chunk in stems.chunks(BATCH) {
                let batch: Vec<_> = chunk
                    .iter()
                    .map(|stem| open.version(&file_name(stem)))
                    .collect();
                // A closed channel: the listing stopped at an error.
                if send.send(batch).is_err() {
                    break;
                }
            }
        });
        let mut versions = batches.iter().flatten();
        for stem in &stems {
            let version = versions
                .next()
                .ok_or_else(|| Error::Internal("a listing thread died".into()))??;
            let Some(version) = version else {
                continue; // Removed since the directory was listed.
            };
            let hit = cached
                .as_deref_mut()
                .and_then(|c| c.take(stem, &mut update));
            let record = match hit {
                Some((
                    index,
                    Entry {
                        version: v,
                        record: Some(record),
                        ..
                    },
                )) if v == version => {
                    update.kept.push(index);
                    record
                }
                _ => {
                    let Some(record) = super::file::read::<R>(&dir.join(file_name(stem)))? else {
                        continue;
                    };
                    let settled = version.settled(now, SETTLED);
                    update.read.push((
                        stem.clone(),
                        line(stem, version, settled.then_some(&record))?,
                    ));
                    view(&record)?
                }
            };
            each(record)?;
        }
        Ok::<_, Error>(())
    })?;
    Ok(update)
}

fn file_name(stem: &str) -> String {
    format!("{stem}.toml")
}

/// A cache being read in step with the sorted stems of its directory.
struct Cached<T> {
    /// The directory's version when the cache was written.
    dir: Option<Version>,
    reader: BufReader<std::io::Take<std::fs::File>>,
    /// The next entry, with the index of its line.
    next: Option<(usize, Entry<String, T>)>,
    /// The text of the next entry's line.
    line: String,
    read: usize,
    /// Whether a line could not be read, which ended the cache early.
    broken: bool,
}

impl<T: DeserializeOwned> Cached<T> {
    /// The cache at `path`, or `None` when it is missing or not this build's.
    fn open(path: &Path) -> Option<Self> {
        let stream = safe_fs::open_stream(path, MAX_CACHE).ok()??;
        let mut reader = BufReader::with_capacity(1 << 16, stream);
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let dir = serde_json::from_str(header.trim_end().strip_prefix(HEADER)?).ok()?;
        let mut cached = Self {
            dir,
            reader,
            next: None,
            line: String::new(),
            read: 0,
            broken: false,
        };
        cached.advance();
        Some(cached)
    }

    /// Every record of the cache, in order; the files of records it does not keep are read.
    /// A line that cannot be read ends the cache there: the files after it are read.
    fn replay<R>(&mut self, dir: &Path, each: &mut impl FnMut(T) -> Result<()>) -> Result<()>
    where
        R: Serialize + DeserializeOwned,
    {
        let mut last = None;
        while let Some((_, entry)) = self.next.take() {
            self.advance();
            let record = match entry.record {
                Some(record) => Some(record),
                None => read_view::<R, T>(dir, &entry.stem)?,
            };
            if let Some(record) = record {
                each(record)?;
            }
            last = Some(entry.stem);
        }
        if !self.broken {
            return Ok(());
        }
        for stem in super::file::list_stems(dir)? {
            if last.as_ref().is_none_or(|last| &stem > last)
                && let Some(record) = read_view::<R, T>(dir, &stem)?
            {
                each(record)?;
            }
        }
        Ok(())
    }

    /// The entry of `stem` with the index of its line, skipping those of files that are gone
    /// (which makes the cache stale). A line that cannot be read ends the cache there.
    fn take(&mut self, stem: &str, update: &mut Update) -> Option<(usize, Entry<String, T>)> {
        while let Some((_, entry)) = &self.next {
            match entry.stem.as_str().cmp(stem) {
                std::cmp::Ordering::Less => {
                    update.stale = true;
                    self.advance();
                }
                std::cmp::Ordering::Equal => {
                    let found = self.next.take();
                    self.advance();
                    return found;
                }
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }

    fn advance(&mut self) {
        let index = self.read;
        self.read += 1;
        self.line.clear();
        self.next = match self.reader.read_line(&mut self.line) {
            Ok(0) => None,
            read => {
                let entry = read
                    .ok()
                    .and_then(|_| serde_json::from_str(&self.line).ok())
                    .map(|entry| (index, entry));
                self.broken |= entry.is_none();
                entry
            }
        };
    }
}

/// The record of file `stem` in `dir` as the view `T`, or `None` when it is gone.
fn read_view<R, T>(dir: &Path, stem: &str) -> Result<Option<T>>
where
    R: Serialize + DeserializeOwned,
    T: DeserializeOwned,
{
    super::file::read::<R>(&dir.join(file_name(stem)))?
        .map(|record| view(&record))
        .transpose()
}

/// `record` as the view `T` of it.
fn view<R: Serialize, T: DeserializeOwned>(record: &R) -> Result<T> {
    serde_json::to_value(record)
        .and_then(T::deserialize)
        .map_err(|e| Error::Internal(format!("cannot view a record: {e}")))
}

/// The cache line of one record.
fn line<T: Serialize>(stem: &str, version: Version, record: Option<&T>) -> Result<String> {
    let entry = Entry {
        stem,
        version,
        record,
    };
    serde_json::to_string(&entry)
        .map_err(|e| Error::Internal(format!("cannot cache a record: {e}")))
}

/// Writes the cache again, streaming: the old lines that still hold, copied without parsing
/// their records, merged in stem order with the lines of records read from their files.
fn rewrite(cache: &Path, update: Update) -> Result<()> {
    let mut old = Cached::<IgnoredAny>::open(cache);
    let mut kept = update.kept.into_iter().peekable();
    let mut read = update.read.into_iter().peekable();
    let dir = serde_json::to_string(&update.dir)
        .map_err(|e| Error::Internal(format!("cannot cache a version: {e}")))?;
    safe_fs::write_cache(cache, |file| {
        let mut out = BufWriter::new(file);
        writeln!(out, "{HEADER}{dir}")?;
        loop {
            // The next old line that still holds.
            let mut next_old = None;
            while let (Some(c), Some(&want)) = (old.as_mut(), kept.peek()) {
                let Some((index, entry)) = c.next.take() else {
                    break;
                };
                let line = (index == want).then(|| c.line.trim_end().to_owned());
                c.advance();
                if let Some(line) = line {
                    kept.next();
                    next_old = Some((entry.stem, line));
                    break;
                }
            }
            // Merged with the read lines, both ascending by stem.
            while read.peek().is_some_and(|(stem, _)| {
                next_old
                    .as_ref()
                    .is_none_or(|(old_stem, _)| stem < old_stem)
            }) {
                let (_, line) = read.next().expect("peeked");
                writeln!(out, "{line}")?;
            }
            match next_old {
                Some((_, line)) => writeln!(out, "{line}")?,
                None => break,
            }
        }
        out.flush()
    })
}
