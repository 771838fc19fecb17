//! `rds-emulator`: see `--help` and the crate documentation.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use rds_emulator::cli::{self, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let options = match cli::parse(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run(options)) => options,
        Err(message) => {
            eprintln!("rds-emulator: {message}");
            return ExitCode::from(2);
        }
    };
    let listener =
        match tokio::net::TcpListener::bind(SocketAddr::new(options.host, options.port)).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!(
                    "rds-emulator: cannot listen on {}:{}: {error}",
                    options.host, options.port
                );
                return ExitCode::FAILURE;
            }
        };
    let mut address = match listener.local_addr() {
        Ok(address) => address,
        Err(error) => {
            eprintln!("rds-emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    if address.ip().is_unspecified() {
        address.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "rds-emulator listening on http://{address}");
    let _ = stdout.flush();
    tokio::select! {
        result = rds_emulator::serve(listener, options.config) => {
            if let Err(error) = result {
                eprintln!("rds-emulator: {error}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
