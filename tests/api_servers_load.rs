//! The load generator against a local server that stalls once for 200 ms: the open loop,
//! which counts latency from when each request was due, shows the stall in its p99; a closed
//! loop, which waits for the server before it sends, sees the stall in its max only and
//! hides it from its p99 (coordinated omission). This is the proof that the correction works.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pyrust_bench::claims::api_servers::load::{Load, LoadSpec, run};

const STALL: Duration = Duration::from_millis(200);

/// A keep-alive HTTP/1.1 server, a thread per connection, that answers `ok`; the first
/// request after `stall_after` holds every connection for [`STALL`].
fn stalling_server(stall_after: Duration) -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let started = Instant::now();
    let stalled = Arc::new(AtomicBool::new(false));
    let gate = Arc::new(Mutex::new(()));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (stalled, gate) = (stalled.clone(), gate.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    // Read one request's head.
                    let mut line = String::new();
                    loop {
                        line.clear();
                        match reader.read_line(&mut line) {
                            Ok(0) | Err(_) => return,
                            Ok(_) if line == "\r\n" => break,
                            Ok(_) => {}
                        }
                    }
                    let guard = gate.lock().unwrap();
                    if started.elapsed() >= stall_after && !stalled.swap(true, Ordering::SeqCst) {
                        std::thread::sleep(STALL);
                    }
                    drop(guard);
                    let reply = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok";
                    if stream.write_all(reply).is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

fn spec(port: u16, load: Load) -> LoadSpec {
    LoadSpec {
        port,
        path: "/".into(),
        connections: 8,
        duration: Duration::from_secs(2),
        load,
    }
}

#[test]
fn the_open_loop_shows_a_stall_that_a_closed_loop_hides() {
    let open = run(&spec(
        stalling_server(Duration::from_millis(500)),
        Load::Open { rate: 1000.0 },
    ))
    .unwrap();
    assert_eq!(open.errors, 0);
    assert!(
        open.completed >= 1900,
        "{} answered of 2000",
        open.completed
    );
    // Requests due during the stall waited up to 200 ms: about a tenth of the run.
    assert!(
        open.quantile_ms(0.99) >= 100.0,
        "corrected p99 {} ms",
        open.quantile_ms(0.99)
    );
    assert!(
        open.quantile_ms(1.0) >= 190.0,
        "corrected max {} ms",
        open.quantile_ms(1.0)
    );
    assert!(
        open.quantile_ms(0.5) < 20.0,
        "p50 {} ms",
        open.quantile_ms(0.5)
    );

    let closed = run(&spec(
        stalling_server(Duration::from_millis(500)),
        Load::Closed,
    ))
    .unwrap();
    assert_eq!(closed.errors, 0);
    // The closed loop saw the stall once per connection: in its max, not in its p99.
    assert!(
        closed.quantile_ms(1.0) >= 190.0,
        "closed max {} ms",
        closed.quantile_ms(1.0)
    );
    assert!(
        closed.quantile_ms(0.99) < 50.0,
        "closed p99 {} ms over {} requests",
        closed.quantile_ms(0.99),
        closed.completed
    );
}

#[test]
fn a_server_that_is_not_there_is_a_clear_error() {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = run(&spec(port, Load::Closed)).unwrap_err().to_string();
    assert!(
        err.contains(&format!("connecting to 127.0.0.1:{port}")),
        "{err}"
    );
}
