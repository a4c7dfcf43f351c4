//! One web server under test, as a process group of its own: started on a port chosen by
//! binding port 0, pinned to its cores (`sched_setaffinity`, which its workers inherit),
//! polled until it answers, charged for the CPU time of every process in its group (read
//! from `/proc/<pid>/stat`), and killed with all its workers when dropped or when the run is
//! interrupted ([`crate::interrupt::guard_process_group`]). No server outlives the pass.

use std::fs::File;
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::load;
use crate::interrupt::{self, GroupGuard};
use crate::process::stderr_tail;

/// A free port on 127.0.0.1: the kernel's choice for port 0, released for the server.
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// Why a server gave no usable run.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{name} could not be started: {reason}")]
    Start { name: String, reason: String },
    #[error("{name} {how}{}", stderr_tail(.stderr))]
    Died {
        name: String,
        how: String,
        stderr: String,
    },
}

/// A running server.
#[derive(Debug)]
pub struct Server {
    pub name: String,
    pub port: u16,
    child: Child,
    stderr: PathBuf,
    _guard: GroupGuard,
}

impl Server {
    /// Starts `command` (which must serve on `port`) in a process group of its own, on
    /// `cores` (none: wherever the kernel likes), with its stdout and stderr in `log`.
    pub fn start(
        name: &str,
        mut command: Command,
        port: u16,
        cores: &[usize],
        log: &Path,
    ) -> Result<Server, ServerError> {
        let start_error = |reason: String| ServerError::Start {
            name: name.to_string(),
            reason,
        };
        let out = File::create(log).map_err(|e| start_error(format!("{}: {e}", log.display())))?;
        let err = out
            .try_clone()
            .map_err(|e| start_error(format!("{}: {e}", log.display())))?;
        command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0);
        if !cores.is_empty() {
            let cores = cores.to_vec();
            // SAFETY: between fork and exec the closure only calls sched_setaffinity, which
            // is async-signal-safe, on a cpu_set_t on the stack.
            unsafe {
                command.pre_exec(move || pin(0, &cores));
            }
        }
        let child = command.spawn().map_err(|e| {
            start_error(format!("{}: {e}", command.get_program().to_string_lossy()))
        })?;
        let guard = interrupt::guard_process_group(child.id() as i32);
        Ok(Server {
            name: name.to_string(),
            port,
            child,
            stderr: log.to_path_buf(),
            _guard: guard,
        })
    }

    /// Waits until `probe` answers with 200, for at most `limit`.
    pub fn wait_ready(&mut self, probe: &str, limit: Duration) -> Result<(), ServerError> {
        let started = Instant::now();
        loop {
            self.check_alive()?;
            if let Ok((200, _)) = load::fetch(self.port, probe, Duration::from_secs(2)) {
                return Ok(());
            }
            if started.elapsed() > limit {
                return Err(self.died(format!(
                    "did not answer GET {probe} on 127.0.0.1:{} within {} s",
                    self.port,
                    limit.as_secs()
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// An error if the server's main process has exited.
    pub fn check_alive(&mut self) -> Result<(), ServerError> {
        match self.child.try_wait() {
            Ok(Some(status)) => Err(self.died(format!("exited ({status})"))),
            _ => Ok(()),
        }
    }

    fn died(&self, how: String) -> ServerError {
        ServerError::Died {
            name: self.name.clone(),
            how,
            stderr: std::fs::read_to_string(&self.stderr).unwrap_or_default(),
        }
    }

    /// The CPU time of every process in the server's group (user + system, including
    /// children they reaped), in seconds.
    pub fn cpu_s(&self) -> f64 {
        group_cpu_ticks(self.process_group()) as f64 / ticks_per_second()
    }

    /// Its process group: its main process's id.
    pub fn process_group(&self) -> i32 {
        self.child.id() as i32
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let pgid = self.process_group();
        // SIGTERM first, so servers shut down as they would in production, then SIGKILL.
        signal_group(pgid, libc::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && !group_members(pgid).is_empty() {
            let _ = self.child.try_wait();
            std::thread::sleep(Duration::from_millis(20));
        }
        signal_group(pgid, libc::SIGKILL);
        let _ = self.child.wait();
    }
}

fn signal_group(pgid: i32, signal: i32) {
    // SAFETY: kill(2) on a process group; no memory is shared.
    unsafe {
        libc::kill(-pgid, signal);
    }
}

/// Pins thread or process `pid` (0: the caller) to `cores`.
pub fn pin(pid: i32, cores: &[usize]) -> std::io::Result<()> {
    // SAFETY: cpu_set_t is plain data, zeroed then filled by the CPU_SET macro equivalents,
    // and passed by pointer with its size.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        for &core in cores {
            libc::CPU_SET(core, &mut set);
        }
        if libc::sched_setaffinity(pid, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// The cores thread or process `pid` (0: the caller) may run on.
pub fn affinity(pid: i32) -> Vec<usize> {
    // SAFETY: as in `pin`; the set is read only after the call filled it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(pid, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return Vec::new();
        }
        (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| libc::CPU_ISSET(c, &set))
            .collect()
    }
}

fn ticks_per_second() -> f64 {
    // SAFETY: sysconf reads a constant.
    match unsafe { libc::sysconf(libc::_SC_CLK_TCK) } {
        t if t > 0 => t as f64,
        _ => 100.0,
    }
}

/// One process's line of `/proc/<pid>/stat`.
struct Stat {
    pid: i32,
    zombie: bool,
    /// The numeric fields after the state: `[0]` ppid, `[1]` process group, `[10..14]`
    /// utime, stime, cutime, cstime (in clock ticks).
    fields: Vec<u64>,
}

fn stat(pid: i32) -> Option<Stat> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut rest = text[text.rfind(')')? + 1..].split_whitespace();
    let zombie = rest.next()? == "Z";
    Some(Stat {
        pid,
        zombie,
        fields: rest.map(|f| f.parse().unwrap_or(0)).collect(),
    })
}

fn group_stats(pgid: i32) -> Vec<Stat> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| {
            let pid: i32 = e.ok()?.file_name().into_string().ok()?.parse().ok()?;
            stat(pid).filter(|s| s.fields.get(1) == Some(&(pgid as u64)))
        })
        .collect()
}

/// The live (not zombie) processes of group `pgid`.
pub fn group_members(pgid: i32) -> Vec<i32> {
    group_stats(pgid)
        .into_iter()
        .filter(|s| !s.zombie)
        .map(|s| s.pid)
        .collect()
}

fn group_cpu_ticks(pgid: i32) -> u64 {
    group_stats(pgid)
        .iter()
        .map(|s| s.fields.get(10..14).map_or(0, |t| t.iter().sum::<u64>()))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_server_takes_its_workers_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut command = Command::new("sh");
        // A "server" with two workers that ignore SIGTERM, as a stuck worker would.
        command.args([
            "-c",
            "trap '' TERM; sleep 300 & sleep 300 & while :; do sleep 1; done",
        ]);
        let server = Server::start("stub", command, 1, &[], &dir.path().join("log")).unwrap();
        let pgid = server.process_group();
        let deadline = Instant::now() + Duration::from_secs(5);
        while group_members(pgid).len() < 3 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            group_members(pgid).len() >= 3,
            "the shell and its two sleeps"
        );
        drop(server);
        assert!(group_members(pgid).is_empty(), "no orphans");
    }

    #[test]
    fn an_interrupt_kills_the_registered_groups() {
        let dir = tempfile::tempdir().unwrap();
        let mut command = Command::new("sh");
        command.args(["-c", "sleep 300 & sleep 300"]);
        let server = Server::start("stub", command, 1, &[], &dir.path().join("log")).unwrap();
        let pgid = server.process_group();
        std::thread::sleep(Duration::from_millis(200));
        interrupt::kill_process_groups();
        let deadline = Instant::now() + Duration::from_secs(5);
        while !group_members(pgid).is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            group_members(pgid).is_empty(),
            "the interrupt left no orphans"
        );
        drop(server);
    }

    #[test]
    fn a_server_that_exits_is_reported_with_its_stderr() {
        let dir = tempfile::tempdir().unwrap();
        let mut command = Command::new("sh");
        command.args(["-c", "echo 'ImportError: no module named nope' >&2; exit 3"]);
        let mut server = Server::start("broken", command, 1, &[], &dir.path().join("log")).unwrap();
        let err = server
            .wait_ready("/json", Duration::from_secs(10))
            .unwrap_err()
            .to_string();
        assert!(err.contains("broken exited"), "{err}");
        assert!(err.contains("no module named nope"), "{err}");
    }

    #[test]
    fn a_busy_group_is_charged_cpu_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 30",
        ]);
        let server = Server::start("busy", command, 1, &[], &dir.path().join("log")).unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while server.cpu_s() < 0.05 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(server.cpu_s() >= 0.05, "{} s", server.cpu_s());
    }
}
