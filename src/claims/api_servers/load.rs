//! The load generator: HTTP/1.1 GETs over a fixed set of keep-alive connections to one
//! server on 127.0.0.1, from a single-threaded tokio runtime on the calling thread (which the
//! pass pins to a core of its own), through hyper's client, into an HDR histogram.
//!
//! [`Load::Open`] sends at a fixed rate whatever the server does, as wrk2 does: connection
//! `k` of `c` owns the requests `k, k + c, k + 2c, …`, request `i` is due at `i / rate`, and
//! its latency is counted from when it was due, not from when it could be sent. A server that
//! stalls therefore shows every request that waited behind the stall (coordinated omission
//! corrected; a request sent up to a timer tick early is timed from its send). [`Load::Closed`] sends each request as soon as the connection's previous one
//! is answered: it finds the most a server can do, and its latencies are the uncorrected
//! kind. Every run is bounded in time: what is still due at `duration + grace` is counted as
//! not sent.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Empty};
use hyper::Request;
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::error::{Error, Result};

/// How requests are paced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Load {
    /// As fast as the server answers: one request in flight per connection.
    Closed,
    /// `rate` requests per second, whatever the server does.
    Open { rate: f64 },
}

/// One bounded run against one URL path.
#[derive(Debug, Clone)]
pub struct LoadSpec {
    pub port: u16,
    /// The path and query, e.g. `/cpu?n=8`.
    pub path: String,
    pub connections: usize,
    pub duration: Duration,
    pub load: Load,
}

/// The longest a run may overrun its duration, waiting for late answers, before what is
/// still due is counted as not sent.
pub const GRACE: Duration = Duration::from_secs(2);

/// The resolution of tokio's timer.
const TIMER_TICK: Duration = Duration::from_millis(1);

/// What one run measured. Latencies are in µs.
#[derive(Debug, Clone)]
pub struct LoadReport {
    /// Requests answered with a 2xx status.
    pub completed: u64,
    /// Requests that failed: a connection error or a status other than 2xx.
    pub errors: u64,
    /// Requests that were due but never sent before the run's bound.
    pub unsent: u64,
    /// From the start to the last answer, in seconds.
    pub elapsed_s: f64,
    /// The generator thread's CPU time over the run, in seconds.
    pub generator_cpu_s: f64,
    pub latency_us: Histogram<u64>,
}

impl LoadReport {
    /// Answered requests per second.
    pub fn achieved_rps(&self) -> f64 {
        if self.elapsed_s > 0.0 {
            self.completed as f64 / self.elapsed_s
        } else {
            0.0
        }
    }

    /// The latency at quantile `q` (0–1), in ms.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        self.latency_us.value_at_quantile(q) as f64 / 1000.0
    }

    /// The generator thread's CPU share of the run (1.0 = one core busy).
    pub fn generator_share(&self) -> f64 {
        if self.elapsed_s > 0.0 {
            self.generator_cpu_s / self.elapsed_s
        } else {
            0.0
        }
    }
}

fn histogram() -> Histogram<u64> {
    // 1 µs to 100 s at 3 significant digits.
    Histogram::new_with_bounds(1, 100_000_000, 3).expect("valid histogram bounds")
}

fn address(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Interpreter(format!("the load generator's runtime: {e}")))
}

/// Runs `spec` on this thread and reports what it measured. Fails only when no connection
/// could be opened at all; later failures are counted as errors.
pub fn run(spec: &LoadSpec) -> Result<LoadReport> {
    let connections = spec.connections.max(1);
    if let Load::Open { rate } = spec.load
        && !(rate.is_finite() && rate > 0.0)
    {
        return Err(Error::Interpreter(format!(
            "the load generator's rate must be positive, not {rate}"
        )));
    }
    let report = runtime()?.block_on(async {
        // Open every connection first, so that neither the clock nor the generator's CPU
        // counts the handshakes.
        let mut senders = Vec::with_capacity(connections);
        for _ in 0..connections {
            senders.push(connect(spec.port).await?);
        }
        let cpu_before = thread_cpu_s();
        let start = tokio::time::Instant::now();
        let tasks: Vec<_> = senders
            .into_iter()
            .enumerate()
            .map(|(k, sender)| {
                let worker = Worker {
                    port: spec.port,
                    path: spec.path.clone(),
                    start,
                    deadline: start + spec.duration,
                    bound: start + spec.duration + GRACE,
                    load: spec.load,
                    index: k as u64,
                    stride: connections as u64,
                };
                tokio::spawn(worker.run(sender))
            })
            .collect();
        let mut total = Tally::new();
        for task in tasks {
            let tally = task
                .await
                .map_err(|e| Error::Interpreter(format!("a load generator task failed: {e}")))?;
            total.merge(tally);
        }
        let elapsed = total.last.map_or(Duration::ZERO, |last| last - start);
        Ok::<_, Error>((total, elapsed, thread_cpu_s() - cpu_before))
    });
    let (tally, elapsed, generator_cpu_s) = report?;
    Ok(LoadReport {
        completed: tally.completed,
        errors: tally.errors,
        unsent: tally.unsent,
        elapsed_s: elapsed.as_secs_f64(),
        generator_cpu_s,
        latency_us: tally.latency_us,
    })
}

/// One GET, outside any run: its status and body (the pass checks bodies with it, and polls
/// a starting server with it).
pub fn fetch(port: u16, path: &str, timeout: Duration) -> Result<(u16, String)> {
    runtime()?.block_on(async {
        let attempt = async {
            let mut sender = connect(port).await?;
            let response = sender
                .send_request(request(port, path)?)
                .await
                .map_err(|e| Error::Interpreter(format!("GET {path}: {e}")))?;
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| Error::Interpreter(format!("GET {path}: reading the body: {e}")))?
                .to_bytes();
            Ok((status, String::from_utf8_lossy(&body).into_owned()))
        };
        tokio::time::timeout(timeout, attempt)
            .await
            .unwrap_or_else(|_| {
                Err(Error::Interpreter(format!(
                    "GET {path}: no answer within {} s",
                    timeout.as_secs_f64()
                )))
            })
    })
}

async fn connect(port: u16) -> Result<SendRequest<Empty<Bytes>>> {
    let addr = address(port);
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|e| Error::Interpreter(format!("connecting to {addr}: {e}")))?;
    let _ = stream.set_nodelay(true);
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| Error::Interpreter(format!("HTTP handshake with {addr}: {e}")))?;
    tokio::spawn(async move {
        // Ends when the connection closes; its errors surface on the requests.
        let _ = connection.await;
    });
    Ok(sender)
}

fn request(port: u16, path: &str) -> Result<Request<Empty<Bytes>>> {
    Request::get(path)
        .header(hyper::header::HOST, format!("127.0.0.1:{port}"))
        .body(Empty::new())
        .map_err(|e| Error::Interpreter(format!("GET {path}: {e}")))
}

/// What one connection counted.
struct Tally {
    completed: u64,
    errors: u64,
    unsent: u64,
    last: Option<tokio::time::Instant>,
    latency_us: Histogram<u64>,
}

impl Tally {
    fn new() -> Self {
        Tally {
            completed: 0,
            errors: 0,
            unsent: 0,
            last: None,
            latency_us: histogram(),
        }
    }

    fn merge(&mut self, other: Tally) {
        self.completed += other.completed;
        self.errors += other.errors;
        self.unsent += other.unsent;
        self.last = self.last.max(other.last);
        let _ = self.latency_us.add(&other.latency_us);
    }
}

/// One connection's share of a run.
struct Worker {
    port: u16,
    path: String,
    start: tokio::time::Instant,
    deadline: tokio::time::Instant,
    bound: tokio::time::Instant,
    load: Load,
    index: u64,
    stride: u64,
}

impl Worker {
    /// When this connection's `j`-th request is due, or `None` once past the deadline.
    fn due(&self, j: u64) -> Option<tokio::time::Instant> {
        let due = match self.load {
            Load::Closed => tokio::time::Instant::now(),
            Load::Open { rate } => {
                self.start + Duration::from_secs_f64((j * self.stride + self.index) as f64 / rate)
            }
        };
        (due < self.deadline).then_some(due)
    }

    async fn run(self, mut sender: SendRequest<Empty<Bytes>>) -> Tally {
        let mut tally = Tally::new();
        let mut j = 0;
        while let Some(due) = self.due(j) {
            j += 1;
            if tokio::time::Instant::now() >= self.bound {
                tally.unsent += 1;
                continue;
            }
            // tokio's timer ticks in milliseconds: a sleep to `due` would wake up to 1 ms
            // late, and that lateness would count as latency. So sleep to the tick before
            // `due`, and count from `due` or from the send, whichever came first: a request
            // behind schedule is timed from when it was due (the correction), one sent a
            // little early from when it was sent. The rate holds either way.
            if due > tokio::time::Instant::now() + TIMER_TICK {
                tokio::time::sleep_until(due - TIMER_TICK).await;
            }
            let timed_from = due.min(tokio::time::Instant::now());
            let answered = tokio::time::timeout_at(self.bound, self.send(&mut sender)).await;
            let now = tokio::time::Instant::now();
            match answered {
                Ok(Ok(())) => {
                    tally.completed += 1;
                    tally.last = Some(now);
                    let micros = (now - timed_from).as_micros().max(1);
                    let _ = tally
                        .latency_us
                        .record(u64::try_from(micros).unwrap_or(u64::MAX));
                }
                Ok(Err(_)) => {
                    tally.errors += 1;
                    tally.last = Some(now);
                    // A failed connection is replaced; if that fails too, the next due
                    // request tries again.
                    if let Ok(fresh) = connect(self.port).await {
                        sender = fresh;
                    }
                }
                Err(_) => tally.unsent += 1,
            }
        }
        tally
    }

    async fn send(&self, sender: &mut SendRequest<Empty<Bytes>>) -> std::result::Result<(), ()> {
        sender.ready().await.map_err(|_| ())?;
        let req = request(self.port, &self.path).map_err(|_| ())?;
        let response = sender.send_request(req).await.map_err(|_| ())?;
        let ok = response.status().is_success();
        response.into_body().collect().await.map_err(|_| ())?;
        if ok { Ok(()) } else { Err(()) }
    }
}

/// This thread's CPU time so far, in seconds.
pub fn thread_cpu_s() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc == 0 {
        ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_load_spreads_requests_over_connections_at_the_rate() {
        let start = tokio::time::Instant::now();
        let worker = |index| Worker {
            port: 1,
            path: "/".into(),
            start,
            deadline: start + Duration::from_secs(1),
            bound: start + Duration::from_secs(3),
            load: Load::Open { rate: 100.0 },
            index,
            stride: 4,
        };
        // Connection 1 of 4 at 100/s owns requests 1, 5, 9, …: due at 10 ms, 50 ms, 90 ms.
        let w = worker(1);
        assert_eq!(w.due(0), Some(start + Duration::from_millis(10)));
        assert_eq!(w.due(2), Some(start + Duration::from_millis(90)));
        // 100 requests in the second, 25 per connection, none after the deadline.
        assert!(w.due(24).is_some() && w.due(25).is_none());
    }

    #[test]
    fn a_bad_rate_is_refused_before_connecting() {
        let spec = LoadSpec {
            port: 9,
            path: "/".into(),
            connections: 1,
            duration: Duration::from_millis(10),
            load: Load::Open { rate: 0.0 },
        };
        let err = run(&spec).unwrap_err().to_string();
        assert!(err.contains("rate must be positive"), "{err}");
    }
}
