//! Field rules shared by the console (validation as the user types) and the emulator (what it
//! rejects), so both sides judge input the same way.

/// Instance names: 4 to 64 characters, a letter first, then letters, digits, `-` or `_`.
pub const NAME_MIN: usize = 4;
pub const NAME_MAX: usize = 64;
/// Volume size bounds in GB; sizes are multiples of 10.
pub const VOLUME_MIN_GB: u32 = 40;
pub const VOLUME_MAX_GB: u32 = 4000;
pub const VOLUME_STEP_GB: u32 = 10;
/// At most this many read replicas per primary, unless the service is configured otherwise.
pub const DEFAULT_REPLICA_LIMIT: usize = 5;

/// Parses a plain decimal (`8.45`, `-3`, `+0.5`, `12.`; no exponent) as the API writes
/// `volume.used` and a job's `process`. Not `str::parse::<f64>`: that pulls a 10 KB table of
/// powers of five and its algorithm into the console's wasm, for two display-only numbers.
/// Exact for up to 15 significant digits (integer mantissa ÷ an exact power of ten).
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut scale = 0;
    for (index, byte) in whole.bytes().chain(fraction.bytes()).enumerate() {
        let digit = (byte as char).to_digit(10)?;
        if mantissa < 100_000_000_000_000_000 {
            mantissa = mantissa * 10 + u64::from(digit);
            if index >= whole.len() {
                scale += 1;
            }
        } else if index < whole.len() {
            // Past 17 significant digits the whole part keeps its magnitude.
            scale -= 1;
        }
    }
    let value = if scale >= 0 {
        mantissa as f64 / 10f64.powi(scale)
    } else {
        mantissa as f64 * 10f64.powi(-scale)
    };
    Some(if negative { -value } else { value })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooShort,
    TooLong,
    MustStartWithLetter,
    InvalidCharacter(char),
}

/// Checks an instance name against the documented rule.
pub fn validate_instance_name(name: &str) -> Result<(), NameError> {
    let length = name.chars().count();
    let first = name.chars().next().ok_or(NameError::Empty)?;
    if !first.is_ascii_alphabetic() {
        return Err(NameError::MustStartWithLetter);
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(NameError::InvalidCharacter(bad));
    }
    if length < NAME_MIN {
        return Err(NameError::TooShort);
    }
    if length > NAME_MAX {
        return Err(NameError::TooLong);
    }
    Ok(())
}

/// The documented volume types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VolumeType {
    Common,
    High,
    UltraHigh,
}

impl VolumeType {
    pub const ALL: [VolumeType; 3] = [Self::Common, Self::High, Self::UltraHigh];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Common => "COMMON",
            Self::High => "HIGH",
            Self::UltraHigh => "ULTRAHIGH",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumeError {
    /// Below the documented minimum or below the primary's size (`minimum` says which).
    TooSmall {
        minimum: u32,
    },
    TooLarge {
        maximum: u32,
    },
    NotMultipleOfTen,
}

/// Checks a replica's volume size: 40..=4000 GB, a multiple of 10, and no smaller than the
/// primary's (`primary_size`, 0 when unknown).
pub fn validate_volume_size(size: u32, primary_size: u32) -> Result<(), VolumeError> {
    let minimum = VOLUME_MIN_GB.max(primary_size);
    if size < minimum {
        return Err(VolumeError::TooSmall { minimum });
    }
    if size > VOLUME_MAX_GB {
        return Err(VolumeError::TooLarge {
            maximum: VOLUME_MAX_GB,
        });
    }
    if !size.is_multiple_of(VOLUME_STEP_GB) {
        return Err(VolumeError::NotMultipleOfTen);
    }
    Ok(())
}

/// `8-4-4-4-12` hexadecimal digits, the shape of every v1 resource id.
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod decimal_tests {
    use super::parse_decimal;

    #[test]
    fn decimals_parse_like_the_standard_parser() {
        for text in [
            "8.45",
            "0",
            "-3",
            "+0.5",
            "12.",
            ".5",
            "100.00",
            "0.1",
            "33.333",
            "123456789.123456",
            "99999999999999999999",
            "1234567890123456789.5",
        ] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text:?}");
        }
        for text in [
            "", "-", ".", "+", "1.2.3", "45%", "1e3", "inf", "NaN", " 1", "1 ", "--1",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_documented_rule() {
        assert_eq!(validate_instance_name("tenant-instance-123-rep"), Ok(()));
        assert_eq!(validate_instance_name("abcd"), Ok(()));
        assert_eq!(validate_instance_name("a_b-C9"), Ok(()));
        assert_eq!(validate_instance_name(&"a".repeat(64)), Ok(()));
        assert_eq!(validate_instance_name(""), Err(NameError::Empty));
        assert_eq!(validate_instance_name("abc"), Err(NameError::TooShort));
        assert_eq!(
            validate_instance_name(&"a".repeat(65)),
            Err(NameError::TooLong)
        );
        assert_eq!(
            validate_instance_name("1abc"),
            Err(NameError::MustStartWithLetter)
        );
        assert_eq!(
            validate_instance_name("-abc"),
            Err(NameError::MustStartWithLetter)
        );
        assert_eq!(
            validate_instance_name("ab cd"),
            Err(NameError::InvalidCharacter(' '))
        );
        assert_eq!(
            validate_instance_name("abc.d"),
            Err(NameError::InvalidCharacter('.'))
        );
        assert_eq!(
            validate_instance_name("数据库实例"),
            Err(NameError::MustStartWithLetter)
        );
        assert_eq!(
            validate_instance_name("ab数据"),
            Err(NameError::InvalidCharacter('数'))
        );
    }

    #[test]
    fn volume_sizes() {
        assert_eq!(validate_volume_size(100, 100), Ok(()));
        assert_eq!(validate_volume_size(40, 0), Ok(()));
        assert_eq!(validate_volume_size(4000, 100), Ok(()));
        assert_eq!(
            validate_volume_size(30, 0),
            Err(VolumeError::TooSmall { minimum: 40 })
        );
        assert_eq!(
            validate_volume_size(90, 100),
            Err(VolumeError::TooSmall { minimum: 100 })
        );
        assert_eq!(
            validate_volume_size(4010, 0),
            Err(VolumeError::TooLarge { maximum: 4000 })
        );
        assert_eq!(
            validate_volume_size(105, 100),
            Err(VolumeError::NotMultipleOfTen)
        );
    }

    #[test]
    fn volume_types() {
        assert_eq!(VolumeType::parse("ULTRAHIGH"), Some(VolumeType::UltraHigh));
        assert_eq!(VolumeType::parse("common"), None);
    }

    #[test]
    fn uuid_shape() {
        assert!(is_uuid("252f11f1-2912-4c06-be55-1999bde659c5"));
        assert!(!is_uuid("252f11f1-2912-4c06-be55-1999bde659c"));
        assert!(!is_uuid("252f11f1x2912-4c06-be55-1999bde659c5"));
        assert!(!is_uuid("8a3eb75e5577819f0155778220600001"));
        assert!(!is_uuid(""));
    }
}
