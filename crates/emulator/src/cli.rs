//! Command-line flags, parsed by hand: `--flag value` or `--flag=value`.

use std::net::IpAddr;
use std::path::PathBuf;

use crate::Config;

pub const USAGE: &str = "\
rds-emulator: an HTTP emulator of the Huawei Cloud RDS v1 API and the IAM calls it needs.

Usage: rds-emulator [flags]

  --port N                port to listen on (default 8080; 0 = any free port)
  --host ADDR             address to bind (default 127.0.0.1)
  --build-seconds S       how long a new read replica stays BUILD (default 20)
  --replica-limit N       read replicas per primary (default 5)
  --token-ttl-seconds N   token lifetime (default 86400)
  --latency-ms N          delay added before every RDS/IAM call (default 0)
  --large-region-instances N  instances seeded in cn-east-3 (default 300)
  --dist DIR              serve the built console from DIR at /
  --host-page DIR         serve DIR at /host/
  --allow-origin ORIGIN   allow CORS from ORIGIN (off by default)
  --help                  this text

Demo account: domain demo, user demo, password demo; one project per region
(cn-north-4, cn-east-3, ap-southeast-1, af-south-1).";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Help,
    Run(Options),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub host: IpAddr,
    pub port: u16,
    pub config: Config,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 8080,
            config: Config::default(),
        }
    }
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} expects a whole number, got {value:?}"))
}

/// Parses the arguments after the program name. The error is one line.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(Command::Help);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let known = [
            "--port",
            "--host",
            "--build-seconds",
            "--replica-limit",
            "--token-ttl-seconds",
            "--latency-ms",
            "--large-region-instances",
            "--dist",
            "--host-page",
            "--allow-origin",
        ];
        if !known.contains(&flag.as_str()) {
            return Err(format!("unknown argument {arg:?} (see --help)"));
        }
        let value = match inline.or_else(|| args.next()) {
            Some(value) => value,
            None => return Err(format!("{flag} needs a value (see --help)")),
        };
        let config = &mut options.config;
        match flag.as_str() {
            "--port" => options.port = number(&flag, &value)?,
            "--host" => {
                options.host = value
                    .parse()
                    .map_err(|_| format!("--host expects an IP address, got {value:?}"))?
            }
            "--build-seconds" => {
                let seconds: f64 = value
                    .parse()
                    .map_err(|_| format!("--build-seconds expects seconds, got {value:?}"))?;
                if !seconds.is_finite() || !(0.0..=86_400.0 * 365.0).contains(&seconds) {
                    return Err(format!("--build-seconds must be 0 or more, got {value:?}"));
                }
                config.build_seconds = seconds;
            }
            "--replica-limit" => config.replica_limit = number(&flag, &value)?,
            "--token-ttl-seconds" => config.token_ttl_seconds = number(&flag, &value)?,
            "--latency-ms" => config.latency_ms = number(&flag, &value)?,
            "--large-region-instances" => config.large_region_instances = number(&flag, &value)?,
            "--dist" => config.dist = Some(PathBuf::from(value)),
            "--host-page" => config.host_page = Some(PathBuf::from(value)),
            _ => {
                if axum::http::HeaderValue::from_str(&value).is_err() || value.is_empty() {
                    return Err(format!("--allow-origin expects an origin, got {value:?}"));
                }
                config.allow_origin = Some(value);
            }
        }
    }
    Ok(Command::Run(options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn defaults_and_flags() {
        assert_eq!(run(&[]), Ok(Command::Run(Options::default())));
        assert_eq!(run(&["--help"]), Ok(Command::Help));
        let Ok(Command::Run(options)) = run(&[
            "--port",
            "0",
            "--host=0.0.0.0",
            "--build-seconds",
            "0.5",
            "--replica-limit",
            "3",
            "--token-ttl-seconds=60",
            "--latency-ms",
            "10",
            "--dist",
            "dist",
            "--host-page",
            "host",
            "--allow-origin",
            "http://localhost:3000",
        ]) else {
            panic!("flags should parse");
        };
        assert_eq!(options.port, 0);
        assert_eq!(options.host.to_string(), "0.0.0.0");
        assert_eq!(options.config.build_seconds, 0.5);
        assert_eq!(options.config.replica_limit, 3);
        assert_eq!(options.config.token_ttl_seconds, 60);
        assert_eq!(options.config.latency_ms, 10);
        assert_eq!(options.config.dist, Some(PathBuf::from("dist")));
        assert_eq!(options.config.host_page, Some(PathBuf::from("host")));
        assert_eq!(
            options.config.allow_origin.as_deref(),
            Some("http://localhost:3000")
        );
    }

    #[test]
    fn bad_flags_are_one_line_errors() {
        for args in [
            &["--nope"][..],
            &["--port"],
            &["--port", "x"],
            &["--port", "70000"],
            &["--build-seconds", "-1"],
            &["--build-seconds", "NaN"],
            &["--host", "localhost:1"],
            &["extra"],
        ] {
            let error = run(args).expect_err("should fail");
            assert!(!error.contains('\n'), "{error}");
        }
    }
}
