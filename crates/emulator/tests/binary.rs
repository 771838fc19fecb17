//! The `rds-emulator` binary: the one listening line, `--help`, and bad flags.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::Emu;

const BIN: &str = env!("CARGO_BIN_EXE_rds-emulator");

#[tokio::test]
async fn prints_one_line_then_serves() {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--build-seconds", "0.2", "--latency-ms=0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = BufReader::new(stdout).read_line(&mut line);
    }
    let address = line
        .trim_end()
        .strip_prefix("rds-emulator listening on http://127.0.0.1:")
        .and_then(|port| port.parse::<u16>().ok())
        .map(|port| std::net::SocketAddr::from(([127, 0, 0, 1], port)));
    let result = match address {
        Some(addr) => {
            let emu = Emu { addr };
            let health = emu.send("GET", "/emulator/health", &[], None).await;
            let session = emu.login("cn-north-4").await;
            Ok((health.status, session.instances().await.len()))
        }
        None => Err(line.clone()),
    };
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(result, Ok((200, 14)), "first line: {line:?}");
}

#[test]
fn help_and_bad_flags() {
    let help = Command::new(BIN).arg("--help").output().expect("run");
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--port",
        "--host",
        "--build-seconds",
        "--replica-limit",
        "--token-ttl-seconds",
        "--latency-ms",
        "--dist",
        "--host-page",
        "--allow-origin",
    ] {
        assert!(text.contains(flag), "{flag}");
    }
    for args in [
        &["--bogus"][..],
        &["--port", "x"],
        &["--port"],
        &["--build-seconds", "-2"],
    ] {
        let out = Command::new(BIN).args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(out.stdout.is_empty());
    }
}
