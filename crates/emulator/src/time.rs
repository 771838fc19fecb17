//! UTC timestamps without a date crate: `2026-12-04T14:05:13+0000` (instances) and
//! `2026-12-05T14:05:13.000000Z` (token expiry).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Days since 1970-01-01 → (year, month, day), Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: u64,
    minute: u64,
    second: u64,
    micros: u32,
}

fn parts(time: SystemTime) -> Parts {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let secs = since.as_secs();
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    let in_day = secs % 86_400;
    Parts {
        year,
        month,
        day,
        hour: in_day / 3600,
        minute: in_day % 3600 / 60,
        second: in_day % 60,
        micros: since.subsec_micros(),
    }
}

/// `2026-12-04T14:05:13+0000`, the instance timestamp.
pub fn instance_time(time: SystemTime) -> String {
    let p = parts(time);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+0000",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

/// `2026-12-05T14:05:13.000000Z`, the token timestamp.
pub fn token_time(time: SystemTime) -> String {
    let p = parts(time);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        p.year, p.month, p.day, p.hour, p.minute, p.second, p.micros
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        let t = UNIX_EPOCH + Duration::from_secs(1_796_393_113);
        assert_eq!(instance_time(t), "2026-12-04T14:05:13+0000");
        assert_eq!(
            token_time(t + Duration::from_secs(86_400)),
            "2026-12-05T14:05:13.000000Z"
        );
        assert_eq!(instance_time(UNIX_EPOCH), "1970-01-01T00:00:00+0000");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(&instance_time(leap)[..10], "2000-02-29");
        assert_eq!(
            token_time(t + Duration::from_micros(1_500)),
            "2026-12-04T14:05:13.001500Z"
        );
    }
}
