//! What one run leaves in the audit log. The command line says which command is audited and
//! what it names (a [`Subject`]); the core adds what it learns on the way (the account that
//! served, an authorization, a refresh, a revocation); the outcome closes the run. A write
//! that fails never fails the run: the first problem is kept for the command line to show
//! once, and nothing more is tried.

use std::cell::{Cell, RefCell};

use super::{Event, Outcome, append};
use crate::environment::Environment;
use crate::paths::Paths;

/// The audit log as one run writes it; held by the [`crate::context::Context`].
#[derive(Debug)]
pub struct Trail {
    paths: Paths,
    /// The audited command being run, until its lines are written.
    subject: RefCell<Option<Subject>>,
    /// Why the first write failed, until the command line takes it.
    problem: RefCell<Option<String>>,
    /// A write failed: no more are tried.
    broken: Cell<bool>,
}

/// An audited command and what it acts on, built by the command line before it runs. It
/// becomes one line per link and environment it names (one line when it names none).
#[derive(Debug, Clone)]
pub struct Subject {
    command: &'static str,
    app: Option<String>,
    connector: Option<String>,
    targets: Vec<Target>,
}

#[derive(Debug, Clone, Default)]
struct Target {
    link: Option<String>,
    env: Option<Environment>,
    account: Option<String>,
}

impl Subject {
    /// The command as typed, without options: `token`, `connection delete`.
    #[must_use]
    pub fn new(command: &'static str) -> Self {
        Self {
            command,
            app: None,
            connector: None,
            targets: vec![Target::default()],
        }
    }

    #[must_use]
    pub fn link(self, link: &str) -> Self {
        self.links(std::slice::from_ref(&link.to_owned()))
    }

    /// Several links (`exec gh,deploy`): a line each.
    #[must_use]
    pub fn links(mut self, links: &[String]) -> Self {
        let template = self.targets.first().cloned().unwrap_or_default();
        self.targets = links
            .iter()
            .map(|link| Target {
                link: Some(link.clone()),
                ..template.clone()
            })
            .collect();
        self
    }

    /// The environment acted in, when it is known before the command runs.
    #[must_use]
    pub fn env(mut self, env: Option<Environment>) -> Self {
        for target in &mut self.targets {
            target.env = env;
        }
        self
    }

    /// The account named on the command line, when one is.
    #[must_use]
    pub fn account(mut self, label: Option<&str>) -> Self {
        for target in &mut self.targets {
            target.account = label.map(str::to_owned);
        }
        self
    }

    #[must_use]
    pub fn app(mut self, app: Option<&str>) -> Self {
        self.app = app.map(str::to_owned);
        self
    }

    #[must_use]
    pub fn connector(mut self, id: Option<&str>) -> Self {
        self.connector = id.map(str::to_owned);
        self
    }

    fn events(&self, outcome: &Outcome) -> impl Iterator<Item = Event> {
        self.targets.iter().map(move |target| {
            let mut event = Event::new(self.command)
                .app(self.app.as_deref())
                .outcome(outcome.clone());
            event.link = target.link.as_deref().map(super::name);
            event.environment = target.env;
            event.account = target.account.as_deref().map(super::name);
            event.connector = self.connector.as_deref().map(super::name);
            event
        })
    }
}

impl Trail {
    #[must_use]
    pub fn new(paths: &Paths) -> Self {
        Self {
            paths: paths.clone(),
            subject: RefCell::new(None),
            problem: RefCell::new(None),
            broken: Cell::new(false),
        }
    }

    /// Starts the run of a command; `None` when it is not audited (it only reads).
    pub fn begin(&self, subject: Option<Subject>) {
        *self.subject.borrow_mut() = subject;
    }

    /// The run uses `link` in `env`, learnt while it runs (a reference in a file): a line of
    /// its own, unless the run names it already. A run that named no link until now names
    /// only the ones it uses.
    pub fn using(&self, link: &str, env: Environment) {
        let mut subject = self.subject.borrow_mut();
        let Some(subject) = subject.as_mut() else {
            return;
        };
        if subject
            .targets
            .iter()
            .any(|t| t.link.as_deref() == Some(link) && t.env.is_none_or(|e| e == env))
        {
            return;
        }
        subject.targets.retain(|t| t.link.is_some());
        subject.targets.push(Target {
            link: Some(link.to_owned()),
            env: Some(env),
            account: None,
        });
    }

    /// The credential of `link` in `env` came from `account` (a label).
    pub fn served(&self, link: &str, env: Environment, account: &str) {
        self.with_targets(link, |targets| {
            // Another environment of the same link is a line of its own (`@ENV`).
            for target in targets
                .iter_mut()
                .filter(|t| t.env.is_none_or(|e| e == env))
            {
                target.env = Some(env);
                target.account = Some(account.to_owned());
            }
        });
    }

    /// `link` was just authorized as `account` in `envs`: a line for each.
    pub fn authorized(&self, link: &str, envs: &[Environment], account: &str) {
        self.with_targets(link, |targets| {
            *targets = envs
                .iter()
                .map(|env| Target {
                    link: Some(link.to_owned()),
                    env: Some(*env),
                    account: Some(account.to_owned()),
                })
                .collect();
        });
    }

    /// The connector the command acts on, once known (an import learns it from the file).
    pub fn connector(&self, id: &str) {
        if let Some(subject) = self.subject.borrow_mut().as_mut() {
            subject.connector = Some(id.to_owned());
        }
    }

    /// Appends `event` now. It happened during the run: an event that names no application
    /// gets the run's, and one that names no link gets the run's link and environment when the
    /// run names exactly one.
    pub fn record(&self, mut event: Event) {
        if let Some(subject) = self.subject.borrow().as_ref() {
            if event.app.is_none() {
                event = event.app(subject.app.as_deref());
            }
            if let ([target], None) = (subject.targets.as_slice(), &event.link) {
                event.link = target.link.as_deref().map(super::name);
                event.environment = event.environment.or(target.env);
            }
        }
        self.write(&event);
    }

    /// Appends the run's lines with its `outcome`. Once: later calls find nothing to write.
    pub fn finish(&self, outcome: &Outcome) {
        let Some(subject) = self.subject.borrow_mut().take() else {
            return;
        };
        for event in subject.events(outcome) {
            self.write(&event);
        }
    }

    /// Why writing the log failed, told once: the command line warns about it.
    pub fn take_problem(&self) -> Option<String> {
        self.problem.borrow_mut().take()
    }

    fn write(&self, event: &Event) {
        if self.broken.get() {
            return;
        }
        if let Err(e) = append(&self.paths, event) {
            self.broken.set(true);
            *self.problem.borrow_mut() = Some(e.to_string());
        }
    }

    /// The targets of the run for `link`, when the run names it.
    fn with_targets(&self, link: &str, change: impl FnOnce(&mut Vec<Target>)) {
        let mut subject = self.subject.borrow_mut();
        let Some(subject) = subject.as_mut() else {
            return;
        };
        let (mut mine, others): (Vec<Target>, Vec<Target>) = std::mem::take(&mut subject.targets)
            .into_iter()
            .partition(|t| t.link.as_deref() == Some(link));
        if !mine.is_empty() {
            change(&mut mine);
        }
        // The order of the links as given is kept.
        subject.targets = others;
        subject.targets.extend(mine);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::audit::read;

    fn trail() -> (tempfile::TempDir, Trail) {
        let tmp = tempfile::tempdir().unwrap();
        let paths = Paths::under(&tmp.path().join("home"));
        (tmp, Trail::new(&paths))
    }

    fn lines(trail: &Trail) -> Vec<Event> {
        read(&trail.paths).unwrap().events
    }

    #[test]
    fn a_run_is_a_line_per_link_and_environment_written_once() {
        let (_tmp, trail) = trail();
        let links = ["gh".to_owned(), "wx".to_owned()];
        trail.begin(Some(Subject::new("exec").links(&links).app(Some("ci"))));
        trail.served("wx", Environment::Stage, "bob");
        trail.record(Event::new("refresh").link("wx"));
        trail.finish(&Outcome::error(Some(5), "network"));
        trail.finish(&Outcome::Ok);
        let events = lines(&trail);
        let seen: Vec<_> = events
            .iter()
            .map(|e| {
                (
                    e.command.as_str(),
                    e.link.as_deref(),
                    e.environment,
                    e.account.as_deref(),
                    e.app.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("refresh", Some("wx"), None, None, Some("ci")),
                ("exec", Some("gh"), None, None, Some("ci")),
                (
                    "exec",
                    Some("wx"),
                    Some(Environment::Stage),
                    Some("bob"),
                    Some("ci")
                ),
            ]
        );
        assert!(
            events[1..]
                .iter()
                .all(|e| e.outcome == Outcome::error(Some(5), "network"))
        );
    }

    #[test]
    fn an_authorization_names_each_environment() {
        let (_tmp, trail) = trail();
        let subject = Subject::new("connection authorize")
            .link("gh")
            .account(Some("typed"));
        trail.begin(Some(subject));
        trail.authorized(
            "gh",
            &[Environment::Development, Environment::Production],
            "alice",
        );
        trail.finish(&Outcome::Ok);
        let events = lines(&trail);
        assert_eq!(events.len(), 2);
        assert_eq!(events[1].environment, Some(Environment::Production));
        assert!(events.iter().all(|e| e.account.as_deref() == Some("alice")));
    }

    #[test]
    fn links_learnt_while_running_are_a_line_per_environment() {
        let (_tmp, trail) = trail();
        let env = Some(Environment::Development);
        trail.begin(Some(Subject::new("inject").env(env)));
        trail.using("db", Environment::Development);
        trail.served("db", Environment::Development, "alice");
        trail.using("db", Environment::Production);
        trail.served("db", Environment::Production, "bob");
        trail.using("db", Environment::Development);
        trail.finish(&Outcome::Ok);
        let seen: Vec<_> = lines(&trail)
            .iter()
            .map(|e| (e.link.clone(), e.environment, e.account.clone()))
            .collect();
        assert_eq!(
            seen,
            [
                (Some("db".into()), env, Some("alice".into())),
                (
                    Some("db".into()),
                    Some(Environment::Production),
                    Some("bob".into())
                ),
            ]
        );
    }

    #[test]
    fn a_failed_write_is_told_once_and_nothing_more_is_tried() {
        let (_tmp, trail) = trail();
        let audit = trail.paths.audit_dir();
        std::fs::create_dir_all(audit.parent().unwrap()).unwrap();
        // A file where the directory belongs.
        std::fs::write(&audit, "").unwrap();
        trail.begin(Some(Subject::new("token").link("gh")));
        trail.record(Event::new("refresh"));
        trail.finish(&Outcome::Ok);
        let problem = trail.take_problem().unwrap();
        assert!(problem.contains(&audit.display().to_string()), "{problem}");
        assert_eq!(trail.take_problem(), None);
        assert!(trail.broken.get());
        assert_eq!(std::fs::read(&audit).unwrap(), b"");
    }

    #[test]
    fn a_run_that_is_not_audited_writes_nothing() {
        let (_tmp, trail) = trail();
        trail.begin(None);
        trail.served("gh", Environment::Development, "alice");
        trail.finish(&Outcome::Ok);
        assert!(!trail.paths.audit_dir().exists());
    }
}
