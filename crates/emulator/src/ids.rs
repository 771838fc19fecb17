//! Deterministic identifiers: a label or a counter goes through splitmix64 and comes out as a
//! lowercase UUID (`8-4-4-4-12`) or as 32 hex digits (project and job ids).

/// One step of splitmix64.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of a label: the seed of every id derived from a name.
pub fn hash_label(label: &str) -> u64 {
    label.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A UUID (version 4 shape) derived from `seed`.
pub fn uuid_from_seed(seed: u64) -> String {
    let mut state = seed;
    let high = splitmix64(&mut state);
    let low = splitmix64(&mut state);
    let high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xFFFF,
        high & 0xFFFF,
        low >> 48,
        low & 0xFFFF_FFFF_FFFF
    )
}

/// 32 hex digits derived from `seed`.
pub fn hex32_from_seed(seed: u64) -> String {
    let mut state = seed;
    format!(
        "{:016x}{:016x}",
        splitmix64(&mut state),
        splitmix64(&mut state)
    )
}

/// The UUID of a named thing (`"project:cn-north-4"`, `"instance:cn-north-4:orders-mysql"`).
pub fn uuid(label: &str) -> String {
    uuid_from_seed(hash_label(label))
}

/// The 32-hex id of a named thing.
pub fn hex32(label: &str) -> String {
    hex32_from_seed(hash_label(label))
}

/// A deterministic sequence of ids (new replicas and their jobs), restarted by a reset.
#[derive(Debug, Clone)]
pub struct IdSequence {
    state: u64,
}

impl IdSequence {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        splitmix64(&mut self.state)
    }

    pub fn next_uuid(&mut self) -> String {
        uuid_from_seed(self.next_u64())
    }

    pub fn next_hex32(&mut self) -> String {
        hex32_from_seed(self.next_u64())
    }
}

/// A small deterministic pseudo-random generator for the seed data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        splitmix64(&mut self.0)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// `true` with the given percent chance.
    pub fn percent(&mut self, chance: u64) -> bool {
        self.below(100) < chance
    }

    /// One of `items` (not empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_have_the_documented_shape_and_are_stable() {
        let id = uuid("project:cn-north-4");
        assert!(rds_v1::rules::is_uuid(&id), "{id}");
        assert_eq!(id, uuid("project:cn-north-4"));
        assert_ne!(id, uuid("project:cn-east-3"));
        assert_eq!(id, id.to_lowercase());
    }

    #[test]
    fn hex32_is_32_lowercase_hex_digits() {
        let id = hex32("x");
        assert_eq!(id.len(), 32);
        assert!(id
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        let mut sequence = IdSequence::new(7);
        assert_ne!(sequence.next_hex32(), sequence.next_hex32());
    }
}
